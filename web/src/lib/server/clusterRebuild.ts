// The last rebuild of the root-cause model, when it changed clusters people already know: recorded
// by the clustering step in cluster_builds.changes (pipeline/cluster/changes.ts) and read through
// mart_cluster_builds, which names the clusters. Shown on the Root causes page so that a root cause
// whose complaints moved, a new one or a retired one is never a silent change between two nights.
import { queryMart } from './db.ts';

export interface RebuildCluster {
  id: string;
  label: string;
}

export interface RebuildNotice {
  buildId: number;
  builtAt: string;
  mode: string;
  reason: string | null;
  kept: number;
  changed: RebuildCluster[];
  added: RebuildCluster[];
  retired: RebuildCluster[];
}

/** The notice for the current model's fit, or null when it changed nothing (or nothing is known). */
export async function loadLastRebuild(): Promise<RebuildNotice | null> {
  const rows = await queryMart(
    'mart_cluster_builds',
    'select * from mart_cluster_builds where is_current_fit and kept is not null',
  );
  if (rows.length === 0) return null;
  const r = rows[0];
  const named = (ids: string[] | null, labels: string[] | null) =>
    (ids ?? []).map((id, i) => ({ id, label: labels?.[i] ?? `#${id}` }));
  const changed = named(r.changed_ids, r.changed_labels);
  const added = named(r.new_ids, r.new_labels);
  const retired = named(r.retired_ids, r.retired_labels);
  if (changed.length + added.length + retired.length === 0) return null;
  return {
    buildId: r.build_id ?? 0,
    builtAt: (r.built_at ?? '').slice(0, 16),
    mode: r.mode ?? '',
    reason: r.reason,
    kept: r.kept ?? 0,
    changed,
    added,
    retired,
  };
}
