// Number formats of the hot-spot and root-cause pages (ratios, intervals, q-values, shares).
import { formatDecimal } from '../../i18n/format.ts';
import type { Locale } from '../../i18n/messages.ts';

export const dash = '—';

export function formatRatio(locale: Locale, value: number | null, digits = 1): string {
  return value === null || !Number.isFinite(value) ? dash : formatDecimal(locale, value, digits);
}

/** "6.6 [4.6–9.3]"; the interval is left out when a bound is unknown. */
export function formatRatioCi(
  locale: Locale,
  value: number | null,
  lower: number | null,
  upper: number | null,
): string {
  if (value === null) return dash;
  const ratio = formatRatio(locale, value);
  if (lower === null || upper === null) return ratio;
  return `${ratio} [${formatRatio(locale, lower)}–${formatRatio(locale, upper)}]`;
}

/** q-values: "<0.001" below a thousandth, else three decimals. */
export function formatQ(locale: Locale, q: number | null): string {
  if (q === null || !Number.isFinite(q)) return dash;
  if (q < 0.001) return `<${formatDecimal(locale, 0.001, 3)}`;
  return formatDecimal(locale, Math.min(q, 1), 3);
}

/** A share 0–1 as a percentage, e.g. 0.4385 → "43.9%" (zh-CN / en both write "%"). */
export function formatShare(locale: Locale, share: number | null, digits = 1): string {
  if (share === null || !Number.isFinite(share)) return dash;
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(share);
}

/** A weekly trend as a signed percentage per week, e.g. 0.178 → "+17.8%". */
export function formatTrend(locale: Locale, pct: number | null): string {
  if (pct === null || !Number.isFinite(pct)) return dash;
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(pct);
}
