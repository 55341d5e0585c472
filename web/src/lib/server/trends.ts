// Queries behind the Trends page: one series (grain × dimension × member) from mart_series_*, its
// alerts from mart_trend_alerts, its control chart from mart_control_chart, and recent alerts.
import { loadClusterLabels } from './clusterLabels.ts';
import { query, queryMart } from './db.ts';
import { KPI_DIMENSIONS } from '../../../../pipeline/contract/dimensions.ts';
import type { MartName } from '../../../../pipeline/contract/marts.ts';
import { trendAlertOf, type TrendAlertRow } from '../../../../pipeline/contract/trendAlerts.ts';

export type Grain = 'week' | 'month';
/** The dimensions the trend page offers: every KPI breakdown (pipeline/contract/dimensions.ts). */
export const trendDimensions = KPI_DIMENSIONS;
export type TrendDimension = (typeof trendDimensions)[number];

export interface SeriesPoint {
  periodStart: string;
  periodEnd: string;
  complaints: number;
  expected: number | null;
  isComplete: boolean;
}
/** An alert with its reason worded in both languages (pipeline/contract/trendAlerts.ts). */
export type AlertRow = TrendAlertRow;
export interface ControlPoint {
  periodStart: string;
  value: number | null;
  center: number | null;
  ucl: number | null;
  lcl: number | null;
  rule: string | null;
}
export interface TrendData {
  members: string[];
  series: SeriesPoint[];
  alerts: AlertRow[];
  control: ControlPoint[];
  chartType: string | null;
  recent: AlertRow[];
}

/** Series tables by grain: a fixed map, so the table name never comes from input. */
const seriesTable = {
  week: 'mart_series_weekly',
  month: 'mart_series_monthly',
} as const satisfies Record<Grain, MartName>;

export async function loadTrend(
  grain: Grain,
  dimension: TrendDimension,
  member: string,
): Promise<TrendData> {
  // complaints without the field (the marts' '(unknown)' member) are not offered as a member to
  // pick, as the filter bar does not offer them (filterOptions.ts): they are no product, no department
  const members = (
    await queryMart(
      seriesTable[grain],
      `select member from ${seriesTable[grain]}
       where dimension = $dimension and member is not null and member <> '(unknown)'
       group by member order by sum(complaints) desc, member limit 100`,
      { dimension },
    )
  )
    .map((r) => r.member)
    .filter((m) => m !== null);
  const series = (
    await queryMart(
      seriesTable[grain],
      `select period_start, period_end, complaints, expected, is_complete
       from ${seriesTable[grain]} where dimension = $dimension and member = $member
       order by period_start`,
      { dimension, member },
    )
  ).map((r) => ({
    periodStart: r.period_start ?? '',
    periodEnd: r.period_end ?? '',
    complaints: r.complaints ?? 0,
    expected: r.expected,
    isComplete: r.is_complete === true,
  }));
  const labels = await loadClusterLabels();
  const toAlert = (r: Record<string, unknown>) => trendAlertOf(r, labels);
  const alertSql = `select * from mart_trend_alerts`;
  const alerts = (
    await query(
      `${alertSql} where grain = $grain and dimension = $dimension and member = $member order by period_start`,
      { grain, dimension, member },
    )
  ).map(toAlert);
  const recent = (
    await query(
      `${alertSql} where grain = $grain order by period_start desc, abs(score) desc limit 15`,
      { grain },
    )
  ).map(toAlert);
  const controlRows = await queryMart(
    'mart_control_chart',
    `select period_start, value, center, ucl, lcl, rule, chart_type
     from mart_control_chart where grain = $grain and dimension = $dimension and member = $member
     order by period_start`,
    { grain, dimension, member },
  );
  return {
    members,
    series,
    alerts,
    recent,
    chartType: controlRows.length > 0 ? controlRows[0].chart_type : null,
    control: controlRows.map((r) => ({
      periodStart: r.period_start ?? '',
      value: r.value,
      center: r.center,
      ucl: r.ucl,
      lcl: r.lcl,
      rule: r.rule,
    })),
  };
}
