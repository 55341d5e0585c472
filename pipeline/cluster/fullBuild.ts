// A cold or warm run (model.ts decides which): text preparation for every complaint, the
// vocabulary, the fit on the hash sample, cluster term weights, assignment of every complaint,
// matching to the previous clusters (ids and labels kept), centroids and labels written.
import type { Db } from '../db.ts';
import { CATEGORIES } from '../taxonomy/lexicon.ts';
import type { Tokenizer } from '../text/tokenize.ts';
import type { ClusterOptions } from './options.ts';
import { appendRows } from './store.ts';
import { computeVocabulary, vectorize } from './vectors.ts';
import { selectRows } from './sparse.ts';
import { childCosineFor, meanTextTerms } from './splitRule.ts';
import { fitCold, fitWarm, type FitResult } from './fit.ts';
import { centroidsOf } from './kmeans.ts';
import { clusterTermWeights, reweightRows } from './termWeights.ts';
import { CATEGORY_KEY, matchClusters, type TermVector } from './match.ts';
import { buildChanges, changedAnything } from './changes.ts';
import { unitHash } from './random.ts';
import { Stopwatch } from './stopwatch.ts';
import { prepareSourceText, type PreviousModel, type SourceQueries } from './source.ts';
import {
  assignAll,
  categoryIndex,
  emptyFit,
  toDense,
  toTermVector,
  writeAssignments,
} from './assignment.ts';
import { recordBuild, runStats } from './buildRecord.ts';
import { refreshLabels } from './labelRefresh.ts';
import type { ClusterContext, ClusterRunSummary, RunMode } from './runTypes.ts';

export async function fullBuild(
  db: Db,
  ctx: ClusterContext,
  opts: ClusterOptions,
  tokenizer: Tokenizer,
  source: SourceQueries,
  prev: PreviousModel | null,
  buildId: number,
  mode: RunMode,
  reason: string,
  started: number,
): Promise<ClusterRunSummary> {
  const log = ctx.log ?? (() => {});
  const timings: Record<string, number> = {};
  const sw = new Stopwatch(timings);
  const prep = await prepareSourceText(db, source, tokenizer, opts, true, log);
  sw.lap('text');

  sw.reset();
  const vocab = await computeVocabulary(db, opts.vocabulary, prep.docsWithWords);
  if (vocab.tooCommon.length > 0)
    log(
      `clustering ignores words in more than ${Math.round(opts.vocabulary.maxDfShare * 100)} % of the complaints (boilerplate or the corpus's own subject; still used in labels): ` +
        `${vocab.tooCommon.map((w) => `${w.term} ${Math.round(w.share * 100)} %`).join(', ')} — clustering.vocabulary.maxDfShare sets the limit`,
    );
  const complaintIds = prep.complaintIds;
  const category = categoryIndex(prep.categories);
  const textDim = vocab.termIds.length;
  let { matrix } = vectorize(prep.store, vocab, category, CATEGORIES.length, opts.categoryWeight);
  const dim = matrix.dim;
  sw.lap('vectors');

  // Fit sample: a hash of complaint_id, so the same complaints are sampled run after run.
  sw.reset();
  let nonEmpty = 0;
  for (let i = 0; i < matrix.rows; i++) if (matrix.indptr[i + 1] > matrix.indptr[i]) nonEmpty++;
  const rate = Math.min(1, opts.fitSample / Math.max(1, nonEmpty));
  const sample: number[] = [];
  for (let i = 0; i < matrix.rows; i++) {
    if (matrix.indptr[i + 1] === matrix.indptr[i]) continue;
    if (rate >= 1 || unitHash(complaintIds[i], opts.seed) < rate) sample.push(i);
  }
  // The store's order is arbitrary; the fit sees the sample in complaint_id order (deterministic).
  sample.sort((a, b) =>
    complaintIds[a] < complaintIds[b] ? -1 : complaintIds[a] > complaintIds[b] ? 1 : 0,
  );
  const fitMatrix = selectRows(matrix, sample);
  const minClusterSize = Math.max(
    opts.minClusterSize,
    Math.round(opts.minClusterShare * sample.length),
  );
  // Acceptance cosine of a split: fixed when configured, otherwise from the fitted complaints' mean
  // length in vocabulary terms (long narratives share more incidental words; splitRule.ts).
  const meanTerms = meanTextTerms(fitMatrix, textDim);
  const maxChildCosine = opts.maxChildCosine ?? childCosineFor(meanTerms, opts.childCosine);
  const fitOpts = {
    seed: opts.seed,
    minClusterSize,
    maxClusters: opts.maxClusters,
    maxClusterShare: opts.maxClusterShare,
    maxChildCosine,
    trials: opts.trials,
    refineIterations: opts.refineIterations,
    warmIterations: opts.warmIterations,
    textDim,
    lsaDims: opts.lsa.dims,
    lsaMaxChildCosine: opts.lsa.maxChildCosine,
    consensus: opts.consensus,
    rowKeys: sample.map((i) => complaintIds[i]),
  };
  const vocabIndex = new Map(vocab.terms.map((term, i) => [term, i]));
  let fit: FitResult;
  if (sample.length < 2 * minClusterSize) {
    // Too few complaints with usable text for even one cluster: none (all unassigned).
    fit = emptyFit(dim);
  } else if (mode === 'warm' && prev && prev.clusters.length > 0) {
    const init = prev.clusters.map((c) => toDense(c.vector, vocabIndex, textDim, dim));
    const expected = prev.clusters.map(
      (c) => (c.complaints / Math.max(1, prev.docs)) * sample.length,
    );
    fit = fitWarm(
      fitMatrix,
      init,
      prev.clusters.map((c) => `c${c.id}`),
      fitOpts,
      expected,
    );
  } else {
    fit = fitCold(fitMatrix, fitOpts);
  }
  sw.lap('fit');
  if (process.env.CL_SPLITS)
    for (const sp of fit.splits)
      log(
        `  split ${sp.path} ${sp.size} → ${sp.sizes.join('/')} cos ${sp.childCosine.toFixed(2)} gain ${sp.gain.toFixed(3)} ${sp.accepted ? 'accepted' : sp.reason}`,
      );

  // Cluster-discriminative term weights (termWeights.ts): the centroids of the same partition and
  // every complaint's vector use idf × weight; the weights are stored with the vocabulary, so the
  // nightly assignment builds the same vectors.
  sw.reset();
  if (opts.termWeights.mode === 'cluster' && fit.k > 1) {
    const weights = clusterTermWeights(
      fitMatrix,
      fit.assign,
      fit.k,
      textDim,
      opts.termWeights.floor,
    );
    matrix = reweightRows(matrix, weights, textDim);
    centroidsOf(reweightRows(fitMatrix, weights, textDim), fit.assign, fit.k, fit.centroids);
    await storeTermWeights(db, vocab.termIds, weights);
  }
  sw.lap('weights');

  // Stored centroids are truncated to the top terms; assignment uses exactly the stored form, so
  // that tonight's full build and tomorrow's nightly assignment place a complaint the same way.
  sw.reset();
  const termVectors: TermVector[] = [];
  const centroids = new Float32Array(fit.k * dim);
  for (let j = 0; j < fit.k; j++) {
    const v = toTermVector(fit.centroids, j * dim, vocab, textDim, dim, opts.centroidTerms);
    termVectors.push(v);
    centroids.set(toDense(v, vocabIndex, textDim, dim), j * dim);
  }
  const firstNewId = Number(
    await db.scalar('select coalesce(max(cluster_id), 0) + 1 from cluster_labels'),
  );
  const match = matchClusters(prev?.clusters ?? [], termVectors, opts.matchThreshold, firstNewId);
  const assignment = assignAll(matrix, centroids, fit.k, textDim, opts.minSimilarity);
  sw.lap('assign');

  sw.reset();
  await writeAssignments(db, prep.store, assignment, match.ids, buildId, true);
  await db.run('delete from cluster_centroids');
  const centroidRows: (string | number)[][] = [];
  termVectors.forEach((v, j) => {
    for (const [key, w] of v) {
      if (key.startsWith(CATEGORY_KEY))
        centroidRows.push([match.ids[j], 'category', key.slice(CATEGORY_KEY.length), w]);
      else centroidRows.push([match.ids[j], 'term', key, w]);
    }
  });
  await appendRows(db, 'cluster_centroids', centroidRows, ['int', 'text', 'text', 'double']);
  sw.lap('write');

  sw.reset();
  const prevLabels = new Map((prev?.clusters ?? []).map((c) => [c.id, c.label]));
  const labelled = await refreshLabels(
    db,
    opts,
    source,
    buildId,
    new Set(match.ids),
    prevLabels,
    match.retired,
    new Map(match.ids.map((id, j) => [id, match.similarity[j]])),
  );
  sw.lap('describe');

  const stats = await runStats(db);
  const summary: ClusterRunSummary = {
    buildId,
    mode,
    reason,
    docs: prep.docs,
    newDocs: prep.processed,
    fitDocs: sample.length,
    vocabulary: textDim,
    clusters: labelled,
    outlierShare: stats.outlierShare,
    meanSimilarity: stats.meanSimilarity,
    newOutlierShare: null,
    newMeanSimilarity: null,
    keptIds: match.similarity.filter((s) => s !== null).length,
    newIds: match.similarity.filter((s) => s === null).length,
    retiredIds: match.retired.length,
    milliseconds: Math.round(performance.now() - started),
    timings: {
      ...timings,
      ...Object.fromEntries(Object.entries(prep.timings).map(([k, v]) => [`text.${k}`, v])),
    },
  };
  const changes = buildChanges(match, (prev?.clusters.length ?? 0) > 0);
  await recordBuild(db, summary, buildId, prep.docs, opts, tokenizer.signature, true, changes);
  if (changedAnything(changes))
    log(
      `clustering: the ${mode} rebuild changed root causes: ${changes!.changed.length} changed (${changes!.changed.map((c) => `#${c.id}`).join(', ') || '–'}), ${changes!.new.length} new, ${changes!.retired.length} retired (cluster_builds.changes)`,
    );
  log(
    `clustering ${mode} (${reason}): ${summary.docs} complaints, ${summary.fitDocs} fitted, vocabulary ${textDim}, ${summary.clusters} clusters ` +
      `(${summary.keptIds} kept, ${summary.newIds} new, ${summary.retiredIds} retired), unassigned ${(summary.outlierShare * 100).toFixed(1)}%, ` +
      `${fit.splits.filter((s) => s.accepted).length} splits (acceptance cosine ${maxChildCosine.toFixed(3)}${opts.maxChildCosine === null ? `, from ${meanTerms.toFixed(1)} terms per complaint` : ''}), ${fit.dissolved} dissolved, ${(summary.milliseconds / 1000).toFixed(1)} s ${JSON.stringify(summary.timings)}`,
  );
  return summary;
}

/** cluster_vocab.weight of each vocabulary word (termWeights.ts). */
async function storeTermWeights(db: Db, termIds: Int32Array, weights: Float64Array): Promise<void> {
  await db.run('create or replace table cluster_weight_tmp (term_id integer, weight double)');
  await appendRows(
    db,
    'cluster_weight_tmp',
    Array.from(termIds, (id, i) => [id, weights[i]]),
    ['int', 'double'],
  );
  await db.run(
    'update cluster_vocab set weight = t.weight from cluster_weight_tmp as t where cluster_vocab.term_id = t.term_id',
  );
  await db.run('drop table if exists cluster_weight_tmp');
}
