// Queries behind the Hot spots pages.
//   /hotspots          batch table (mart_batch_hotspots), product × batch-age heatmap
//                      (mart_batch_heatmap, its columns mart_batch_age_buckets), product hot spots
//                      (mart_product_hotspots)
//   /hotspots/[batch]  one batch's row, its weekly complaints (mart_batch_weekly), root-cause mix
//                      against the product's other batches (mart_batch_cause_mix), actions
//                      (mart_actions), regions and latest complaints (the complaint source, i.e.
//                      mart_complaints, with bound parameters: small per-batch queries)
// Global filters: product_category and product select batches/products; from/to select batches by
// *production date* (a batch is a production event) and product tests by month. The other member
// filters (channel, region, …) describe complaints, not batches: the page says they do not apply.
// All SQL text comes from this file; every value from the URL is a bound parameter.
import type { Filters } from '../filters.ts';
import {
  type AgeBucket,
  type AgeBucketKey,
  type HotspotParams,
  type SortKey,
} from '../hotspots/params.ts';
import { complaintSource } from './complaintSource.ts';
import { query, queryMart, queryRows, type Params } from './db.ts';
import {
  batchHotspotReasons,
  productHotspotReasons,
} from '../../../../pipeline/contract/hotspotReasons.ts';
import { memberConditions } from './filters.ts';
import { martRow, type MartRow } from '../../../../pipeline/contract/marts.ts';

export const batchPageSize = 25;
/** Latest complaints listed on a batch page. */
export const latestComplaints = 20;

export interface BatchRow {
  batch: string;
  product: string;
  productCategory: string | null;
  productionDate: string | null;
  ageDays: number | null;
  units: number | null;
  complaints: number;
  /** In-scope (quality) complaints the rate test counts, against `expected`. */
  observed: number | null;
  expected: number | null;
  rateRatio: number | null;
  rateRatioLower: number | null;
  rateRatioUpper: number | null;
  qValue: number | null;
  unitsAtRisk: number | null;
  /** Codes of the routes that flagged the batch (FLAG_BASES); null when none did. */
  flagBasis: string[] | null;
  firstFlaggedOn: string | null;
  isHotspot: boolean;
  isTested: boolean;
  /** Code: why the batch is not tested (BATCH_UNTESTED_CODES); the catalogue words it. */
  untestedBecause: string | null;
}

export interface BatchTable {
  /** Rows matching filters + show + age. */
  total: number;
  page: number;
  pages: number;
  rows: BatchRow[];
}

export interface HeatmapCellData {
  product: string;
  productCategory: string | null;
  bucket: AgeBucketKey;
  batches: number;
  complaints: number;
  units: number;
  /**
   * Σ observed / Σ expected over the cell's batches: an age-adjusted ratio. Null below
   * hotspots_heatmap_min_expected expected complaints (the warehouse's rule, sql/macros/heatmap.sql),
   * where one complaint more or less swings it wildly.
   */
  ratio: number | null;
  /** Complaints per 10,000 units built (not age-adjusted). */
  per10k: number | null;
  hotspots: number;
  /**
   * The largest rate ratio among the cell's hot-spot batches: the statistic that flagged them
   * (null without one). The heatmap colours a flagged cell by it, so a hot batch is not averaged
   * away among its normal neighbours.
   */
  hotRatio: number | null;
}

export interface ProductHotspotRow {
  level: 'product_period' | 'product_region_period' | 'product_cause';
  product: string;
  productCategory: string | null;
  periodStart: string | null;
  region: string | null;
  causeKind: string | null;
  causeKey: string | null;
  causeLabel: string | null;
  observed: number | null;
  expected: number | null;
  rateRatio: number | null;
  rateRatioLower: number | null;
  rateRatioUpper: number | null;
  qValue: number | null;
  isHotspot: boolean;
  reasonZh: string;
  reasonEn: string;
}

export interface HotspotsData {
  asOf: string | null;
  /** Under the global filters, whatever `show`/`age` say: hot-spot batches, tested batches, units at risk. */
  summary: {
    hotspots: number;
    tested: number;
    batches: number;
    unitsAtRisk: number;
    latestFlag: string | null;
  };
  table: BatchTable;
  /** The heatmap's age buckets (its columns), in order: the warehouse's (mart_batch_age_buckets). */
  ageBuckets: AgeBucket[];
  heatmap: HeatmapCellData[];
  /** Product hot spots; when there is none, `closest` holds the tests nearest to the bar. */
  products: { hot: ProductHotspotRow[]; closest: ProductHotspotRow[] };
}

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

/** Conditions on mart_batch_hotspots from the global filters (production date for from/to). */
export function batchWhere(filters: Filters): { sql: string[]; params: Params } {
  const sql: string[] = [];
  const params: Params = {};
  memberConditions(
    filters,
    { product_category: 'product_category', product: 'product', batch: 'batch' },
    sql,
    params,
  );
  if (filters.from) {
    sql.push('production_date >= cast($f_from as date)');
    params.f_from = filters.from;
  }
  if (filters.to) {
    sql.push('production_date <= cast($f_to as date)');
    params.f_to = filters.to;
  }
  return { sql, params };
}

const batchColumns = `batch, product, product_category, production_date, age_days, units, complaints,
  observed, expected, rate_ratio, rate_ratio_lower, rate_ratio_upper, q_value, units_at_risk,
  flag_basis, first_flagged_on, is_hotspot, is_tested, untested_because`;

function toBatchRow(json: Record<string, unknown>): BatchRow {
  const r = martRow('mart_batch_hotspots', json);
  return {
    batch: r.batch ?? '',
    product: r.product ?? '',
    productCategory: r.product_category,
    productionDate: r.production_date,
    ageDays: r.age_days,
    units: r.units,
    complaints: r.complaints ?? 0,
    observed: r.observed,
    expected: r.expected,
    rateRatio: r.rate_ratio,
    rateRatioLower: r.rate_ratio_lower,
    rateRatioUpper: r.rate_ratio_upper,
    qValue: r.q_value,
    unitsAtRisk: r.units_at_risk,
    flagBasis: r.flag_basis,
    firstFlaggedOn: r.first_flagged_on,
    isHotspot: r.is_hotspot === true,
    isTested: r.is_tested === true,
    untestedBecause: r.untested_because,
  };
}

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
    heatmap: cells.map((r) => ({
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
    })),
    products: await loadProductHotspots(filters),
  };
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
async function loadHeatmapCells(filters: Filters): Promise<MartRow<'mart_batch_heatmap'>[]> {
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

async function loadProductHotspots(filters: Filters): Promise<HotspotsData['products']> {
  const conditions: string[] = [];
  const params: Params = {};
  memberConditions(
    filters,
    { product_category: 'product_category', product: 'product' },
    conditions,
    params,
  );
  if (filters.region) {
    conditions.push('(region is null or region = $f_region)');
    params.f_region = filters.region;
  }
  if (filters.from) {
    conditions.push(
      `(period_start is null or period_start >= date_trunc('month', cast($f_from as date)))`,
    );
    params.f_from = filters.from;
  }
  if (filters.to) {
    conditions.push('(period_start is null or period_start <= cast($f_to as date))');
    params.f_to = filters.to;
  }
  const where = conditions.length ? `and ${conditions.join(' and ')}` : '';
  const columns = '*';
  const hot = await query(
    `select ${columns} from mart_product_hotspots where is_hotspot ${where}
     order by q_value nulls last, level, product limit 50`,
    params,
  );
  const closest =
    hot.length > 0
      ? []
      : await query(
          `select ${columns} from mart_product_hotspots where is_tested and not is_hotspot ${where}
           order by q_value nulls last, level, product limit 8`,
          params,
        );
  const toRow = (json: Record<string, unknown>): ProductHotspotRow => {
    const r = martRow('mart_product_hotspots', json);
    return {
      level: r.level as ProductHotspotRow['level'],
      product: r.product ?? '',
      productCategory: r.product_category,
      periodStart: r.period_start,
      region: r.region,
      causeKind: r.cause_kind,
      causeKey: r.cause_key,
      causeLabel: r.cause_label,
      observed: r.observed,
      expected: r.expected,
      rateRatio: r.rate_ratio,
      rateRatioLower: r.rate_ratio_lower,
      rateRatioUpper: r.rate_ratio_upper,
      qValue: r.q_value,
      isHotspot: r.is_hotspot === true,
      ...productHotspotReasons(json),
    };
  };
  return { hot: hot.map(toRow), closest: closest.map(toRow) };
}

// ---------------------------------------------------------------------------------------------
// One batch

export interface BatchDetailRow extends BatchRow {
  reasonZh: string;
  reasonEn: string;
  asOf: string | null;
  dominantClusterId: string | null;
  dominantClusterLabel: string | null;
  causeRateLabel: string | null;
  causeRateObserved: number | null;
  causeRateExpected: number | null;
  causeRateRatio: number | null;
  comparatorBatches: number | null;
  /** The rate test's baseline (a code): 'product', or 'product_line' / 'all_products' when it fell back. */
  rateBaselineLevel: string | null;
  /** With a fallback: the complaints of the product's other batches its level was scaled to. */
  rateReferenceComplaints: number | null;
  daysToFirstFlag: number | null;
}

export interface WeekCount {
  /** Monday of the week. */
  week: string;
  /** Sunday of the week. */
  weekEnd: string;
  complaints: number;
  /** False for the week holding the data end (still running). */
  complete: boolean;
}

export interface MixRow {
  /** Cluster id; null for "other" and for unassigned complaints. */
  clusterId: string | null;
  label: string | null;
  other: boolean;
  batchCount: number;
  baselineCount: number;
  batchShare: number;
  baselineShare: number;
}

export interface ComplaintBrief {
  complaintId: string;
  receivedAt: string;
  category: string | null;
  clusterLabel: string | null;
  region: string | null;
  status: string | null;
  description: string | null;
}

/** An action already taken on the batch (the --actions file, mart_actions). */
export interface BatchAction {
  actionType: string;
  component: string | null;
  openedOn: string | null;
  closedOn: string | null;
  reference: string | null;
  /** Open on the data end: opened by then and not closed by then. */
  open: boolean;
}

/** The batch's actions and what the mart makes of them; null before any --actions build. */
export interface BatchActions {
  list: BatchAction[];
  /** A hot spot with a matching open action: shown, not recommended again. */
  covered: boolean;
  /** First matching action's opening date − first_flagged_on (positive: the model was earlier). */
  leadTimeDays: number | null;
  firstFlaggedOn: string | null;
}

export interface BatchDetail {
  row: BatchDetailRow;
  actions: BatchActions;
  /** Complaints of the batch in the complaint source (what /complaints?batch= lists). */
  total: number;
  weekly: WeekCount[];
  mix: MixRow[];
  /** Complaints of the product's other batches in the mix baseline. */
  baselineTotal: number;
  regions: Array<{ region: string; complaints: number }>;
  latest: ComplaintBrief[];
}

/**
 * Complaints per week (Monday–Sunday), zero-filled from `start` to `end` over the complaint
 * source restricted by `condition` (SQL of this module over `c`, values bound in `params`).
 */
export async function weeklyCounts(
  source: string,
  condition: string,
  params: Params,
  start: string,
  end: string,
  dataEnd: string,
): Promise<WeekCount[]> {
  const rows = await queryRows(
    { week: 'date', week_end: 'date', n: 'integer' },
    `with weeks as (
       select cast(unnest(generate_series(
         cast(date_trunc('week', cast($w_start as date)) as date),
         cast(date_trunc('week', cast($w_end as date)) as date),
         interval 7 day)) as date) as week
     ),
     counts as (
       select cast(date_trunc('week', c.received_at) as date) as week, count(*) as n
       from ${source} where ${condition} group by 1
     )
     select strftime(w.week, '%Y-%m-%d') as week, strftime(w.week + 6, '%Y-%m-%d') as week_end,
            coalesce(counts.n, 0) as n
     from weeks as w left join counts using (week)
     order by w.week`,
    { ...params, w_start: start, w_end: end },
  );
  return rows.map((r) => {
    const weekEnd = r.week_end ?? '';
    return { week: r.week ?? '', weekEnd, complaints: r.n ?? 0, complete: weekEnd <= dataEnd };
  });
}

/** One batch's page; undefined when the batch is unknown (or the mart is missing: see hasBatchMart). */
export async function loadBatch(batch: string, product?: string): Promise<BatchDetail | undefined> {
  const [json] = await query(
    `select * from mart_batch_hotspots
     where batch = $batch ${product ? 'and product = $product' : ''}
     order by complaints desc, product
     limit 1`,
    product ? { batch, product } : { batch },
  );
  if (!json) return undefined;
  const r = martRow('mart_batch_hotspots', json);
  const row: BatchDetailRow = {
    ...toBatchRow(json),
    ...batchHotspotReasons(json),
    asOf: r.as_of_date,
    dominantClusterId: r.dominant_cluster_id,
    dominantClusterLabel: r.dominant_cluster_label,
    causeRateLabel: r.cause_rate_label,
    causeRateObserved: r.cause_rate_observed,
    causeRateExpected: r.cause_rate_expected,
    causeRateRatio: r.cause_rate_ratio,
    comparatorBatches: r.comparator_batches,
    rateBaselineLevel: r.rate_baseline_level,
    rateReferenceComplaints: r.rate_reference_complaints,
    daysToFirstFlag: r.days_to_first_flag,
  };

  const source = await complaintSource();
  const params = { batch: row.batch, product: row.product };
  // a batch code is unique only within its product (the mart's key is product + batch)
  const ofBatch = 'c.batch = $batch and c.product = $product';
  const [bounds] = await queryRows(
    { n: 'integer' },
    `select count(*) as n from ${source} where ${ofBatch}`,
    params,
  );
  const total = bounds?.n ?? 0;

  // zero-filled weeks from the production (or first complaint) week to the data end
  const weekly = (
    await queryMart(
      'mart_batch_weekly',
      `select * from mart_batch_weekly where batch = $batch and product = $product
       order by week_start`,
      params,
    )
  ).map((w) => ({
    week: w.week_start ?? '',
    weekEnd: w.week_end ?? '',
    complaints: w.complaints ?? 0,
    complete: w.is_complete === true,
  }));

  // the top causes against the product's other batches, the rest as "other" (ranked in SQL)
  const mix = await queryMart(
    'mart_batch_cause_mix',
    `select * from mart_batch_cause_mix where batch = $batch and product = $product
     order by mix_rank`,
    params,
  );

  const regions = await queryRows(
    { region: 'text', n: 'integer' },
    `select c.region, count(*) as n from ${source}
     where ${ofBatch} and c.region is not null
     group by 1 order by n desc, c.region limit 10`,
    params,
  );
  // the complaint source's rows are mart_complaints rows (complaintSource.ts)
  const latest = await queryMart(
    'mart_complaints',
    `select c.complaint_id, strftime(c.received_at, '%Y-%m-%d %H:%M') as received_at, c.category,
            c.cluster_label, c.region, c.status, left(c.description, 140) as description
     from ${source} where ${ofBatch}
     order by c.received_at desc, c.complaint_id limit $limit`,
    { ...params, limit: latestComplaints },
  );

  return {
    row,
    actions: await batchActions(params, r),
    total,
    weekly,
    mix: mix.map((m) => ({
      clusterId: m.cluster_id,
      label: m.cluster_label,
      other: m.is_other === true,
      batchCount: m.batch_complaints ?? 0,
      baselineCount: m.baseline_complaints ?? 0,
      batchShare: m.batch_share ?? 0,
      baselineShare: m.baseline_share ?? 0,
    })),
    baselineTotal: mix[0]?.baseline_total ?? 0,
    regions: regions.map((g) => ({ region: g.region ?? '', complaints: g.n ?? 0 })),
    latest: latest.map((c) => ({
      complaintId: c.complaint_id ?? '',
      receivedAt: c.received_at ?? '',
      category: c.category,
      clusterLabel: c.cluster_label,
      region: c.region,
      status: c.status,
      description: c.description,
    })),
  };
}

/** The batch's actions (mart_actions, a journal mart over the base table `actions`, empty without
 * an actions file) with the mart's cover and lead time. */
async function batchActions(
  params: { batch: string; product: string },
  m: MartRow<'mart_batch_hotspots'>,
): Promise<BatchActions> {
  const asOf = m.as_of_date;
  const list = await queryMart(
    'mart_actions',
    `select * from mart_actions where batch = $batch and product = $product
     order by opened_on, action_type`,
    params,
  );
  return {
    list: list.map(
      ({ action_type, component, opened_on: openedOn, closed_on: closedOn, reference }) => ({
        actionType: action_type ?? '',
        component,
        openedOn,
        closedOn,
        reference,
        open:
          asOf !== null &&
          openedOn !== null &&
          openedOn <= asOf &&
          (closedOn === null || closedOn > asOf),
      }),
    ),
    covered: m.is_covered_by_action === true,
    leadTimeDays: m.lead_time_days,
    firstFlaggedOn: m.first_flagged_on,
  };
}
