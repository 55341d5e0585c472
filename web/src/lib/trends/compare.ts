// Period comparison on the Trends page: the latest complete period of the series against the one
// before it and against the same period a year earlier (52 weeks or 12 months back), and against
// the detector's expected count. Pure, so the page and its test share it.

export interface ComparablePoint {
  periodStart: string;
  complaints: number;
  expected: number | null;
  isComplete: boolean;
}

export interface PeriodComparison {
  latest: ComparablePoint;
  previous?: ComparablePoint;
  yearAgo?: ComparablePoint;
  /** Relative changes (0.1 = +10 %); undefined without a base or with a zero base. */
  vsPrevious?: number;
  vsYearAgo?: number;
  vsExpected?: number;
}

/** ISO date `n` days before/after `iso` (UTC calendar arithmetic). */
function addDays(iso: string, n: number): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function addMonths(iso: string, n: number): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
}

const change = (value: number, base: number | null | undefined) =>
  base === null || base === undefined || base === 0 ? undefined : value / base - 1;

export function comparePeriods(
  points: readonly ComparablePoint[],
  grain: 'week' | 'month',
): PeriodComparison | undefined {
  const complete = points.filter((p) => p.isComplete);
  const latest = complete[complete.length - 1];
  if (!latest) return undefined;
  const byStart = new Map(points.map((p) => [p.periodStart.slice(0, 10), p]));
  const previous = byStart.get(
    grain === 'week' ? addDays(latest.periodStart, -7) : addMonths(latest.periodStart, -1),
  );
  const yearAgo = byStart.get(
    grain === 'week' ? addDays(latest.periodStart, -364) : addMonths(latest.periodStart, -12),
  );
  return {
    latest,
    previous,
    yearAgo,
    vsPrevious: previous ? change(latest.complaints, previous.complaints) : undefined,
    vsYearAgo: yearAgo ? change(latest.complaints, yearAgo.complaints) : undefined,
    vsExpected: change(latest.complaints, latest.expected),
  };
}
