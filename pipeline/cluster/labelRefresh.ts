// cluster_labels after a run: the full description (top terms, representatives, categories,
// labels, summaries, retired clusters) or the nightly light refresh of sizes and similarities.
import type { Db } from '../db.ts';
import type { ClusterOptions } from './options.ts';
import { appendRows } from './store.ts';
import { describeClusters, topTerms } from './describe.ts';
import { buildLabel } from './labels.ts';
import { summarize } from './summary.ts';
import type { SourceQueries } from './source.ts';

/**
 * Updates cluster_labels: facts of every active cluster, a label for clusters without one (unique
 * among active clusters), retired clusters marked. Returns the number of active clusters.
 */
export async function refreshLabels(
  db: Db,
  opts: ClusterOptions,
  source: SourceQueries,
  buildId: number,
  active: Set<number>,
  previousLabels: Map<number, string>,
  retired: number[],
  matchedSimilarity: Map<number, number | null>,
): Promise<number> {
  const facts = await describeClusters(
    db,
    source.category,
    opts.labelSample,
    opts.vocabulary.maxDfShare,
  );
  const ranked = await topTerms(db);
  const summaries = await representativeSummaries(db, source);
  const existing = new Map(
    (
      await db.all<{ cluster_id: number; created_build: number }>(
        'select cluster_id, created_build from cluster_labels',
      )
    ).map((r) => [Number(r.cluster_id), Number(r.created_build)]),
  );
  const ids = [...active].sort((a, b) => a - b);
  const used = new Set<string>();
  for (const id of ids) {
    const l = previousLabels.get(id);
    if (l) used.add(l);
  }
  const rows: (string | number | null)[][] = [];
  for (const id of ids) {
    const f = facts.get(id);
    let label = previousLabels.get(id);
    if (!label) {
      const terms = ranked.get(id) ?? [];
      label = buildLabel(terms) || `cluster ${id}`;
      // Two clusters must not read the same: extend with the next terms, else number it.
      for (let n = 4; used.has(label) && n <= 6; n++) label = buildLabel(terms, n);
      if (used.has(label)) label = `${label} (${id})`;
      used.add(label);
    }
    rows.push([
      id,
      label,
      f?.category ?? null,
      f?.categoryShare ?? null,
      f?.complaints ?? 0,
      f?.meanSimilarity ?? null,
      existing.get(id) ?? buildId,
      buildId,
      matchedSimilarity.get(id) ?? null,
      summaries.get(id) ?? null,
    ]);
  }
  await db.run(
    'create or replace temp table cluster_labels_tmp (cluster_id integer, label varchar, category varchar, category_share double, complaints bigint, mean_similarity double, created_build integer, updated_build integer, matched_similarity double, summary varchar)',
  );
  await appendRows(db, 'cluster_labels_tmp', rows, [
    'int',
    'text',
    'text',
    'double',
    'int',
    'double',
    'int',
    'int',
    'double',
    'text',
  ]);
  await db.run(
    'delete from cluster_labels where cluster_id in (select cluster_id from cluster_labels_tmp)',
  );
  await db.run(
    `insert into cluster_labels
     select t.cluster_id, t.label, t.category, t.category_share, t.complaints, t.mean_similarity,
            tt.terms, r.ids, true, t.created_build, t.updated_build, null, t.matched_similarity, t.summary
     from cluster_labels_tmp as t
     left join (select cluster_id, list(display order by rank) as terms from cluster_top_terms group by cluster_id) as tt on tt.cluster_id = t.cluster_id
     left join cluster_representatives as r on r.cluster_id = t.cluster_id
     order by t.cluster_id`,
  );
  if (retired.length > 0) {
    await db.run(
      `update cluster_labels set active = false, retired_build = $b where cluster_id in (${retired.map((r) => Number(r)).join(',')})`,
      { b: buildId },
    );
  }
  // Any other cluster still marked active is not part of this model any more.
  await db.run(
    'update cluster_labels set active = false, retired_build = coalesce(retired_build, $b) where active and cluster_id not in (select cluster_id from cluster_labels_tmp)',
    { b: buildId },
  );
  await db.run(
    'drop table if exists cluster_labels_tmp; drop table if exists cluster_representatives; drop table if exists text_changed',
  );
  return active.size;
}

/** One-line summary of each cluster from its most representative complaint (cluster_representatives). */
async function representativeSummaries(
  db: Db,
  source: SourceQueries,
): Promise<Map<number, string>> {
  const rows = await db.all<{ cluster_id: number; description: string | null }>(
    `select r.cluster_id, s.description
     from cluster_representatives as r
     join (${source.text}) as s on s.complaint_id = r.ids[1]`,
  );
  return new Map(rows.map((r) => [Number(r.cluster_id), summarize(r.description)]));
}

/** Nightly light refresh: complaints and mean similarity of every active cluster. */
export async function refreshSizes(db: Db, buildId: number): Promise<number> {
  await db.run(
    `update cluster_labels set complaints = coalesce(s.n, 0), mean_similarity = s.sim, updated_build = $b
     from (select l.cluster_id, c.n, c.sim from cluster_labels l
           left join (select cluster_id, count(*) as n, avg(1 - distance) as sim from complaint_clusters where cluster_id is not null group by cluster_id) c
           on c.cluster_id = l.cluster_id where l.active) as s
     where cluster_labels.cluster_id = s.cluster_id`,
    { b: buildId },
  );
  await db.run('drop table if exists text_changed');
  return Number(await db.scalar('select count(*) from cluster_labels where active'));
}
