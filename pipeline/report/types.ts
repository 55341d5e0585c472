// What a report is made of: plain rows read from the marts (load.ts), language-independent, so a
// report can be assembled from fixture rows in tests. Every part is there: the report refuses a
// warehouse whose models are not built or were built by another version (index.ts).
import type { KpiMartColumn } from '../contract/kpis.ts';
import type { RecommendationRow } from '../contract/recommendations.ts';
import type { TrendAlertRow } from '../contract/trendAlerts.ts';
import type { Period } from './period.ts';

/** KPI columns of mart_kpis_monthly / mart_kpis_weekly the report shows, in table order. */
export const KPI_COLUMNS = [
  'complaints',
  'complaints_per_10k_units',
  'first_response_within_sla_rate',
  'resolved_within_sla_rate',
  'delay_rate',
  'redispatch_rate',
  'repeat_rate',
  'resolution_rate',
  'avg_handling_hours',
  'satisfaction_avg',
  'satisfied_rate',
] as const satisfies readonly KpiMartColumn[];

export type KpiColumn = (typeof KPI_COLUMNS)[number];

export interface KpiRow {
  periodStart: string;
  isComplete: boolean;
  /** Every complaint of the period was due before the data's end; false also for an older mart. */
  isMature: boolean;
  /** Share of the period's complaints in handling still open at the data's end. */
  openShare: number | null;
  /** null: no denominator in the period, or a column this warehouse's mart lacks. */
  values: Record<KpiColumn, number | null>;
}

export interface KpiComparison {
  current: KpiRow | null;
  previous: KpiRow | null;
  yearAgo: KpiRow | null;
}

export interface TrendPoint {
  periodStart: string;
  complaints: number;
  isComplete: boolean;
}

export interface MemberCount {
  member: string;
  complaints: number;
  previous: number | null;
}

export interface Mover {
  dimension: string;
  member: string;
  complaints: number;
  previous: number;
}

/** A root cause in Pareto order, ranked by sql/macros/pareto.sql (as the dashboard ranks it). */
export interface RootCauseRow {
  clusterId: string;
  label: string;
  category: string | null;
  complaints: number;
  rank: number;
  /** Of the complaints with a root cause in scope. */
  share: number;
  cumulativeShare: number;
  vitalFew: boolean;
}

export interface RootCauses {
  /** Week starts (ISO dates) counted (mart_root_cause_weekly). */
  weeks: string[];
  /** In rank order. */
  rows: RootCauseRow[];
  /** Share the vital few reach (the warehouse's pareto_threshold()). */
  threshold: number;
}

export interface BatchHotspot {
  batch: string;
  product: string | null;
  productCategory: string | null;
  productionDate: string | null;
  complaints: number;
  units: number | null;
  rateRatio: number | null;
  rateRatioLower: number | null;
  rateRatioUpper: number | null;
  qValue: number | null;
  /** The mart's rank of the hot spot, strongest first (sql/macros/ranking.sql). */
  rank: number | null;
  firstFlaggedOn: string | null;
  unitsAtRisk: number | null;
  topRegions: string | null;
  reasonZh: string | null;
  reasonEn: string | null;
  /** First flagged inside the report period. */
  isNew: boolean;
  /** Actions already taken on the batch (--actions), as one line; null without any. */
  actions: string | null;
  /** An open action covers the hot spot: shown, not recommended again. */
  coveredByAction: boolean;
  /** First matching action's opening date − first_flagged_on, days. */
  leadTimeDays: number | null;
}

export interface ProductHotspot {
  level: string;
  product: string | null;
  periodStart: string | null;
  region: string | null;
  causeLabel: string | null;
  complaints: number;
  expected: number | null;
  rateRatio: number | null;
  qValue: number | null;
  reasonZh: string | null;
  reasonEn: string | null;
}

/** A trend alert with its reason worded in both languages (pipeline/contract/trendAlerts.ts). */
export type TrendAlert = TrendAlertRow;

export interface Recommendation extends RecommendationRow {
  /** Raised inside the report period. */
  isNew: boolean;
}

export interface LoadRun {
  runId: number;
  file: string;
  kind: string | null;
  finishedAt: string | null;
  status: string | null;
  rowsRead: number;
  rowsNew: number;
  rowsUpdated: number;
  rowsRejected: number;
}

export interface DataQuality {
  /** Most recent file loads, newest first. */
  runs: LoadRun[];
  /** Data tests of the latest build, when recorded. */
  tests: { passed: number; failed: number; warned: number } | null;
}

export interface WarehouseInfo {
  /** Reference date of the models (hot spots, recommendations): the day of the last complaint. */
  asOfDate: string | null;
  /** receipt time of the latest complaint (naive local timestamp). */
  latestComplaint: string | null;
  /** When the models were built (cfg_settings as_of, naive local timestamp). */
  builtAt: string | null;
  /** Finish time of the latest load (naive local timestamp). */
  lastLoad: string | null;
  timezone: string;
}

export interface ReportData {
  period: Period;
  /**
   * English labels of the taxonomy categories (mart_categories.label_en) by category name, for the
   * English report; {} when it has none (categories are then shown by name).
   */
  categoryLabels: Record<string, string>;
  warehouse: WarehouseInfo;
  kpis: KpiComparison;
  /** The last 13 periods up to and including the report period, oldest first. */
  trend: TrendPoint[];
  categories: MemberCount[];
  movers: Mover[];
  rootCauses: RootCauses;
  batchHotspots: BatchHotspot[];
  productHotspots: ProductHotspot[];
  alerts: TrendAlert[];
  recommendations: Recommendation[];
  dataQuality: DataQuality;
}
