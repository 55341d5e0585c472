// Rules about the KPI marts' columns (mart_kpis_monthly / mart_kpis_weekly) that more than one
// reader applies, declared once: the dashboard's KPI tiles (web/src/lib/server/overview.ts) and the
// report's key figures (pipeline/report/sections.ts) read them from here.
import type { MartRow } from './marts.ts';

/** A column of the KPI marts (the weekly mart shares the monthly one's contract). */
export type KpiMartColumn = keyof MartRow<'mart_kpis_monthly'> & string;

/**
 * KPIs that depend on how complaints were resolved (docs/metrics.md "Maturity"). A complaint still
 * open when the data ends is not yet a failure (right-censoring), so for a period that is not
 * mature (is_mature false) these values are provisional: the dashboard's tiles show the latest
 * mature period instead, the report marks them and does not compare them.
 */
export const MATURITY_DEPENDENT: ReadonlySet<KpiMartColumn> = new Set<KpiMartColumn>([
  'resolved_within_sla_rate',
  'delay_rate',
  'resolution_rate',
  'closed_loop_rate',
  'avg_handling_hours',
  'median_handling_hours',
  'satisfaction_avg',
  'satisfied_rate',
]);
