// Civil-date arithmetic and timestamp formatting for the sample generator.
// Times are naive local (China Standard Time) wall-clock values, held as "day numbers" (days since
// 1970-01-01) and "seconds since 1970-01-01 00:00 local"; no time zone is ever applied, so output does
// not depend on the machine's TZ.

export const SECONDS_PER_DAY = 86_400;

export interface Civil {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

export function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / 86_400_000);
}

/** Howard Hinnant's days→civil algorithm (proleptic Gregorian). */
export function civil(dayNo: number): Civil {
  const z = dayNo + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** Parse 'YYYY-MM-DD' (also accepts 'YYYY/M/D'); throws on anything else. */
export function parseDate(text: string): number {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text.trim());
  if (!m) throw new Error(`not an ISO date: ${text}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const n = dayNumber(year, month, day);
  const back = civil(n);
  if (back.month !== month || back.day !== day) throw new Error(`not a valid date: ${text}`);
  return n;
}

/** Parse the two timestamp styles we write ('2026-03-05 14:03:00', '2026/3/5 14:03') to seconds; NaN if neither. */
export function parseTimestamp(text: string): number {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(
    text.trim(),
  );
  if (!m) return Number.NaN;
  const day = dayNumber(Number(m[1]), Number(m[2]), Number(m[3]));
  return (
    day * SECONDS_PER_DAY + Number(m[4] ?? 0) * 3600 + Number(m[5] ?? 0) * 60 + Number(m[6] ?? 0)
  );
}

/** Same day of month n months later (clamped to the month's last day). */
export function addMonths(dayNo: number, months: number): number {
  const c = civil(dayNo);
  const total = c.year * 12 + (c.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = civil(dayNumber(year, month + 1, 1) - 1).day;
  return dayNumber(year, month, Math.min(c.day, last));
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekday(dayNo: number): number {
  return (((dayNo + 3) % 7) + 7) % 7;
}

export interface IsoWeek {
  year: number;
  week: number;
}

export function isoWeek(dayNo: number): IsoWeek {
  const thursday = dayNo - weekday(dayNo) + 3;
  const year = civil(thursday).year;
  const week = Math.floor((thursday - dayNumber(year, 1, 1)) / 7) + 1;
  return { year, week };
}

export function isoWeekMonday(year: number, week: number): number {
  const jan4 = dayNumber(year, 1, 4);
  return jan4 - weekday(jan4) + (week - 1) * 7;
}

export function isoWeekLabel(w: IsoWeek): string {
  return `${w.year}-W${pad2(w.week)}`;
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function isoDate(dayNo: number): string {
  const c = civil(dayNo);
  return `${c.year}-${pad2(c.month)}-${pad2(c.day)}`;
}

/** Spring Festival (Chinese New Year's Day): factories shut for its week, complaint volume drops. */
const SPRING_FESTIVAL: Record<number, string> = {
  2019: '2019-02-05',
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
};

export function springFestival(year: number): number | null {
  const d = SPRING_FESTIVAL[year];
  return d ? parseDate(d) : null;
}

/**
 * Date and timestamp strings, cached per day: formatting millions of timestamps through Date objects
 * would dominate the generator's run time.
 */
export class TimestampFormatter {
  readonly firstDay: number;
  readonly isoDates: string[] = [];
  readonly slashDates: string[] = [];
  static readonly twoDigits: string[] = Array.from({ length: 60 }, (_, i) => pad2(i));

  constructor(firstDay: number, lastDay: number) {
    this.firstDay = firstDay;
    for (let d = firstDay; d <= lastDay; d++) {
      const c = civil(d);
      this.isoDates.push(`${c.year}-${pad2(c.month)}-${pad2(c.day)}`);
      this.slashDates.push(`${c.year}/${c.month}/${c.day}`);
    }
  }

  date(dayNo: number, slash: boolean): string {
    const i = dayNo - this.firstDay;
    const cached = slash ? this.slashDates[i] : this.isoDates[i];
    if (cached !== undefined) return cached;
    const c = civil(dayNo);
    return slash ? `${c.year}/${c.month}/${c.day}` : `${c.year}-${pad2(c.month)}-${pad2(c.day)}`;
  }

  /** '2026-03-05 14:03:00' or, in slash style, '2026/3/5 14:03' (no seconds, unpadded hour, as Excel shows it). */
  timestamp(seconds: number, slash: boolean): string {
    const s = Math.floor(seconds);
    const dayNo = Math.floor(s / SECONDS_PER_DAY);
    let rest = s - dayNo * SECONDS_PER_DAY;
    const hour = Math.floor(rest / 3600);
    rest -= hour * 3600;
    const minute = Math.floor(rest / 60);
    const second = rest - minute * 60;
    const two = TimestampFormatter.twoDigits;
    if (slash) return `${this.date(dayNo, true)} ${hour}:${two[minute]}`;
    return `${this.date(dayNo, false)} ${two[hour]}:${two[minute]}:${two[second]}`;
  }
}
