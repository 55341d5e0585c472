// The statistical models' settings (config `modelSettings`), declared once: key, kind and default.
// The runner writes every declared key into cfg_settings — the user's value or the default — so the
// SQL settings models read them without defaults of their own, and a key that is not declared here
// is a configuration error (a misspelt threshold used to be ignored without a word). docs/config.md
// explains each one.
import { didYouMean } from '../suggest.ts';

export type SettingKind = 'integer' | 'number' | 'text' | 'integer list' | 'text list';

export interface SettingSpec {
  kind: SettingKind;
  /** As written into cfg_settings (lists comma-separated). */
  default: string;
}

/** rec_owner_<rule>: the department that owns a recommendation rule's actions (text). */
export const OWNER_PREFIX = 'rec_owner_';

export const MODEL_SETTINGS: Readonly<Record<string, SettingSpec>> = {
  trend_baseline_weeks: { kind: 'integer', default: '26' },
  trend_baseline_months: { kind: 'integer', default: '12' },
  trend_min_baseline_weeks: { kind: 'integer', default: '8' },
  trend_min_baseline_months: { kind: 'integer', default: '6' },
  trend_season_min_count: { kind: 'number', default: '5' },
  trend_trend_t: { kind: 'number', default: '3' },
  trend_spike_alpha: { kind: 'number', default: '0.001' },
  trend_drop_alpha: { kind: 'number', default: '0.001' },
  trend_min_count: { kind: 'integer', default: '5' },
  trend_min_expected: { kind: 'number', default: '1' },
  trend_drop_min_expected: { kind: 'number', default: '5' },
  trend_min_ratio: { kind: 'number', default: '1.5' },
  trend_cusum_k: { kind: 'number', default: '0.5' },
  trend_cusum_h: { kind: 'number', default: '5' },
  trend_cusum_guard_weeks: { kind: 'integer', default: '8' },
  trend_cusum_guard_months: { kind: 'integer', default: '3' },
  trend_mk_weeks: { kind: 'integer', default: '12' },
  trend_mk_months: { kind: 'integer', default: '6' },
  trend_mk_min_count: { kind: 'integer', default: '30' },
  trend_min_rise: { kind: 'number', default: '0.2' },
  trend_fdr_q: { kind: 'number', default: '0.05' },
  trend_emerging_weeks: { kind: 'integer', default: '4' },
  trend_recent_weeks: { kind: 'integer', default: '13' },
  trend_recent_months: { kind: 'integer', default: '6' },
  trend_episode_gap: { kind: 'integer', default: '2' },
  trend_chart_weeks: { kind: 'integer', default: '104' },
  trend_chart_months: { kind: 'integer', default: '36' },
  rec_alert_window_weeks: { kind: 'integer', default: '13' },
  rec_baseline_weeks: { kind: 'integer', default: '26' },
  rec_min_complaints: { kind: 'integer', default: '8' },
  rec_confirm_p: { kind: 'number', default: '0.01' },
  rec_kpi_window_months: { kind: 'integer', default: '3' },
  rec_kpi_min_complaints: { kind: 'integer', default: '30' },
  rec_kpi_alpha: { kind: 'number', default: '0.01' },
  rec_sla_target: { kind: 'number', default: '0.8' },
  rec_redispatch_max: { kind: 'number', default: '0.15' },
  rec_repeat_max: { kind: 'number', default: '0.05' },
  rec_satisfied_min: { kind: 'number', default: '0.8' },
  rec_external_max: { kind: 'number', default: '0.05' },
  rec_weight_severity: { kind: 'number', default: '0.30' },
  rec_weight_volume: { kind: 'number', default: '0.20' },
  rec_weight_growth: { kind: 'number', default: '0.20' },
  rec_weight_confidence: { kind: 'number', default: '0.15' },
  rec_weight_impact: { kind: 'number', default: '0.15' },
  rec_volume_saturation: { kind: 'number', default: '200' },
  rec_p1_score: { kind: 'number', default: '60' },
  rec_p2_score: { kind: 'number', default: '40' },
  hotspots_max_q: { kind: 'number', default: '0.05' },
  hotspots_min_complaints: { kind: 'integer', default: '3' },
  hotspots_min_rate_ratio_lower: { kind: 'number', default: '1.5' },
  hotspots_ci_level: { kind: 'number', default: '0.95' },
  hotspots_min_age_days: { kind: 'integer', default: '30' },
  hotspots_min_comparator_batches: { kind: 'integer', default: '5' },
  hotspots_age_bucket_edges: {
    kind: 'integer list',
    default: '30,60,90,120,150,180,240,300,360,480,600,720',
  },
  // the heatmap's batch-age buckets (its columns): where each starts, in days; each start moves to
  // the first test bucket start at or after it (int_batch_age_buckets), so a display bucket is a
  // union of test buckets
  hotspots_heatmap_age_starts: { kind: 'integer list', default: '0,30,60,90,180,360,720' },
  // a heatmap cell's age-adjusted ratio needs at least this many expected complaints (else blank)
  hotspots_heatmap_min_expected: { kind: 'number', default: '1' },
  hotspots_monitor_step_days: { kind: 'integer', default: '7' },
  hotspots_baseline_screen_p: { kind: 'number', default: '0.001' },
  hotspots_test_scope: { kind: 'text', default: 'quality' },
  hotspots_quality_categories: { kind: 'text list', default: '产品质量' },
  hotspots_max_dispersion: { kind: 'number', default: '20' },
  hotspots_mix_min_complaints: { kind: 'integer', default: '3' },
  hotspots_mix_min_prr: { kind: 'number', default: '2' },
  hotspots_mix_min_chi2: { kind: 'number', default: '4' },
  hotspots_product_history_periods: { kind: 'integer', default: '6' },
  hotspots_product_min_baseline: { kind: 'integer', default: '30' },
  hotspots_product_exclusive_max: { kind: 'number', default: '0.25' },
};

/** Why `value` cannot be model setting `key`, or null when it can. */
export function modelSettingIssue(key: string, value: unknown): string | null {
  if (key.startsWith(OWNER_PREFIX))
    return typeof value === 'string' && value.trim() !== ''
      ? null
      : `expected a department name, got ${JSON.stringify(value)}`;
  const spec = MODEL_SETTINGS[key];
  if (!spec)
    return `unknown key${didYouMean(key, Object.keys(MODEL_SETTINGS), ' (docs/config.md lists the model settings)')}`;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'number' && !Number.isFinite(value)) return `expected a ${spec.kind}`;
  if (typeof text !== 'string' || text.trim() === '')
    return `expected a ${spec.kind}, got ${JSON.stringify(value)}`;
  const isNumber = (s: string) => s.trim() !== '' && Number.isFinite(Number(s));
  const isInteger = (s: string) => isNumber(s) && Number.isInteger(Number(s));
  const ok =
    spec.kind === 'integer'
      ? isInteger(text)
      : spec.kind === 'number'
        ? isNumber(text)
        : spec.kind === 'integer list'
          ? text.split(',').every(isInteger)
          : spec.kind === 'text list'
            ? text.split(',').every((s) => s.trim() !== '')
            : true;
  return ok ? null : `expected a ${spec.kind}, got ${JSON.stringify(value)}`;
}

const SQL_TYPE: Record<SettingKind, string> = {
  integer: 'integer',
  number: 'double',
  text: 'varchar',
  'integer list': 'integer',
  'text list': 'varchar',
};

/**
 * cfg_model_settings: every declared setting as a typed column of one row, pivoted from
 * cfg_settings. Generated from MODEL_SETTINGS, so the SQL settings models select columns
 * (`columns('^trend_(.*)$')`) instead of each pivoting cfg_settings by hand with casts of its own.
 */
export function modelSettingsTableSql(): string {
  const columns = Object.entries(MODEL_SETTINGS).map(([key, spec]) => {
    const value = `max(value) filter (where key = '${key}')`;
    const type = SQL_TYPE[spec.kind];
    return spec.kind.endsWith('list')
      ? `list_transform(string_split(${value}, ','), e -> cast(trim(e) as ${type})) as ${key}`
      : `cast(${value} as ${type}) as ${key}`;
  });
  return `create or replace table cfg_model_settings as select ${columns.join(', ')} from cfg_settings`;
}

/** cfg_settings rows for every declared setting (the user's value, else the default) plus owners. */
export function modelSettingRows(
  user: Readonly<Record<string, number | string>>,
): [string, string][] {
  const rows = new Map<string, string>();
  for (const [key, spec] of Object.entries(MODEL_SETTINGS)) rows.set(key, spec.default);
  for (const [key, value] of Object.entries(user)) rows.set(key, String(value));
  return [...rows];
}
