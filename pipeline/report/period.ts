// Report periods: calendar months ("2026-10") and ISO weeks ("2026-W43", Monday to Sunday), with
// the previous period and the year-ago period the KPI marts compare against (docs/metrics.md: the
// same month a year before; the week 52 weeks = 364 days before, so weeks stay on Mondays).
// Dates are ISO strings (YYYY-MM-DD) and all arithmetic is done in UTC, so no time zone or DST
// can shift a day.

export type ReportKind = 'monthly' | 'weekly';

export interface Period {
  kind: ReportKind;
  /** "2026-10" or "2026-W43". */
  key: string;
  /** First day (ISO date). */
  start: string;
  /** Last day, inclusive (ISO date). */
  end: string;
  /** First day of the period before. */
  previousStart: string;
  /** First day of the comparison period a year earlier. */
  yearAgoStart: string;
  /** Calendar year of the month, or ISO year of the week. */
  year: number;
  /** Month 1–12 or ISO week 1–53. */
  number: number;
}

/** A period the user gave that is not one (exit code 2). */
export class PeriodError extends Error {}

const DAY_MS = 86_400_000;

function toDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function toIso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return toIso(new Date(toDate(iso).getTime() + days * DAY_MS));
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A real calendar date in YYYY-MM-DD form (2026-02-30 is not). */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = toDate(text);
  return !Number.isNaN(date.getTime()) && toIso(date) === text;
}

/** ISO year and week of a date: the week belongs to the year of its Thursday. */
export function isoWeekOf(iso: string): { year: number; week: number } {
  const date = toDate(iso);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(date.getTime() + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = 1 + Math.floor((thursday.getTime() - jan1) / DAY_MS / 7);
  return { year, week };
}

/** 52 or 53: the ISO week of 28 December is always the last week of its year. */
export function isoWeeksInYear(year: number): number {
  return isoWeekOf(`${year}-12-28`).week;
}

/** Monday of ISO week `week` of `year` (week 1 holds 4 January). */
function isoWeekMonday(year: number, week: number): string {
  const jan4 = `${year}-01-04`;
  const weekday = (toDate(jan4).getUTCDay() + 6) % 7;
  return addDays(jan4, -weekday + (week - 1) * 7);
}

export function monthPeriod(year: number, month: number): Period {
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new PeriodError(`month must be 01–12, got ${month}`);
  }
  const start = `${year}-${pad(month)}-01`;
  const nextStart = month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`;
  const previousStart = month === 1 ? `${year - 1}-12-01` : `${year}-${pad(month - 1)}-01`;
  return {
    kind: 'monthly',
    key: `${year}-${pad(month)}`,
    start,
    end: addDays(nextStart, -1),
    previousStart,
    yearAgoStart: `${year - 1}-${pad(month)}-01`,
    year,
    number: month,
  };
}

export function weekPeriod(year: number, week: number): Period {
  const weeks = isoWeeksInYear(year);
  if (!Number.isInteger(week) || week < 1 || week > weeks) {
    throw new PeriodError(`${year} has ISO weeks 01–${weeks}, got week ${week}`);
  }
  const start = isoWeekMonday(year, week);
  return {
    kind: 'weekly',
    key: `${year}-W${pad(week)}`,
    start,
    end: addDays(start, 6),
    previousStart: addDays(start, -7),
    yearAgoStart: addDays(start, -364),
    year,
    number: week,
  };
}

/** The month or ISO week containing a date. */
export function periodContaining(iso: string, kind: ReportKind): Period {
  if (!isIsoDate(iso)) throw new PeriodError(`not a date: ${iso}`);
  if (kind === 'monthly') return monthPeriod(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)));
  const { year, week } = isoWeekOf(iso);
  return weekPeriod(year, week);
}

/** The period right before `period` (same kind). */
export function previousPeriod(period: Period): Period {
  return periodContaining(period.previousStart, period.kind);
}

/**
 * Parse `--period`: "2026-10" (a month), "2026-W43" (an ISO week; "2026W43" and a lower-case w
 * are accepted too) or a date "2026-10-21" (the week containing it, or with kind 'monthly' the
 * month). A kind that contradicts the text ("2026-W43" with kind 'monthly') is an error rather
 * than a silent guess.
 */
/** Years a period may fall in (the dates the warehouse accepts; see isIsoDate in web filters). */
const firstYear = 1900;
const lastYear = 2999;

export function parsePeriod(text: string, kind?: ReportKind): Period {
  const value = text.trim();
  const year = Number(/^(\d{4})-/.exec(value)?.[1] ?? firstYear);
  if (year < firstYear || year > lastYear) {
    throw new PeriodError(
      `--period ${value}: the year must be between ${firstYear} and ${lastYear}`,
    );
  }
  const month = /^(\d{4})-(\d{1,2})$/.exec(value);
  if (month) {
    if (kind === 'weekly') {
      throw new PeriodError(
        `--period ${value} is a month; give an ISO week (2026-W43) or a date for a weekly bulletin`,
      );
    }
    return monthPeriod(Number(month[1]), Number(month[2]));
  }
  const week = /^(\d{4})-?[Ww](\d{1,2})$/.exec(value);
  if (week) {
    if (kind === 'monthly') {
      throw new PeriodError(
        `--period ${value} is an ISO week; give a month (2026-10) for a monthly report`,
      );
    }
    return weekPeriod(Number(week[1]), Number(week[2]));
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    if (!isIsoDate(value)) throw new PeriodError(`--period ${value} is not a calendar date`);
    return periodContaining(value, kind ?? 'weekly');
  }
  throw new PeriodError(
    `--period must be a month (2026-10), an ISO week (2026-W43) or a date (2026-10-21), got "${text}"`,
  );
}

/** The kind a period text implies when --kind is not given: months are monthly, weeks and dates weekly. */
export function impliedKind(text: string | undefined): ReportKind | undefined {
  if (text === undefined) return undefined;
  return /^\d{4}-\d{1,2}$/.test(text.trim()) ? 'monthly' : 'weekly';
}
