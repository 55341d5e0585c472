// Every mart's contract and the row type derived from it. Two kinds of mart, one read surface:
//   model marts   (sql/marts/<mart>.sql + .contract.ts) tables built by `complaint-lens build`;
//   journal marts (sql/journal/<mart>.sql + .contract.ts) views over the run journal and the
//                 complaint versions, created with the base tables by every write
//                 (pipeline/warehouse/init.ts), so they are current right after an ingest.
// The dashboard's server readers and the report read both through MartRow and martRow(), so a
// renamed or retyped column is a compile error in both, not a silent undefined. `marts` holds the
// model marts only: whether any of them exists is what "built" means (contract/check.ts,
// web/src/lib/server/models.ts), and journal marts exist in every warehouse.
import { rowOf, type ColumnKind, type RowOf } from './define.ts';
import mart_batch_age_buckets from '../../sql/marts/mart_batch_age_buckets.contract.ts';
import mart_batch_cause_mix from '../../sql/marts/mart_batch_cause_mix.contract.ts';
import mart_batch_hotspots from '../../sql/marts/mart_batch_hotspots.contract.ts';
import mart_batch_heatmap from '../../sql/marts/mart_batch_heatmap.contract.ts';
import mart_batch_weekly from '../../sql/marts/mart_batch_weekly.contract.ts';
import mart_categories from '../../sql/marts/mart_categories.contract.ts';
import mart_cluster_builds from '../../sql/marts/mart_cluster_builds.contract.ts';
import mart_complaints from '../../sql/marts/mart_complaints.contract.ts';
import mart_control_chart from '../../sql/marts/mart_control_chart.contract.ts';
import mart_data_quality from '../../sql/marts/mart_data_quality.contract.ts';
import mart_kpis_monthly from '../../sql/marts/mart_kpis_monthly.contract.ts';
import mart_kpis_weekly from '../../sql/marts/mart_kpis_weekly.contract.ts';
import mart_product_hotspots from '../../sql/marts/mart_product_hotspots.contract.ts';
import mart_recommendations from '../../sql/marts/mart_recommendations.contract.ts';
import mart_root_cause_pareto from '../../sql/marts/mart_root_cause_pareto.contract.ts';
import mart_root_cause_weekly from '../../sql/marts/mart_root_cause_weekly.contract.ts';
import mart_root_causes from '../../sql/marts/mart_root_causes.contract.ts';
import mart_series_monthly from '../../sql/marts/mart_series_monthly.contract.ts';
import mart_series_weekly from '../../sql/marts/mart_series_weekly.contract.ts';
import mart_settings from '../../sql/marts/mart_settings.contract.ts';
import mart_trend_alerts from '../../sql/marts/mart_trend_alerts.contract.ts';
import mart_actions from '../../sql/journal/mart_actions.contract.ts';
import mart_complaint_versions from '../../sql/journal/mart_complaint_versions.contract.ts';
import mart_data_tests from '../../sql/journal/mart_data_tests.contract.ts';
import mart_load_mappings from '../../sql/journal/mart_load_mappings.contract.ts';
import mart_load_runs from '../../sql/journal/mart_load_runs.contract.ts';
import mart_model_runs from '../../sql/journal/mart_model_runs.contract.ts';
import mart_rejects from '../../sql/journal/mart_rejects.contract.ts';

export const marts = {
  mart_batch_age_buckets,
  mart_batch_cause_mix,
  mart_batch_heatmap,
  mart_batch_hotspots,
  mart_batch_weekly,
  mart_categories,
  mart_cluster_builds,
  mart_complaints,
  mart_control_chart,
  mart_data_quality,
  mart_kpis_monthly,
  mart_kpis_weekly,
  mart_product_hotspots,
  mart_recommendations,
  mart_root_cause_pareto,
  mart_root_cause_weekly,
  mart_root_causes,
  mart_series_monthly,
  mart_series_weekly,
  mart_settings,
  mart_trend_alerts,
};

/**
 * The journal marts, in the order init.ts creates them. Their SQL reads base tables only (never a
 * model), so they can be created before any build.
 */
export const journalMarts = {
  mart_load_runs,
  mart_load_mappings,
  mart_rejects,
  mart_data_tests,
  mart_model_runs,
  mart_complaint_versions,
  mart_actions,
};

const allMarts = { ...marts, ...journalMarts };

export type ModelMartName = keyof typeof marts;
export type JournalMartName = keyof typeof journalMarts;
export type MartName = ModelMartName | JournalMartName;

/** One row of a mart (model or journal), typed from its contract. */
export type MartRow<M extends MartName> = RowOf<(typeof allMarts)[M]['columns']>;

/** A row read from mart `name` (getRowObjectsJson) → its typed row. */
export function martRow<M extends MartName>(name: M, json: Record<string, unknown>): MartRow<M> {
  const columns: Record<string, ColumnKind> = allMarts[name].columns;
  return rowOf(columns, json) as MartRow<M>;
}
