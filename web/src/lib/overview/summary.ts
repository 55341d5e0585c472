// Headline numbers of the Overview page, computed from the monthly series (pure; unit-tested).
import type { MonthlyPoint, OverviewSummary } from './types.ts';

/** Summarise months sorted by periodStart ascending; undefined when there are none. */
export function summarise(months: readonly MonthlyPoint[]): OverviewSummary | undefined {
  if (months.length === 0) return undefined;
  const total = months.reduce((sum, m) => sum + m.complaints, 0);
  const complete = months.filter((m) => m.isComplete);
  const latestComplete = complete.at(-1);
  const previousComplete = complete.at(-2);
  const changeVsPrevious =
    latestComplete && previousComplete && previousComplete.complaints > 0
      ? latestComplete.complaints / previousComplete.complaints - 1
      : undefined;
  const averageComplete =
    complete.length > 0
      ? complete.reduce((sum, m) => sum + m.complaints, 0) / complete.length
      : undefined;
  return {
    total,
    firstMonth: months[0].periodStart,
    lastMonth: months[months.length - 1].periodStart,
    latestComplete,
    previousComplete,
    changeVsPrevious,
    averageComplete,
    completeMonths: complete.length,
  };
}

/** Month-over-month change of each month vs the month before it in the list (undefined for the first). */
export function monthOverMonth(months: readonly MonthlyPoint[]): Array<number | undefined> {
  return months.map((m, i) => {
    const previous = months[i - 1];
    return previous && previous.complaints > 0 ? m.complaints / previous.complaints - 1 : undefined;
  });
}

/**
 * Insert zero-complaint months for calendar months missing between the first and last month,
 * so charts and month-over-month changes never silently skip a month.
 */
export function fillMissingMonths(months: readonly MonthlyPoint[]): MonthlyPoint[] {
  const out: MonthlyPoint[] = [];
  for (const month of months) {
    const previous = out.at(-1);
    if (previous) {
      for (
        let key = nextMonth(previous.periodStart);
        key < month.periodStart;
        key = nextMonth(key)
      ) {
        out.push({ periodStart: key, isComplete: true, complaints: 0 });
      }
    }
    out.push(month);
  }
  return out;
}

/** '2024-12-01' → '2025-01-01'. */
export function nextMonth(isoMonthStart: string): string {
  const year = Number(isoMonthStart.slice(0, 4));
  const month = Number(isoMonthStart.slice(5, 7));
  const y = month === 12 ? year + 1 : year;
  const m = month === 12 ? 1 : month + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
}
