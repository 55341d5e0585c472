import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SQL_DIR, LAYERS } from './discover.ts';

// The core model layer: staging, the enriched complaint, the KPI marts and the data-quality mart.
// Other models (clusters, hot spots, trends) build on it. bench:build reports this layer's time
// separately (its target is ≤ 30 s at 1M complaints), and the core unit tests build exactly these
// models and data tests so they do not depend on work in progress elsewhere in sql/.
export const CORE_MODELS = [
  'stg_settings',
  'stg_complaints',
  'stg_volumes',
  'stg_load_runs',
  'stg_field_quality',
  'stg_rejects',
  'int_complaint_categories',
  'int_complaint_repeats',
  'int_complaint_severity',
  'int_complaints_enriched',
  'int_kpi_aggregates',
  'int_kpi_units',
  'int_kpi_periods',
  'mart_kpis_monthly',
  'mart_kpis_weekly',
  'mart_data_quality',
] as const;

/** Macro files (sql/macros) the core models call: the maturity and handling-data rules of int_kpi_periods, stable_mode. */
export const CORE_MACROS = ['maturity', 'handling', 'mode'] as const;

export const CORE_DATA_TESTS = [
  'accepted_range_complaints_measures',
  'accepted_values_complaints_status',
  'accepted_values_int_complaints_enriched',
  'accounting_load_runs',
  'kpi_counts_reconcile',
  'kpi_dimensions_reconcile',
  'kpi_rates_in_range',
  'not_null_int_complaints_enriched',
  'relationships_complaints_versions',
  'relationships_rejects_load_runs',
  'unique_complaints_keys',
  'unique_int_complaints_enriched_complaint_id',
  'unique_mart_kpis_monthly_grain',
  'unique_mart_kpis_weekly_grain',
  'warn_negative_durations',
  'warn_received_after_as_of',
  'warn_unclassified_share',
] as const;

/**
 * A sql/ directory holding only the core models and their data tests, for unit tests and
 * bench:build (other models in sql/ may need inputs, such as complaint clusters, that a synthetic
 * warehouse does not have). Written to `targetDir` (created; default a new temporary directory);
 * returns its path, which the caller removes when it made a temporary one.
 */
export function coreSqlDir(sourceDir: string = DEFAULT_SQL_DIR, targetDir?: string): string {
  const dir = targetDir ?? mkdtempSync(join(tmpdir(), 'cl-core-sql-'));
  for (const sub of [...LAYERS, 'tests', 'macros']) mkdirSync(join(dir, sub), { recursive: true });
  for (const layer of LAYERS) {
    for (const name of CORE_MODELS) {
      const from = join(sourceDir, layer, `${name}.sql`);
      if (existsSync(from)) copyFileSync(from, join(dir, layer, `${name}.sql`));
    }
  }
  for (const name of CORE_MACROS) {
    copyFileSync(join(sourceDir, 'macros', `${name}.sql`), join(dir, 'macros', `${name}.sql`));
  }
  for (const name of CORE_DATA_TESTS) {
    copyFileSync(join(sourceDir, 'tests', `${name}.sql`), join(dir, 'tests', `${name}.sql`));
  }
  return dir;
}
