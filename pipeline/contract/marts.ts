// Every mart's contract (declared beside its SQL in sql/marts/<mart>.contract.ts) and the row type
// derived from it. The dashboard's server readers and the report read marts through MartRow and
// martRow(), so a renamed or retyped column is a compile error in both, not a silent undefined.
import { rowOf, type ColumnKind, type RowOf } from './define.ts';
import mart_batch_hotspots from '../../sql/marts/mart_batch_hotspots.contract.ts';
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
import mart_trend_alerts from '../../sql/marts/mart_trend_alerts.contract.ts';

export const marts = {
  mart_batch_hotspots,
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
  mart_trend_alerts,
};

export type MartName = keyof typeof marts;

/** One row of a mart, typed from its contract. */
export type MartRow<M extends MartName> = RowOf<(typeof marts)[M]['columns']>;

/** A row read from mart `name` (getRowObjectsJson) → its typed row. */
export function martRow<M extends MartName>(name: M, json: Record<string, unknown>): MartRow<M> {
  const columns: Record<string, ColumnKind> = marts[name].columns;
  return rowOf(columns, json) as MartRow<M>;
}
