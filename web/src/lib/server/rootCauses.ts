// Queries behind the Root causes pages.
//   /root-causes            clusters by volume (Pareto, treemap, table). Without filters the ranks,
//                           cumulative shares and "vital few" come from mart_root_cause_pareto; with
//                           any global filter the counts come from the complaint source
//                           (mart_complaints) under those filters — the very rows /complaints?cluster=
//                           lists — ranked by the mart's own rule (the pareto macro).
//   /root-causes/[cluster]  one cluster: mart_root_causes (label, terms, representative complaints,
//                           trend, over-represented products/batches/regions) plus its weekly
//                           complaints and where they fall, from the complaint source under the filters.
// Label, category, trend and lift always describe the whole data (the mart has no filter grain).
// No mart has the filtered counts' grain, on purpose: the date filters are day-precise (a weekly
// mart cannot answer them) and the treemap needs category × cluster under the filter, so a mart
// serving single-member filters would be (filter dimension × category × cluster), about one row per
// 1.5 complaints with batch (13,747 rows for the sample's 20,001) — a second path to the same
// numbers, for queries that take milliseconds and are cached per warehouse generation.
import { hasFilters, type Filters } from '../filters.ts';
import { complaintSource } from './complaintSource.ts';
import { queryMart, queryRows, type Params } from './db.ts';
import { complaintWhere } from './filters.ts';
import type { WeekCount } from './hotspots/types.ts';
import { weeklyCounts } from './hotspots/weeklyCounts.ts';

export interface RootCauseRow {
  clusterId: string;
  label: string;
  category: string | null;
  rank: number;
  complaints: number;
  /** Of the complaints with a root cause (under the filters). */
  share: number;
  cumulativeShare: number;
  vitalFew: boolean;
  /** Weekly slope as a share of the level (mart_root_causes.trend_slope_pct), whole data. */
  trendPct: number | null;
  recentWeekly: number | null;
}

export interface RootCausesData {
  rows: RootCauseRow[];
  total: number;
  /** Share the vital few reach (the warehouse's pareto_threshold()). */
  threshold: number;
  source: 'mart' | 'complaints';
  /**
   * Complaints per (complaint category, cluster) under the filters, for the treemap: grouped by each
   * complaint's own category — the category the Overview counts — not by the cluster's dominant
   * one, so a category's block holds the same number of complaints on both pages.
   */
  byCategory: CategoryClusterCount[];
}

export interface CategoryClusterCount {
  category: string | null;
  clusterId: string;
  complaints: number;
}

export interface ClusterMeta {
  clusterId: string;
  label: string;
  category: string | null;
  trendPct: number | null;
  recentWeekly: number | null;
}

async function loadMeta(): Promise<Map<string, ClusterMeta>> {
  const rows = await queryMart(
    'mart_root_causes',
    `select cluster_id, label, category, trend_slope_pct, recent_weekly from mart_root_causes`,
  );
  return new Map(
    rows.map((r) => {
      const clusterId = String(r.cluster_id);
      const meta = {
        clusterId,
        label: r.label ?? clusterId,
        category: r.category,
        trendPct: r.trend_slope_pct,
        recentWeekly: r.recent_weekly,
      };
      return [clusterId, meta];
    }),
  );
}

/** All clusters under the filters (models built: see models.ts). */
export async function loadRootCauses(filters: Filters): Promise<RootCausesData> {
  const [meta, byCategory, [rule]] = await Promise.all([
    loadMeta(),
    loadCategoryClusterCounts(filters),
    queryRows({ threshold: 'number' }, 'select pareto_threshold() as threshold'),
  ]);
  const threshold = rule.threshold ?? Number.NaN;

  if (!hasFilters(filters)) {
    const rows = await queryMart(
      'mart_root_cause_pareto',
      `select cluster_id, rank, complaints, cumulative_share, is_vital_few
       from mart_root_cause_pareto order by rank`,
    );
    const total = rows.reduce((s, r) => s + (r.complaints ?? 0), 0);
    return {
      source: 'mart',
      byCategory,
      threshold,
      total,
      rows: rows
        .filter((r) => meta.has(String(r.cluster_id)))
        .map((r) => ({
          ...meta.get(String(r.cluster_id))!,
          rank: r.rank ?? 0,
          complaints: r.complaints ?? 0,
          share: total > 0 ? (r.complaints ?? 0) / total : 0,
          cumulativeShare: r.cumulative_share ?? 0,
          vitalFew: r.is_vital_few === true,
        })),
    };
  }

  // Under filters the Pareto is the same SQL rule as the mart's (sql/macros/pareto.sql) over the
  // complaints the filters select — the rows /complaints?cluster= lists.
  const where = complaintWhere(filters);
  const source = await complaintSource();
  // the pareto macro is the mart's own rule: its rows have the mart's columns
  const ranked = await queryMart(
    'mart_root_cause_pareto',
    `with counts as (
       select c.cluster_id, count(*) as complaints
       from ${source} where ${where.sql}
         and c.cluster_id in (select cluster_id from mart_root_causes)
       group by 1
     )
     select cluster_id, rank, complaints, share, cumulative_share, is_vital_few
     from pareto(counts) order by rank`,
    where.params,
  );
  const rows = ranked.map((r) => ({
    ...meta.get(String(r.cluster_id))!,
    rank: r.rank ?? 0,
    complaints: r.complaints ?? 0,
    share: r.share ?? 0,
    cumulativeShare: r.cumulative_share ?? 0,
    vitalFew: r.is_vital_few === true,
  }));
  return {
    source: 'complaints',
    threshold,
    total: rows.reduce((s, r) => s + r.complaints, 0),
    rows,
    byCategory,
  };
}

async function loadCategoryClusterCounts(filters: Filters): Promise<CategoryClusterCount[]> {
  const where = complaintWhere(filters);
  const rows = await queryRows(
    { category: 'text', cluster_id: 'text', n: 'integer' },
    `select c.category, cast(c.cluster_id as varchar) as cluster_id, count(*) as n
     from ${await complaintSource()} where ${where.sql} and c.cluster_id is not null
     group by all`,
    where.params,
  );
  return rows.map((r) => ({
    category: r.category,
    clusterId: r.cluster_id ?? '',
    complaints: r.n ?? 0,
  }));
}

// ---------------------------------------------------------------------------------------------
// One cluster

export interface ConcentrationItem {
  name: string;
  /** Complaints of this cluster with this value, under the filters. */
  complaints: number;
  /** Over-representation from mart_root_causes (share in the cluster ÷ share overall), if flagged. */
  lift: number | null;
}

export interface ClusterDetail {
  clusterId: string;
  label: string;
  category: string | null;
  /** All complaints of the cluster (mart). */
  complaints: number;
  share: number | null;
  topTerms: string[];
  representatives: Array<{ id: string; text: string | null }>;
  firstSeen: string | null;
  lastSeen: string | null;
  trendPct: number | null;
  recentWeekly: number | null;
  /** Complaints of the cluster under the filters (what /complaints?cluster= lists). */
  filtered: number;
  weekly: WeekCount[];
  products: ConcentrationItem[];
  batches: ConcentrationItem[];
  regions: ConcentrationItem[];
}

/** "WQP8-S3 ×2.0" (mart_root_causes.hot_*) → name and lift; a value without "×" has no lift. */
export function parseLiftItem(item: string): { name: string; lift: number | null } {
  const at = item.lastIndexOf(' ×');
  if (at === -1) return { name: item, lift: null };
  const lift = Number(item.slice(at + 2));
  return Number.isFinite(lift) ? { name: item.slice(0, at), lift } : { name: item, lift: null };
}

/**
 * Flagged values first (by lift), then the biggest others by count, `limit` in all. Flagged
 * values with no complaints under the filters are dropped. Pure.
 */
export function concentrationList(
  hot: ReadonlyArray<{ name: string; lift: number | null }>,
  counts: ReadonlyMap<string, number>,
  limit = 6,
): ConcentrationItem[] {
  const flagged = [...hot]
    .filter((h) => (counts.get(h.name) ?? 0) > 0)
    .sort((a, b) => (b.lift ?? 0) - (a.lift ?? 0) || a.name.localeCompare(b.name))
    .map((h) => ({ name: h.name, complaints: counts.get(h.name)!, lift: h.lift }));
  const names = new Set(flagged.map((f) => f.name));
  const others = [...counts]
    .filter(([name, n]) => !names.has(name) && n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, complaints]) => ({ name, complaints, lift: null }));
  return [...flagged, ...others].slice(0, limit);
}

const dimensionColumns = { product: 'c.product', batch: 'c.batch', region: 'c.region' } as const;

async function concentration(
  source: string,
  where: { sql: string; params: Params },
  dimension: keyof typeof dimensionColumns,
  hotItems: readonly string[] | null,
): Promise<ConcentrationItem[]> {
  const column = dimensionColumns[dimension];
  const hot = (hotItems ?? []).map(parseLiftItem);
  // the hot values by name (placeholders are generated here, values bound), plus the top counts
  const hotParams: Params = {};
  const hotSql = hot.map((h, i) => {
    hotParams[`h${i}`] = h.name;
    return `${column} = $h${i}`;
  });
  const rows = await queryRows(
    { name: 'text', n: 'integer' },
    `(select ${column} as name, count(*) as n from ${source}
      where ${where.sql} and ${column} is not null group by 1 order by n desc, name limit 6)
     union
     (select ${column} as name, count(*) as n from ${source}
      where ${where.sql} and (${hotSql.length > 0 ? hotSql.join(' or ') : 'false'}) group by 1)`,
    { ...where.params, ...hotParams },
  );
  const counts = new Map(rows.map((r) => [r.name ?? '', r.n ?? 0]));
  return concentrationList(hot, counts);
}

/** One cluster; undefined when there is no such cluster (models built: see models.ts). */
export async function loadCluster(
  clusterId: number,
  filters: Filters,
): Promise<ClusterDetail | undefined> {
  const [r] = await queryMart(
    'mart_root_causes',
    `select cluster_id, label, category, complaints, share, top_terms,
            representative_ids, representative_texts,
            strftime(first_seen, '%Y-%m-%d') as first_seen, strftime(last_seen, '%Y-%m-%d') as last_seen,
            trend_slope_pct, recent_weekly, hot_products, hot_batches, hot_regions
     from mart_root_causes where cluster_id = $id`,
    { id: clusterId },
  );
  if (!r) return undefined;
  const ids = r.representative_ids ?? [];
  const texts = r.representative_texts ?? [];

  const source = await complaintSource();
  const where = complaintWhere({ ...filters, cluster: String(r.cluster_id) });
  const [bounds] = await queryRows(
    { first: 'date', last: 'date' },
    `select strftime(min(c.received_at), '%Y-%m-%d') as first, strftime(max(c.received_at), '%Y-%m-%d') as last
     from ${source}`,
  );
  const [count] = await queryRows(
    { n: 'integer' },
    `select count(*) as n from ${source} where ${where.sql}`,
    where.params,
  );
  const dataStart = bounds?.first ?? null;
  const dataEnd = bounds?.last ?? null;
  // the timeline spans the data (narrowed by the date filters), so a quiet cause shows its zeros
  const start = [dataStart, filters.from]
    .filter((d): d is string => Boolean(d))
    .sort()
    .at(-1);
  const end = [dataEnd, filters.to].filter((d): d is string => Boolean(d)).sort()[0];
  const weekly =
    start && end && dataEnd && start <= end
      ? await weeklyCounts(source, where.sql, where.params, start, end, dataEnd)
      : [];

  const [products, batches, regions] = await Promise.all([
    concentration(source, where, 'product', r.hot_products),
    concentration(source, where, 'batch', r.hot_batches),
    concentration(source, where, 'region', r.hot_regions),
  ]);

  return {
    clusterId: String(r.cluster_id),
    label: r.label ?? String(r.cluster_id),
    category: r.category,
    complaints: r.complaints ?? 0,
    share: r.share,
    topTerms: r.top_terms ?? [],
    representatives: ids.map((id, i) => ({ id, text: texts[i] ?? null })),
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    trendPct: r.trend_slope_pct,
    recentWeekly: r.recent_weekly,
    filtered: count?.n ?? 0,
    weekly,
    products,
    batches,
    regions,
  };
}
