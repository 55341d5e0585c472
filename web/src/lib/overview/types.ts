// Shapes the Overview page receives from its server load.

/** One calendar month of complaint volume. */
export interface MonthlyPoint {
  /** First day of the month, ISO `YYYY-MM-DD`. */
  periodStart: string;
  /** False for a month that is still running (or that the data only partly covers). */
  isComplete: boolean;
  complaints: number;
}

/** Where the monthly numbers came from: the KPI mart, or the temporary fallback on `complaints`. */
export type MonthlySource = 'mart' | 'fallback' | 'complaints';

export interface OverviewSummary {
  total: number;
  firstMonth: string;
  lastMonth: string;
  /** Latest month whose `isComplete` is true. */
  latestComplete?: MonthlyPoint;
  /** The complete month before latestComplete. */
  previousComplete?: MonthlyPoint;
  /** Relative change of latestComplete vs the complete month before it (0.1 = +10 %). */
  changeVsPrevious?: number;
  /** Mean complaints over complete months. */
  averageComplete?: number;
  completeMonths: number;
}

/**
 * One KPI tile: the latest complete month's rate and the month before (prev_* columns); for the
 * handling KPIs the latest *mature* month (docs/metrics.md "Maturity").
 */
export interface KpiTile {
  key: 'timely' | 'resolution' | 'satisfaction' | 'repeat';
  /** Month of `value`; undefined when no month is mature yet (only `provisional` exists). */
  periodStart?: string;
  /** Rate 0–1 (satisfaction: mean score 0–1); null when the month has no denominator. */
  value: number | null;
  previous: number | null;
  /** Whether a rise is an improvement (colours the change). */
  upIsGood: boolean;
  /** The rate over the last complete months up to periodStart, oldest first (sparkline). */
  history: (number | null)[];
  /** A newer complete month not yet mature: its value is provisional while `openShare` is open. */
  provisional?: { periodStart: string; value: number | null; openShare: number | null };
  /**
   * No month has a value: the loaded exports do not record what the KPI needs (no resolution
   * dates or status, no satisfaction, no customer ids). Said as such, not as "no previous month".
   */
  notRecorded?: boolean;
}

export interface CategoryShare {
  category: string;
  complaints: number;
}

/** The Overview's short lists (#lib/server/highlights.ts). */
export interface HotspotHighlight {
  batch: string;
  product: string;
  rateRatio: number;
  complaints: number;
  reasonZh: string;
  reasonEn: string;
}

export interface RootCauseHighlight {
  clusterId: string;
  label: string;
  category: string | null;
  trendPct: number;
  complaints: number;
}

export interface RecommendationHighlight {
  recId: string;
  priority: string;
  titleZh: string;
  titleEn: string;
  owner: string;
}

export interface Highlights {
  hotspots: HotspotHighlight[];
  rising: RootCauseHighlight[];
  recommendations: RecommendationHighlight[];
  /** Filters were applied to hot spots and root causes (recommendations are never filtered). */
  filtered: boolean;
}

export type OverviewData =
  | {
      state: 'ready';
      source: MonthlySource;
      months: MonthlyPoint[];
      summary: OverviewSummary;
      kpis: KpiTile[];
      categories: CategoryShare[];
      highlights: Highlights;
    }
  | { state: 'empty'; source: MonthlySource }
  | { state: 'error'; reason: 'missing'; path: string }
  | { state: 'error'; reason: 'query' };
