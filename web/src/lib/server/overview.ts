// Queries behind the Overview page.
//
// Filters: with no member filter (or exactly one) the numbers come from mart_kpis_monthly's
// matching (dimension, member) rows; with several member filters the mart has no such slice, so
// months are counted from the complaints table with the same WHERE as the complaint list. The date
// filter keeps the months that overlap the range.
import { activeMemberFilters, type Filters, type MemberFilterKey } from '../filters.ts';
import { fillMissingMonths } from '../overview/summary.ts';
import type { CategoryShare, KpiTile, MonthlyPoint, MonthlySource } from '../overview/types.ts';
import { queryMart, queryRows } from './db.ts';
import { COMPLAINT_DIMENSIONS } from '../../../../pipeline/contract/dimensions.ts';
import { MATURITY_DEPENDENT } from '../../../../pipeline/contract/kpis.ts';
import type { MartRow } from '../../../../pipeline/contract/marts.ts';
import { complaintSource } from './complaintSource.ts';
import { complaintWhere } from './filters.ts';

/** A month as both the mart and the count over the complaints give it. */
type MonthlyRow = Pick<MartRow<'mart_kpis_monthly'>, 'period_start' | 'is_complete' | 'complaints'>;

/** The declared kinds of a month counted from the complaints (the mart's own for these columns). */
const monthlyColumns = {
  period_start: 'date',
  is_complete: 'boolean',
  complaints: 'integer',
} as const;

/**
 * Complaints per calendar month, oldest first, gaps filled with zero: from mart_kpis_monthly when
 * the models are built (`built`, from models.ts) and the filters are one of its slices, else
 * counted over the complaints.
 */
export async function loadMonthlyComplaints(
  filters: Filters,
  built: boolean,
): Promise<{
  source: MonthlySource;
  months: MonthlyPoint[];
}> {
  const slice = martSlice(filters);
  if (slice && built) {
    return { source: 'mart', months: fillMissingMonths(await monthlyFromMart(slice, filters)) };
  }
  return {
    source: slice ? 'fallback' : 'complaints',
    months: fillMissingMonths(await monthlyFromComplaintsTableFallback(filters)),
  };
}

/** Member filters that are dimensions of mart_kpis_monthly (besides 'all'). */
const kpiDimensions = COMPLAINT_DIMENSIONS;

/** The mart's (dimension, member) for these filters; undefined when the mart has no such slice. */
export function martSlice(
  filters: Filters,
): { dimension: 'all' | MemberFilterKey; member: string } | undefined {
  const members = activeMemberFilters(filters);
  if (members.length === 0) return { dimension: 'all', member: 'all' };
  // batch and cluster are not KPI dimensions: their months are counted from the complaints
  if (members.length === 1 && (kpiDimensions as readonly string[]).includes(members[0][0]))
    return { dimension: members[0][0], member: members[0][1] };
  return undefined;
}

/** Months overlapping the date filter (both ends optional, `to` inclusive). */
const monthRange = `($from is null or period_end >= cast($from as date))
  and ($to is null or period_start <= cast($to as date))`;

function rangeParams(filters: Filters) {
  return { from: filters.from ?? null, to: filters.to ?? null };
}

async function monthlyFromMart(
  slice: { dimension: string; member: string },
  filters: Filters,
): Promise<MonthlyPoint[]> {
  const rows = await queryMart(
    'mart_kpis_monthly',
    `select period_start, is_complete, complaints
     from mart_kpis_monthly
     where dimension = $dimension and member = $member and ${monthRange}
     order by period_start`,
    { ...slice, ...rangeParams(filters) },
  );
  return rows.map(toPoint);
}

/** Months of history drawn as each KPI tile's sparkline. */
const sparkMonths = 12;

/** A KPI tile's column of mart_kpis_monthly (and its `prev_` column, the month before). */
type TileColumn =
  'resolved_within_sla_rate' | 'resolution_rate' | 'satisfaction_avg' | 'repeat_rate';

/**
 * KPI tiles: the latest complete (handling KPIs: mature) month of the slice, with the change vs
 * the month before and the last `sparkMonths` such months.
 */
export async function loadKpiTiles(filters: Filters): Promise<KpiTile[]> {
  const slice = martSlice(filters);
  if (!slice) return [];
  const rows = await queryMart(
    'mart_kpis_monthly',
    `select period_start, is_mature, open_share,
            resolved_within_sla_rate, prev_resolved_within_sla_rate,
            resolution_rate, prev_resolution_rate,
            satisfaction_avg, prev_satisfaction_avg,
            repeat_rate, prev_repeat_rate
     from mart_kpis_monthly
     where dimension = $dimension and member = $member and is_complete and ${monthRange}
     order by period_start desc
     limit $months`,
    { ...slice, ...rangeParams(filters), months: sparkMonths + 3 },
  );
  if (rows.length === 0) return [];
  const mature = rows.filter((r) => r.is_mature === true);
  const tile = (
    key: KpiTile['key'],
    column: TileColumn,
    upIsGood: boolean,
  ): KpiTile | undefined => {
    // a rate that depends on how complaints were resolved shows the latest mature month
    const handling = MATURITY_DEPENDENT.has(column);
    const shown = (handling ? mature : rows).slice(0, sparkMonths);
    const row = shown[0];
    const young = handling && rows[0] !== row ? rows[0] : undefined;
    if (!row && !young) return undefined;
    if (rows.every((r) => r[column] === null))
      return { key, value: null, previous: null, upIsGood, history: [], notRecorded: true };
    return {
      key,
      periodStart: row ? (row.period_start ?? undefined) : undefined,
      value: row ? row[column] : null,
      previous: row ? row[`prev_${column}`] : null,
      upIsGood,
      history: shown.map((r) => r[column]).reverse(),
      provisional: young && {
        periodStart: young.period_start ?? '',
        value: young[column],
        openShare: young.open_share,
      },
    };
  };
  return [
    tile('timely', 'resolved_within_sla_rate', true),
    tile('resolution', 'resolution_rate', true),
    tile('satisfaction', 'satisfaction_avg', true),
    tile('repeat', 'repeat_rate', false),
  ].filter((t) => t !== undefined);
}

/** Complaints per category over the date range (for the by-category chart), biggest first. */
export async function loadCategoryShares(filters: Filters): Promise<CategoryShare[]> {
  const rows = await queryRows(
    { member: 'text', complaints: 'integer' },
    `select member, sum(complaints) as complaints
     from mart_kpis_monthly
     where dimension = 'category' and ${monthRange}
     group by member
     order by sum(complaints) desc, member`,
    rangeParams(filters),
  );
  return rows.map((r) => ({ category: r.member ?? '', complaints: r.complaints ?? 0 }));
}

/**
 * Months counted from the complaints table: for combinations of filters the mart has no slice for
 * (and, as a fallback, for a warehouse without mart_kpis_monthly). A month counts as complete when a later
 * month has data — the same rule the mart is expected to apply to the running month.
 */
async function monthlyFromComplaintsTableFallback(filters: Filters): Promise<MonthlyPoint[]> {
  const where = complaintWhere(filters);
  const rows = await queryRows(
    monthlyColumns,
    `with monthly as (
       select cast(date_trunc('month', c.received_at) as date) as period_start, count(*) as complaints
       from ${await complaintSource()}
       where ${where.sql}
       group by 1
     ),
     final as (
       select period_start, period_start < max(period_start) over () as is_complete, complaints
       from monthly
     )
     select * from final order by period_start`,
    where.params,
  );
  return rows.map(toPoint);
}

function toPoint(row: MonthlyRow): MonthlyPoint {
  return {
    periodStart: row.period_start ?? '',
    isComplete: row.is_complete === true,
    complaints: row.complaints ?? 0,
  };
}
