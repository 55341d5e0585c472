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
export type MonthlySource = 'mart' | 'fallback';

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

export type OverviewData =
  | { state: 'ready'; source: MonthlySource; months: MonthlyPoint[]; summary: OverviewSummary }
  | { state: 'empty'; source: MonthlySource }
  | { state: 'error'; reason: 'missing'; path: string }
  | { state: 'error'; reason: 'query' };
