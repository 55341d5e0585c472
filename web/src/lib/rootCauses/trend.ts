// How a root cause's weekly trend is described. mart_root_causes.trend_slope_pct is the
// least-squares slope of weekly complaints over the last 12 complete weeks, divided by their mean
// weekly count: +0.05 = growing by 5 % of its level per week (≈ +60 % over the 12 weeks).
// Only a sustained move of at least `trendThreshold` a week is called rising or falling; smaller
// slopes are within the week-to-week noise of counts this size and are shown as steady.

export const trendThreshold = 0.05;

export type TrendClass = 'rising' | 'falling' | 'steady' | 'unknown';

export function trendClass(pct: number | null | undefined, threshold = trendThreshold): TrendClass {
  if (pct === null || pct === undefined || !Number.isFinite(pct)) return 'unknown';
  if (pct >= threshold) return 'rising';
  if (pct <= -threshold) return 'falling';
  return 'steady';
}
