// Evidence of a recommendation (mart_recommendations.evidence_json): an object of numbers and
// short strings, shown as a definition list key → value. Known keys get a translated label and a
// suitable number format; unknown keys are shown as they are, so a new key from the pipeline
// appears without a dashboard change. Paired keys `x_zh` / `x_en` show only the current
// language's, under `x`. Pure: parsed on the server, formatted in the component.
import { codeLabel, hasCodeTable } from '../i18n/codes.ts';
import type { Locale } from '../i18n/messages.ts';

export type EvidenceValue = string | number | boolean | null;
export type Evidence = Record<string, EvidenceValue>;

export interface EvidenceItem {
  key: string;
  label: string;
  value: string;
  /** A long text (e.g. the reason): shown on its own line. */
  long: boolean;
}

/** Most keys shown; the pipeline's objects are small, this bounds a malformed one. */
export const maxEvidenceKeys = 24;
/** Longest value text shown. */
export const maxEvidenceText = 300;

/**
 * The evidence object from the JSON column (a JSON string or an already parsed value). A nested
 * object of plain values becomes "key value · key value", an array of plain values "a, b";
 * anything deeper is kept as compact JSON text. Anything that is not an object gives `{}`.
 */
export function parseEvidence(raw: unknown): Evidence {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return {};
    }
  }
  if (!isPlainObject(value)) return {};
  const out: Evidence = {};
  for (const [key, item] of Object.entries(value).slice(0, maxEvidenceKeys)) {
    out[key] = isPlainValue(item) ? item : flatten(item);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isPlainValue(value: unknown): value is EvidenceValue {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function flatten(value: unknown): string {
  if (Array.isArray(value) && value.every(isPlainValue)) return value.join(', ');
  if (isPlainObject(value) && Object.values(value).every(isPlainValue)) {
    return Object.entries(value)
      .map(([k, v]) => `${k} ${v}`)
      .join(' · ');
  }
  return JSON.stringify(value);
}

/**
 * Keys not shown: `score_components` repeats what explain_zh/explain_en already say in words, and
 * `alert_ids` are internal hashes that mean nothing to a reader.
 */
export const hiddenEvidenceKeys: ReadonlySet<string> = new Set(['score_components', 'alert_ids']);

/** Values longer than this are shown on their own line, not in the compact grid. */
export const shortValueLength = 28;

type Kind = 'integer' | 'decimal' | 'ratio' | 'probability' | 'percent' | 'text';

/** How known keys are formatted. */
const knownKinds: Record<string, Kind> = {
  complaints: 'integer',
  observed: 'integer',
  units: 'integer',
  units_at_risk: 'integer',
  batches: 'integer',
  weeks: 'integer',
  months: 'integer',
  alerts: 'integer',
  window_complaints: 'integer',
  baseline_complaints: 'integer',
  window_weeks: 'integer',
  baseline_weeks: 'integer',
  expected: 'decimal',
  baseline: 'decimal',
  rate_ratio: 'ratio',
  rate_ratio_lower: 'ratio',
  rate_ratio_upper: 'ratio',
  window_rate_ratio: 'ratio',
  prr: 'ratio',
  q_value: 'probability',
  p_value: 'probability',
  window_p_value: 'probability',
  share: 'percent',
  rate: 'percent',
  rest_rate: 'percent',
  limit: 'percent',
  change: 'percent',
  period: 'text',
  reason: 'text',
};

function kindOf(key: string): Kind {
  if (key in knownKinds) return knownKinds[key];
  if (/_(share|rate|pct)$/.test(key)) return 'percent';
  return 'text';
}

/** Format one value; numbers by the key's kind, other values as text (cut to a sane length). */
export function formatEvidenceValue(key: string, value: EvidenceValue, locale: Locale): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (typeof value === 'string') {
    return value.length > maxEvidenceText ? `${value.slice(0, maxEvidenceText)}…` : value;
  }
  if (!Number.isFinite(value)) return String(value);
  const fmt = (options: Intl.NumberFormatOptions) =>
    new Intl.NumberFormat(locale, options).format(value);
  switch (kindOf(key)) {
    case 'integer':
      return fmt({ maximumFractionDigits: 0 });
    case 'decimal':
      return fmt({ maximumFractionDigits: 1, minimumFractionDigits: 1 });
    case 'ratio':
      return `${fmt({ maximumFractionDigits: 2, minimumFractionDigits: 2 })}×`;
    case 'probability':
      // a q-value of 3e-9 reads better as "< 0.0001"
      return value > 0 && value < 0.0001
        ? `< ${new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(0.0001)}`
        : fmt({ maximumSignificantDigits: 2 });
    case 'percent':
      return fmt({ style: 'percent', maximumFractionDigits: 1 });
    default:
      return Number.isInteger(value)
        ? fmt({ maximumFractionDigits: 0 })
        : fmt({ maximumFractionDigits: 3 });
  }
}

/**
 * Items of the definition list, in the object's order. `label` translates a known key (undefined
 * for an unknown one, which is then shown with underscores as spaces).
 */
export function evidenceItems(
  evidence: Evidence,
  locale: Locale,
  label: (key: string) => string | undefined,
): EvidenceItem[] {
  // product-defined codes (alert kind, grain, KPI, flag basis, chart type) in the UI language
  const valueText = (key: string, value: EvidenceValue) =>
    typeof value === 'string' && hasCodeTable(key)
      ? codeLabel(locale, key, value)
      : formatEvidenceValue(key, value, locale);
  const suffix = locale === 'zh-CN' ? '_zh' : '_en';
  const other = locale === 'zh-CN' ? '_en' : '_zh';
  const items: EvidenceItem[] = [];
  for (const [rawKey, value] of Object.entries(evidence)) {
    if (hiddenEvidenceKeys.has(rawKey)) continue;
    if (rawKey.endsWith(other) && `${rawKey.slice(0, -3)}${suffix}` in evidence) continue;
    const key = rawKey.endsWith(suffix) ? rawKey.slice(0, -3) : rawKey;
    const text = valueText(key, value);
    items.push({
      key,
      label: label(key) ?? key.replace(/_/g, ' '),
      value: text,
      long: text.length > shortValueLength,
    });
  }
  return items;
}
