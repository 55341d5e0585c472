// The last rebuild of the root-cause model, when it changed clusters people already know: written by
// the clustering step into cluster_builds.changes (pipeline/cluster/changes.ts). Shown on the Root
// causes page so that a root cause whose complaints moved, a new one or a retired one is never a
// silent change between two nights.
import { query } from './db.ts';

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

interface Changes {
  kept?: number;
  changed?: { id: number }[];
  new?: number[];
  retired?: number[];
}

/** The notice for the current model's fit, or null when it changed nothing (or nothing is known). */
export async function loadLastRebuild(): Promise<RebuildNotice | null> {
  const rows = await query(
    `select build_id, strftime(built_at, '%Y-%m-%d %H:%M') as built_at, mode, reason, cast(changes as varchar) as changes
     from cluster_builds
     where build_id = (select max(fit_build) from cluster_builds) and changes is not null`,
  );
  if (rows.length === 0) return null;
  const r = rows[0];
  const c = JSON.parse(String(r.changes)) as Changes;
  const ids = (list: number[] | undefined) => (list ?? []).map(String);
  const changed = (c.changed ?? []).map((x) => String(x.id));
  const added = ids(c.new);
  const retired = ids(c.retired);
  if (changed.length + added.length + retired.length === 0) return null;
  const labels = new Map(
    (await query('select cast(cluster_id as varchar) as id, label from cluster_labels')).map(
      (l) => [String(l.id), String(l.label)],
    ),
  );
  const named = (list: string[]) => list.map((id) => ({ id, label: labels.get(id) ?? `#${id}` }));
  return {
    buildId: Number(r.build_id),
    builtAt: String(r.built_at),
    mode: String(r.mode),
    reason: r.reason === null ? null : String(r.reason),
    kept: Number(c.kept ?? 0),
    changed: named(changed),
    added: named(added),
    retired: named(retired),
  };
}
