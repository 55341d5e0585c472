// Locale-aware formatting of the numbers and months the dashboard shows.
import type { Locale } from './messages.ts';

const numberFormats = new Map<string, Intl.NumberFormat>();

function cached(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

export function formatInteger(locale: Locale, value: number): string {
  return cached(locale, { maximumFractionDigits: 0 }).format(value);
}

export function formatDecimal(locale: Locale, value: number, digits = 1): string {
  return cached(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(
    value,
  );
}

/** Signed percentage, e.g. +12.5 % / −3.0 %; `ratio` 0.125 → +12.5 %. */
export function formatChange(locale: Locale, ratio: number): string {
  return cached(locale, {
    style: 'percent',
    maximumFractionDigits: 1,
    minimumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(ratio);
}

/**
 * Month of an ISO date ('2024-03-01' or '2024-03-01 00:00:00'), e.g. "Mar 2024" / "2024年3月".
 * Parsed as UTC and formatted in UTC so the server's time zone can never shift the month.
 */
export function formatMonth(
  locale: Locale,
  isoDate: string,
  style: 'short' | 'long' = 'short',
): string {
  const date = parseIsoDate(isoDate);
  if (!date) return isoDate;
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: style === 'short' ? 'short' : 'long',
    timeZone: 'UTC',
  }).format(date);
}

/** `YYYY-MM` key of an ISO date string. */
export function monthKey(isoDate: string): string {
  return isoDate.slice(0, 7);
}

function parseIsoDate(isoDate: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) return undefined;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/**
 * ISO week of a Monday ISO date, e.g. '2026-09-21' → '2026-W39' (the week's Thursday decides the
 * year, as ISO 8601 says). Unparseable input is returned as it is.
 */
export function formatIsoWeek(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) return isoDate;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  const thursday = new Date(date);
  thursday.setUTCDate(date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / 86_400_000 / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** A period by its grain: a month as "Oct 2026" / "2026年10月", a week as "2026-W43". */
export function formatPeriod(locale: Locale, grain: 'week' | 'month', isoDate: string): string {
  return grain === 'month' ? formatMonth(locale, isoDate) : formatIsoWeek(isoDate);
}
