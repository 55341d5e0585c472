// Root-cause clusters are keyed by id in the series, alerts and recommendations, which means
// nothing to a reader: the dashboard names a cluster by its label wherever one is shown.
import { query } from './db.ts';

/** Labels of the root-cause clusters by id (models built: see models.ts). */
export async function loadClusterLabels(): Promise<Record<string, string>> {
  const rows = await query(`select cast(cluster_id as varchar) as id, label from mart_root_causes`);
  return Object.fromEntries(rows.map((r) => [String(r.id), String(r.label ?? r.id)]));
}
