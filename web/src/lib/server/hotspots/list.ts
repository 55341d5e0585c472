// The /hotspots page: the batch table (mart_batch_hotspots) with its summary, the heatmap
// (heatmap.ts) and the product hot spots (products.ts).
// Global filters: product_category and product select batches/products; from/to select batches by
// *production date* (a batch is a production event) and product tests by month. The other member
// filters (channel, region, …) describe complaints, not batches: the page says they do not apply.
// All SQL text comes from this file; every value from the URL is a bound parameter.
import type { Filters } from '../../filters.ts';
import type { AgeBucket, HotspotParams, SortKey } from '../../hotspots/params.ts';
import { query, queryRows, type Params } from '../db.ts';
import { batchColumns, batchWhere, toBatchRow } from './batchRows.ts';
import { loadAgeBuckets, loadHeatmapCells, toHeatmapCell } from './heatmap.ts';
import { loadProductHotspots } from './products.ts';
import type { HotspotsData } from './types.ts';

export const batchPageSize = 25;

/** Sort columns: a fixed map, so no SQL text ever comes from the URL. */
const sortColumns: Readonly<Record<SortKey, string>> = {
  batch: 'batch',
  product: 'product',
  production_date: 'production_date',
  complaints: 'complaints',
  expected: 'expected',
  rate_ratio: 'rate_ratio',
  q_value: 'q_value',
  units_at_risk: 'units_at_risk',
  first_flagged_on: 'first_flagged_on',
};

/** Declared kinds of the batch summary (aggregates over mart_batch_hotspots). */
const summaryColumns = {
  batches: 'integer',
  hot: 'integer',
  tested: 'integer',
  at_risk: 'integer',
  latest_flag: 'date',
} as const;

/** Everything /hotspots shows (models built: see models.ts). */
export async function loadHotspots(
  filters: Filters,
  view: HotspotParams,
  ageBuckets?: AgeBucket[],
): Promise<HotspotsData> {
  const base = batchWhere(filters);

  const table = [...base.sql];
  const tableParams: Params = { ...base.params };
  if (view.show === 'hotspots') table.push('is_hotspot');
  if (view.show === 'tested') table.push('is_tested');
  if (view.age) {
    // the mart's own bucket of each batch (a key of mart_batch_age_buckets: parseHotspotParams)
    table.push('age_bucket = $age');
    tableParams.age = view.age;
  }
  const where = (conditions: string[]) => (conditions.length ? conditions.join(' and ') : 'true');

  const [counts] = await queryRows(
    { total: 'integer', as_of: 'date' },
    `select count(*) as total, (select max(as_of_date) from mart_batch_hotspots) as as_of
     from mart_batch_hotspots where ${where(table)}`,
    tableParams,
  );
  const [summary] = await queryRows(
    summaryColumns,
    `select count(*) as batches, count(*) filter (where is_hotspot) as hot,
            count(*) filter (where is_tested) as tested,
            coalesce(sum(units_at_risk) filter (where is_hotspot), 0) as at_risk,
            max(first_flagged_on) filter (where is_hotspot) as latest_flag
     from mart_batch_hotspots where ${where(base.sql)}`,
    base.params,
  );
  const total = counts?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / batchPageSize));
  const page = Math.min(view.page, pages);
  const column = sortColumns[view.sort.key];
  const rows = await query(
    `select ${batchColumns}
     from mart_batch_hotspots
     where ${where(table)}
     order by is_hotspot desc, ${column} ${view.sort.desc ? 'desc' : 'asc'} nulls last, complaints desc,
              batch, product
     limit $limit offset $offset`,
    { ...tableParams, limit: batchPageSize, offset: (page - 1) * batchPageSize },
  );

  const cells = await loadHeatmapCells(filters);

  return {
    asOf: counts?.as_of ?? null,
    summary: {
      hotspots: summary?.hot ?? 0,
      tested: summary?.tested ?? 0,
      batches: summary?.batches ?? 0,
      unitsAtRisk: summary?.at_risk ?? 0,
      latestFlag: summary?.latest_flag ?? null,
    },
    table: { total, page, pages, rows: rows.map(toBatchRow) },
    ageBuckets: ageBuckets ?? (await loadAgeBuckets()),
    heatmap: cells.map(toHeatmapCell),
    products: await loadProductHotspots(filters),
  };
}
