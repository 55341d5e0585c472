// Root-cause clusters are keyed by id in the series, alerts and recommendations, and the pipeline's
// reason texts quote that id (`cluster "41"`, `根因簇「41」`), which means nothing to a reader: the
// dashboard names a cluster by its label wherever such a text is shown.
import { query, relationExists } from './db.ts';

/** Labels of the root-cause clusters by id (empty without mart_root_causes). */
export async function loadClusterLabels(): Promise<Record<string, string>> {
  if (!(await relationExists('mart_root_causes'))) return {};
  const rows = await query(`select cast(cluster_id as varchar) as id, label from mart_root_causes`);
  return Object.fromEntries(rows.map((r) => [String(r.id), String(r.label ?? r.id)]));
}

/** `text` with every quotation of the cluster id `id` replaced by the quoted label. Pure. */
export function nameCluster(text: string, id: string, label: string | undefined): string {
  if (!label) return text;
  return text.replaceAll(`"${id}"`, `"${label}"`).replaceAll(`「${id}」`, `「${label}」`);
}
