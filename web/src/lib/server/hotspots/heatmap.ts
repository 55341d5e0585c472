// The /hotspots heatmap: product × batch-age cells (mart_batch_heatmap) and its columns, the age
// buckets (mart_batch_age_buckets). All SQL text comes from this file; every value from the URL is
// a bound parameter.
import type { Filters } from '../../filters.ts';
import type { AgeBucket, AgeBucketKey } from '../../hotspots/params.ts';
import { queryMart, type Params } from '../db.ts';
import { memberConditions } from '../filters.ts';
import type { MartRow } from '../../../../../pipeline/contract/marts.ts';
import { batchWhere } from './batchRows.ts';
import type { HeatmapCellData } from './types.ts';

/**
 * The heatmap's age buckets, in order, as the build made them (mart_batch_age_buckets, from the
 * setting hotspots_heatmap_age_starts): the page's columns and the `age` parameter's choices.
 */
export async function loadAgeBuckets(): Promise<AgeBucket[]> {
  const rows = await queryMart(
    'mart_batch_age_buckets',
    'select * from mart_batch_age_buckets order by bucket_index',
  );
  return rows.map((r) => ({
    key: r.age_bucket as AgeBucketKey,
    min: r.start_days ?? 0,
    max: r.end_days,
  }));
}

/**
 * The heatmap's cells under the global filters, summed in the warehouse (heatmap_cells,
 * sql/macros/heatmap.sql). Which path serves which filter:
 *   product, product_category (or none)  mart_batch_heatmap: its grain (product × age bucket)
 *                                         selects whole products, so its rows are the cells
 *   batch, from/to (production date)     these select batches, not products: the same macro sums
 *                                         the selected mart_batch_hotspots rows by their
 *                                         age_bucket, with the build's minimum expected for a
 *                                         ratio (mart_batch_age_buckets)
 * Either way the rows are mart_batch_heatmap's, so both read through its contract.
 */
export async function loadHeatmapCells(filters: Filters): Promise<MartRow<'mart_batch_heatmap'>[]> {
  const where = (conditions: string[]) => (conditions.length ? conditions.join(' and ') : 'true');
  if (filters.batch || filters.from || filters.to) {
    const base = batchWhere(filters);
    return queryMart(
      'mart_batch_heatmap',
      `with batches as (
         select * from mart_batch_hotspots where ${where(base.sql)}
       ),
       cells as (
         select * from heatmap_cells(
           batches, (select any_value(min_expected_for_ratio) from mart_batch_age_buckets))
       )
       select cells.*, buckets.bucket_index as age_bucket_index
       from cells inner join mart_batch_age_buckets as buckets using (age_bucket)
       order by cells.product, age_bucket_index`,
      base.params,
    );
  }
  const conditions: string[] = [];
  const params: Params = {};
  memberConditions(
    filters,
    { product_category: 'product_category', product: 'product' },
    conditions,
    params,
  );
  return queryMart(
    'mart_batch_heatmap',
    `select * from mart_batch_heatmap where ${where(conditions)}
     order by product, age_bucket_index`,
    params,
  );
}

/** A heatmap row as the page shows it. */
export function toHeatmapCell(r: MartRow<'mart_batch_heatmap'>): HeatmapCellData {
  return {
    product: r.product ?? '',
    productCategory: r.product_category,
    bucket: r.age_bucket as AgeBucketKey,
    batches: r.batches ?? 0,
    complaints: r.complaints ?? 0,
    units: r.units ?? 0,
    ratio: r.ratio,
    per10k: r.per_10k,
    hotspots: r.hotspots ?? 0,
    hotRatio: r.hot_ratio,
  };
}
