// Reads everything a report shows from the warehouse marts (read-only, bound parameters only).
// Unguarded: the report's entry point (index.ts) has checked the warehouse against this version's
// contracts (pipeline/contract/check.ts) and refused an outdated or unbuilt one, so every mart is
// there as declared (a build publishes them all together), and so is every journal
// mart (views over the run journal and the complaint versions, created with the base tables). Rows
// are read with `select *` and the columns picked through the mart contracts (martRow).
import { quotedString, type Db, type JsonRow } from '../db.ts';
import { COMPLAINT_DIMENSIONS } from '../contract/dimensions.ts';
import { batchHotspotReasons, productHotspotReasons } from '../contract/hotspotReasons.ts';
import { martRow } from '../contract/marts.ts';
import { recommendationOf } from '../contract/recommendations.ts';
import { trendAlertOf } from '../contract/trendAlerts.ts';
import { int, num, str, day } from '../contract/values.ts';
import { addDays, type Period } from './period.ts';
import {
  KPI_COLUMNS,
  type BatchHotspot,
  type DataQuality,
  type KpiComparison,
  type KpiRow,
  type MemberCount,
  type Mover,
  type ProductHotspot,
  type Recommendation,
  type ReportData,
  type RootCauseRow,
  type RootCauses,
  type TrendAlert,
  type TrendPoint,
  type WarehouseInfo,
} from './types.ts';

/** Periods in the trend chart: a year and the same period a year ago. */
export const TREND_PERIODS = 13;
/** Dimensions searched for the biggest movers (the KPI marts' member dimensions). */
// (constants, quoted with quotedString: they are not data)
export const MOVER_DIMENSIONS = COMPLAINT_DIMENSIONS;
export const MONTHLY_TOP_RECOMMENDATIONS = 10;
export const WEEKLY_TOP_RECOMMENDATIONS = 5;
/** Upper bound on the recommendations a monthly report lists (top 10 plus those raised in the month). */
const MONTHLY_MAX_RECOMMENDATIONS = 25;
const MAX_ALERTS = 30;
const MAX_PRODUCT_HOTSPOTS = 20;
const LOAD_RUNS_SHOWN = 8;
const MOVERS_SHOWN = 6;

/** The KPI mart of the period's grain (a fixed name, never from data). */
export function kpiMart(kind: Period['kind']): 'mart_kpis_monthly' | 'mart_kpis_weekly' {
  return kind === 'monthly' ? 'mart_kpis_monthly' : 'mart_kpis_weekly';
}

/**
 * The latest complete period of this kind in the warehouse (start date), or undefined when it has
 * none. "Complete" is the KPI mart's is_complete: the build's as-of is past the period's end.
 */
export async function latestCompletePeriodStart(
  db: Db,
  kind: Period['kind'],
): Promise<string | undefined> {
  const mart = kpiMart(kind);
  const start = await db.scalar<string>(
    `select cast(max(period_start) as varchar) from ${mart} where dimension = 'all' and is_complete`,
  );
  if (start) return start;
  const series = kind === 'monthly' ? 'mart_series_monthly' : 'mart_series_weekly';
  const seriesStart = await db.scalar<string>(
    `select cast(max(period_start) as varchar) from ${series} where dimension = 'all' and is_complete`,
  );
  return seriesStart ?? undefined;
}

/** First and last period start of the KPI mart (for "outside the data" messages). */
export async function dataRange(
  db: Db,
  kind: Period['kind'],
): Promise<{ first: string; last: string } | undefined> {
  const mart = kpiMart(kind);
  const row = await db.one<{ first: string | null; last: string | null }>(
    `select cast(min(period_start) as varchar) as first, cast(max(period_start) as varchar) as last
     from ${mart} where dimension = 'all'`,
  );
  return row?.first && row.last ? { first: row.first, last: row.last } : undefined;
}

function kpiRow(json: JsonRow): KpiRow {
  // the weekly KPI mart shares the monthly one's contract
  const row = martRow('mart_kpis_monthly', json);
  const values = {} as KpiRow['values'];
  for (const column of KPI_COLUMNS) values[column] = row[column];
  return {
    periodStart: row.period_start ?? '',
    isComplete: row.is_complete === true,
    isMature: row.is_mature === true,
    openShare: row.open_share,
    values,
  };
}

async function loadKpis(db: Db, period: Period): Promise<KpiComparison> {
  const rows = await db.all(
    `select * from ${kpiMart(period.kind)}
     where dimension = 'all' and member = 'all'
       and period_start in (cast($current as date), cast($previous as date), cast($yearAgo as date))`,
    { current: period.start, previous: period.previousStart, yearAgo: period.yearAgoStart },
  );
  const find = (start: string) => {
    const row = rows.find((r) => String(r.period_start).slice(0, 10) === start);
    return row ? kpiRow(row) : null;
  };
  return {
    current: find(period.start),
    previous: find(period.previousStart),
    yearAgo: find(period.yearAgoStart),
  };
}

async function loadTrend(db: Db, period: Period): Promise<TrendPoint[]> {
  const rows = await db.all(
    `select cast(period_start as varchar) as period_start, complaints, is_complete
     from ${kpiMart(period.kind)}
     where dimension = 'all' and member = 'all' and period_start <= cast($start as date)
     order by period_start desc
     limit ${TREND_PERIODS}`,
    { start: period.start },
  );
  return rows.reverse().map((r) => ({
    periodStart: String(r.period_start),
    complaints: int(r.complaints),
    isComplete: r.is_complete === true,
  }));
}

async function loadCategoryLabels(db: Db): Promise<Record<string, string>> {
  const rows = (
    await db.all(`select category, label_en from mart_categories where label_en is not null`)
  ).map((json) => martRow('mart_categories', json));
  return Object.fromEntries(rows.map((r) => [String(r.category), String(r.label_en)]));
}

async function loadCategories(db: Db, period: Period): Promise<MemberCount[]> {
  const rows = await db.all(
    `select * from ${kpiMart(period.kind)}
     where dimension = 'category' and period_start = cast($start as date) and complaints > 0
     order by complaints desc, member`,
    { start: period.start },
  );
  return rows.map((r) => ({
    member: String(r.member),
    complaints: int(r.complaints),
    previous: num(r.prev_complaints),
  }));
}

async function loadMovers(db: Db, period: Period): Promise<Mover[]> {
  const rows = await db.all(
    `select dimension, member, complaints, prev_complaints
     from ${kpiMart(period.kind)}
     where period_start = cast($start as date)
       and dimension in (${MOVER_DIMENSIONS.map(quotedString).join(', ')})
       and member <> '(unknown)'
       and prev_complaints is not null
       and complaints <> prev_complaints
     order by abs(complaints - prev_complaints) desc, complaints desc, dimension, member
     limit ${MOVERS_SHOWN}`,
    { start: period.start },
  );
  return rows.map((r) => ({
    dimension: String(r.dimension),
    member: String(r.member),
    complaints: int(r.complaints),
    previous: int(r.prev_complaints),
  }));
}

async function loadRootCauses(db: Db, period: Period): Promise<RootCauses> {
  const threshold = async () => Number(await db.scalar('select pareto_threshold()'));
  const ranked = (rows: JsonRow[]): RootCauseRow[] =>
    rows.map((r) => ({
      clusterId: String(r.cluster_id),
      label: str(r.label) ?? String(r.cluster_id),
      category: str(r.category),
      complaints: int(r.complaints),
      rank: int(r.rank),
      share: num(r.share) ?? 0,
      cumulativeShare: num(r.cumulative_share) ?? 0,
      vitalFew: r.is_vital_few === true,
    }));
  const range = { start: period.start, end: period.end };
  const weeks = await db.all<{ week: string }>(
    `select distinct cast(week as varchar) as week from mart_root_cause_weekly
     where week between cast($start as date) and cast($end as date) order by week`,
    range,
  );
  // The period's counts ranked by the dashboard's rule (sql/macros/pareto.sql).
  const rows = await db.all(
    `with weekly as (
       select cluster_id, sum(complaints) as complaints, any_value(label) as label
       from mart_root_cause_weekly
       where week between cast($start as date) and cast($end as date)
       group by cluster_id
       having sum(complaints) > 0
     ),
     counts as (
       select weekly.cluster_id, coalesce(causes.label, weekly.label) as label,
              causes.category, weekly.complaints
       from weekly
       left join mart_root_causes causes on causes.cluster_id = weekly.cluster_id
     )
     select * from pareto(counts) order by rank`,
    range,
  );
  return {
    weeks: weeks.map((w) => w.week),
    rows: ranked(rows),
    threshold: await threshold(),
  };
}

async function loadBatchHotspots(db: Db, period: Period): Promise<BatchHotspot[]> {
  // Flagged by the end of the period (a batch first flagged later was not a hot spot then); new
  // ones first, each group in the mart's one order of hot spots (rank: sql/macros/ranking.sql).
  const rows = await db.all(
    `select *,
            coalesce(first_flagged_on between cast($start as date) and cast($end as date), false) as report_is_new
     from mart_batch_hotspots
     where is_hotspot and (first_flagged_on is null or first_flagged_on <= cast($end as date))
     order by report_is_new desc, rank nulls last, product, batch`,
    { start: period.start, end: period.end },
  );
  return rows.map((json) => {
    const r = martRow('mart_batch_hotspots', json);
    return {
      batch: r.batch ?? '',
      product: r.product,
      productCategory: r.product_category,
      productionDate: r.production_date,
      complaints: r.complaints ?? 0,
      units: r.units,
      rateRatio: r.rate_ratio,
      rateRatioLower: r.rate_ratio_lower,
      rateRatioUpper: r.rate_ratio_upper,
      qValue: r.q_value,
      rank: r.rank,
      firstFlaggedOn: r.first_flagged_on,
      unitsAtRisk: r.units_at_risk,
      topRegions: r.top_regions,
      ...batchHotspotReasons(json),
      isNew: json.report_is_new === true,
      actions: r.actions,
      coveredByAction: r.is_covered_by_action === true,
      leadTimeDays: r.lead_time_days,
    };
  });
}

async function loadProductHotspots(db: Db, period: Period): Promise<ProductHotspot[]> {
  // Monthly cells overlapping the period, and the period-less product × cause findings.
  const rows = await db.all(
    `select * from mart_product_hotspots
     where is_hotspot
       and (period_start is null
            or (period_start <= cast($end as date) and period_start + interval 1 month > cast($start as date)))
     order by q_value nulls last, level, product
     limit ${MAX_PRODUCT_HOTSPOTS}`,
    { start: period.start, end: period.end },
  );
  return rows.map((json) => {
    const r = martRow('mart_product_hotspots', json);
    return {
      level: r.level ?? '',
      product: r.product,
      periodStart: r.period_start,
      region: r.region,
      causeLabel: r.cause_label,
      complaints: r.complaints ?? 0,
      expected: r.expected,
      rateRatio: r.rate_ratio,
      qValue: r.q_value,
      ...productHotspotReasons(json),
    };
  });
}

/** Month start of an ISO week: the month of its Thursday (the week's "own" month). */
export function monthOfWeek(weekStart: string): string {
  return `${addDays(weekStart, 3).slice(0, 7)}-01`;
}

async function loadAlerts(db: Db, period: Period): Promise<TrendAlert[]> {
  const where =
    period.kind === 'monthly'
      ? `(grain = 'month' and period_start = cast($start as date))
         or (grain = 'week' and period_start between cast($start as date) and cast($end as date))`
      : `(grain = 'week' and period_start = cast($start as date))
         or (grain = 'month' and period_start = cast($month as date))`;
  const params: Record<string, string> =
    period.kind === 'monthly'
      ? { start: period.start, end: period.end }
      : { start: period.start, month: monthOfWeek(period.start) };
  const rows = await db.all(
    `with alerts as (select * from mart_trend_alerts where ${where})
     select alerts.*, causes.label as cluster_label
     from alerts
     left join mart_root_causes causes
       on alerts.dimension = 'cluster' and cast(causes.cluster_id as varchar) = alerts.member
     order by alerts.grain ${period.kind === 'monthly' ? 'asc' : 'desc'}, (alerts.q_value is null), alerts.q_value,
              alerts.observed / nullif(alerts.expected, 0) desc nulls last, alerts.alert_id
     limit ${MAX_ALERTS}`,
    params,
  );
  return rows.map((r) =>
    trendAlertOf(r, r.cluster_label ? { [String(r.member)]: String(r.cluster_label) } : {}),
  );
}

async function loadRecommendations(db: Db, period: Period): Promise<Recommendation[]> {
  const range = { start: period.start, end: period.end };
  const rows =
    period.kind === 'monthly'
      ? await db.all(
          `select *, coalesce(first_raised_on between cast($start as date) and cast($end as date), false) as report_is_new
           from mart_recommendations
           where rank <= ${MONTHLY_TOP_RECOMMENDATIONS}
              or first_raised_on between cast($start as date) and cast($end as date)
           order by rank
           limit ${MONTHLY_MAX_RECOMMENDATIONS}`,
          range,
        )
      : await db.all(
          `select *, coalesce(first_raised_on between cast($start as date) and cast($end as date), false) as report_is_new
           from mart_recommendations
           where last_evidence_on >= cast($start as date)
           order by rank
           limit ${WEEKLY_TOP_RECOMMENDATIONS}`,
          range,
        );
  return rows.map((json) => ({
    ...recommendationOf(json),
    isNew: json.report_is_new === true,
  }));
}

async function loadDataQuality(db: Db): Promise<DataQuality> {
  const runs = (
    await db.all(
      `select * from mart_load_runs order by run_id desc, finished_at desc nulls last, file limit ${LOAD_RUNS_SHOWN}`,
    )
  ).map((json) => martRow('mart_load_runs', json));
  // mart_data_tests holds the tests of the latest build only
  const row = await db.one(
    `select count(*) filter (where status = 'pass') as passed,
            count(*) filter (where status in ('fail', 'error')) as failed,
            count(*) filter (where status = 'warn') as warned,
            count(*) as total
     from mart_data_tests`,
  );
  const tests: DataQuality['tests'] =
    row && int(row.total) > 0
      ? { passed: int(row.passed), failed: int(row.failed), warned: int(row.warned) }
      : null;
  return {
    runs: runs.map((r) => ({
      runId: int(r.run_id),
      file: r.file ?? '',
      kind: r.kind,
      finishedAt: r.finished_at,
      status: r.status,
      rowsRead: int(r.rows_read),
      rowsNew: int(r.rows_new),
      rowsUpdated: int(r.rows_updated),
      rowsRejected: int(r.rows_rejected),
    })),
    tests,
  };
}

async function loadWarehouseInfo(db: Db): Promise<WarehouseInfo> {
  const settingsRow = await db.one('select * from mart_settings');
  const settings = settingsRow ? martRow('mart_settings', settingsRow) : null;
  const latestComplaint = str(
    await db.scalar(
      `select cast(max(received_at) as varchar) from mart_complaint_versions where is_current`,
    ),
  );
  const lastLoad = str(
    await db.scalar(`select cast(max(finished_at) as varchar) from mart_load_runs`),
  );
  let asOfDate: string | null = null;
  for (const mart of ['mart_recommendations', 'mart_batch_hotspots', 'mart_product_hotspots']) {
    if (asOfDate === null) {
      asOfDate = day(await db.scalar(`select cast(max(as_of_date) as varchar) from ${mart}`));
    }
  }
  return {
    asOfDate: asOfDate ?? day(latestComplaint),
    latestComplaint,
    builtAt: settings?.as_of ?? null,
    lastLoad,
    timezone: settings?.timezone ?? 'Asia/Shanghai',
  };
}

/** Everything the report for `period` shows. */
export async function loadReportData(db: Db, period: Period): Promise<ReportData> {
  return {
    period,
    categoryLabels: await loadCategoryLabels(db),
    warehouse: await loadWarehouseInfo(db),
    kpis: await loadKpis(db, period),
    trend: await loadTrend(db, period),
    categories: await loadCategories(db, period),
    movers: await loadMovers(db, period),
    rootCauses: await loadRootCauses(db, period),
    batchHotspots: await loadBatchHotspots(db, period),
    productHotspots: await loadProductHotspots(db, period),
    alerts: await loadAlerts(db, period),
    recommendations: await loadRecommendations(db, period),
    dataQuality: await loadDataQuality(db),
  };
}
