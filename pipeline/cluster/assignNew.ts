// The nightly assignment (model.ts decides when): only new or changed complaints are tokenised and
// assigned to the stored clusters, with the stored vocabulary and centroids; cluster_labels gets a
// full description only once enough complaints were assigned since the last one.
import type { Db } from '../db.ts';
import { CATEGORIES } from '../taxonomy/lexicon.ts';
import type { Tokenizer } from '../text/tokenize.ts';
import type { ClusterOptions } from './options.ts';
import { loadVocabulary, vectorize } from './vectors.ts';
import { Stopwatch } from './stopwatch.ts';
import { prepareSourceText, type PreviousModel, type SourceQueries } from './source.ts';
import { assignAll, categoryIndex, toDense, writeAssignments } from './assignment.ts';
import { recordBuild, runStats } from './buildRecord.ts';
import { refreshLabels, refreshSizes } from './labelRefresh.ts';
import type { ClusterContext, ClusterRunSummary } from './runTypes.ts';

export async function assignNew(
  db: Db,
  ctx: ClusterContext,
  opts: ClusterOptions,
  tokenizer: Tokenizer,
  source: SourceQueries,
  prev: PreviousModel,
  buildId: number,
  started: number,
): Promise<ClusterRunSummary> {
  const log = ctx.log ?? (() => {});
  const timings: Record<string, number> = {};
  const sw = new Stopwatch(timings);
  const prep = await prepareSourceText(db, source, tokenizer, opts, false, log);
  sw.lap('text');

  sw.reset();
  // The vocabulary is matched by term, not by term_id: ids belong to the text store, which is
  // rebuilt from scratch whenever the tokeniser or the store layout changes.
  const stored = await loadVocabulary(db);
  const vocab = { ...stored, position: new Map<number, number>() };
  stored.terms.forEach((term, i) => {
    const id = prep.dict.ids.get(term);
    if (id !== undefined) vocab.position.set(id, i);
  });
  const textDim = vocab.termIds.length;
  const dim = textDim + CATEGORIES.length;
  const vocabIndex = new Map(vocab.terms.map((term, i) => [term, i]));
  const category = categoryIndex(prep.categories);
  const { matrix } = vectorize(prep.store, vocab, category, CATEGORIES.length, opts.categoryWeight);
  const k = prev.clusters.length;
  const centroids = new Float32Array(k * dim);
  prev.clusters.forEach((c, j) =>
    centroids.set(toDense(c.vector, vocabIndex, textDim, dim), j * dim),
  );
  const assignment = assignAll(matrix, centroids, k, textDim, opts.minSimilarity);
  await writeAssignments(
    db,
    prep.store,
    assignment,
    prev.clusters.map((c) => c.id),
    buildId,
    false,
  );
  sw.lap('assign');

  let outliers = 0;
  let simSum = 0;
  for (let p = 0; p < prep.store.size; p++) {
    if (assignment.cluster[p] < 0) outliers++;
    else simSum += assignment.sim[p];
  }
  const n = prep.store.size;

  sw.reset();
  // Top terms, representatives and categories are recomputed once the complaints assigned since
  // they were last computed reach describeRefreshShare of all; in between only sizes and
  // similarities are updated (a few percent of new complaints do not move a cluster's words, and
  // the full description costs ~3 s at a million complaints — most of the nightly budget).
  const sinceDescribed = Number(
    await db.scalar(
      `select count(*) from complaint_clusters where assigned_build > coalesce((select max(build_id) from cluster_builds where described), 0)`,
    ),
  );
  const described = sinceDescribed >= opts.describeRefreshShare * Math.max(1, prep.docs);
  const labelled = described
    ? await refreshLabels(
        db,
        opts,
        source,
        buildId,
        new Set(prev.clusters.map((c) => c.id)),
        new Map(prev.clusters.map((c) => [c.id, c.label])),
        [],
        new Map(),
      )
    : await refreshSizes(db, buildId);
  sw.lap('describe');

  const stats = await runStats(db);
  const summary: ClusterRunSummary = {
    buildId,
    mode: 'assign',
    reason: 'nightly assignment',
    docs: prep.docs,
    newDocs: n,
    fitDocs: 0,
    vocabulary: textDim,
    clusters: labelled,
    outlierShare: stats.outlierShare,
    meanSimilarity: stats.meanSimilarity,
    newOutlierShare: n > 0 ? outliers / n : null,
    newMeanSimilarity: n - outliers > 0 ? simSum / (n - outliers) : null,
    keptIds: k,
    newIds: 0,
    retiredIds: 0,
    milliseconds: Math.round(performance.now() - started),
    timings: {
      ...timings,
      ...Object.fromEntries(Object.entries(prep.timings).map(([key, v]) => [`text.${key}`, v])),
    },
  };
  await recordBuild(
    db,
    summary,
    prev.fitBuild,
    prev.docsAtFit,
    opts,
    tokenizer.signature,
    described,
  );
  log(
    `clustering assign: ${n} new/changed complaints (${prep.removed} removed), unassigned among them ${summary.newOutlierShare === null ? '-' : (summary.newOutlierShare * 100).toFixed(1) + '%'}, ` +
      `overall ${(summary.outlierShare * 100).toFixed(1)}%, ${(summary.milliseconds / 1000).toFixed(2)} s ${JSON.stringify(summary.timings)}`,
  );
  return summary;
}
