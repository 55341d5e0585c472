// Run statistics over complaint_clusters and the cluster_builds row each run records.
import type { Db } from '../db.ts';
import type { ClusterOptions } from './options.ts';
import type { BuildChanges } from './changes.ts';
import type { ClusterRunSummary } from './runTypes.ts';

export async function runStats(db: Db): Promise<{ outlierShare: number; meanSimilarity: number }> {
  const r = await db.one<{ n: number; out: number; sim: number | null }>(
    'select count(*) as n, count(*) filter (where cluster_id is null) as out, avg(1 - distance) filter (where cluster_id is not null) as sim from complaint_clusters',
  );
  const n = Number(r?.n ?? 0);
  return { outlierShare: n > 0 ? Number(r!.out) / n : 0, meanSimilarity: Number(r?.sim ?? 0) };
}

export async function recordBuild(
  db: Db,
  s: ClusterRunSummary,
  fitBuild: number,
  docsAtFit: number,
  opts: ClusterOptions,
  signature: string,
  described: boolean,
  changes: BuildChanges | null = null,
): Promise<void> {
  await db.run(
    `insert into cluster_builds values ($id, current_localtimestamp(), $mode, $reason, $docs, $new_docs, $fit_docs, $vocab, $clusters, $out, $sim, $new_out, $new_sim,
       $docs_at_fit, $fit_build, $kept, $new_ids, $retired, $seed, $sig, $ms, $timings::json, $described, $changes::json)`,
    {
      id: s.buildId,
      mode: s.mode,
      reason: s.reason,
      docs: s.docs,
      new_docs: s.newDocs,
      fit_docs: s.fitDocs,
      vocab: s.vocabulary,
      clusters: s.clusters,
      out: s.outlierShare,
      sim: s.meanSimilarity,
      new_out: s.newOutlierShare,
      new_sim: s.newMeanSimilarity,
      docs_at_fit: s.mode === 'assign' ? docsAtFit : s.docs,
      fit_build: s.mode === 'assign' ? fitBuild : s.buildId,
      kept: s.keptIds,
      new_ids: s.newIds,
      retired: s.retiredIds,
      seed: opts.seed,
      sig: signature,
      ms: s.milliseconds,
      timings: JSON.stringify(s.timings),
      described,
      changes: changes === null ? null : JSON.stringify(changes),
    },
  );
}
