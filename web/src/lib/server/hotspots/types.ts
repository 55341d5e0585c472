// Row types of the Hot spots pages (/hotspots and /hotspots/[batch]), shared by the loaders in this
// folder and the components that render them.
import type { AgeBucket, AgeBucketKey } from '../../hotspots/params.ts';

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
