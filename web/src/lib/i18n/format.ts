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
