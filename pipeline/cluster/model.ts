// Root-cause clustering as a model step of the build (`clusterModel`, registered by the model runner
// after int_complaints_enriched; SQL marts reading complaint_clusters run after it).
//
// Each run is one of:
//   cold   — first build, or `clustering.rebuild = "cold"`: text prep for all complaints, bisecting
//            k-means from scratch on the fit sample, assignment of every complaint;
//   warm   — full rebuild started from the previous centroids (on demand with rebuild = "always",
//            or automatically: drift, growth, age, changed tokeniser settings);
//   assign — the nightly default: only new/changed complaints are tokenised and assigned to the
//            existing clusters; then drift is measured and, past the threshold, a warm rebuild runs.
// After a cold or warm fit, clusters are matched to the previous ones by centroid cosine and keep
// their ids and labels (match.ts). docs/clustering.md explains every choice with measurements.
import { readFile } from 'node:fs/promises';
import type { Db } from '../db.ts';
import type { Config } from '../config.ts';
import { CATEGORIES } from '../taxonomy/lexicon.ts';
import { Tokenizer } from '../text/tokenize.ts';
import { prepareText } from '../text/prepare.ts';
import { resolveClusterOptions, type ClusterOptions } from './options.ts';
import { appendRows, ensureClusterTables } from './store.ts';
import { computeVocabulary, loadVocabulary, vectorize } from './vectors.ts';
import { selectRows } from './sparse.ts';
import { childCosineFor, meanTextTerms } from './splitRule.ts';
import { fitCold, fitWarm, type FitResult } from './fit.ts';
import { centroidsOf } from './kmeans.ts';
import { clusterTermWeights, reweightRows } from './termWeights.ts';
import { CATEGORY_KEY, matchClusters, type TermVector } from './match.ts';
import { describeClusters, topTerms } from './describe.ts';
import { buildLabel } from './labels.ts';
import { summarize } from './summary.ts';
import { buildChanges, changedAnything, type BuildChanges } from './changes.ts';
import { unitHash } from './random.ts';
import { Stopwatch } from './stopwatch.ts';
import { loadPrevious, sourceQueries, type PreviousModel, type SourceQueries } from './source.ts';
import {
  assignAll,
  categoryIndex,
  emptyFit,
  toDense,
  toTermVector,
  writeAssignments,
} from './assignment.ts';

export interface ClusterContext {
  config: Config;
  log?: (m: string) => void;
  /** Settings on top of config.clustering (tests, bench, eval). */
  options?: Partial<ClusterOptions>;
  /** Relation holding complaint_id, description and (optionally) category, is_valid. */
  source?: string;
}

export type RunMode = 'cold' | 'warm' | 'assign';

export interface ClusterRunSummary {
  buildId: number;
  mode: RunMode;
  reason: string;
  docs: number;
  newDocs: number;
  fitDocs: number;
  vocabulary: number;
  clusters: number;
  outlierShare: number;
  meanSimilarity: number;
  newOutlierShare: number | null;
  newMeanSimilarity: number | null;
  keptIds: number;
  newIds: number;
  retiredIds: number;
  milliseconds: number;
  timings: Record<string, number>;
  /** Set when a nightly assignment found drift and rebuilt in the same run. */
  assignedFirst?: ClusterRunSummary;
}

export const clusterModel = {
  name: 'complaint_clusters',
  deps: ['int_complaints_enriched', 'stg_complaints'],
  async build(
    db: Db,
    ctx: { config: Config; log?: (m: string) => void },
  ): Promise<{ rows: number }> {
    await runClustering(db, ctx);
    return { rows: Number(await db.scalar('select count(*) from complaint_clusters')) };
  },
};

async function makeTokenizer(opts: ClusterOptions): Promise<Tokenizer> {
  const fileText = opts.text.userDictionaryFile
    ? await readFile(opts.text.userDictionaryFile, 'utf8')
    : '';
  return new Tokenizer({
    userDictionary: opts.text.userDictionary,
    userDictionaryFileText: fileText,
    stopWords: opts.text.stopWords,
    keepWords: opts.text.keepWords,
  });
}

function ageDays(builtAt: string, now: Date): number {
  const t = Date.parse(builtAt.replace(' ', 'T'));
  return Number.isFinite(t) ? (now.getTime() - t) / 86400000 : 0;
}

/** Runs the clustering step (see the header for the modes). */
export async function runClustering(db: Db, ctx: ClusterContext): Promise<ClusterRunSummary> {
  const started = performance.now();
  const log = ctx.log ?? (() => {});
  await ensureClusterTables(db);
  const opts = resolveClusterOptions(ctx.config, ctx.options);
  const tokenizer = await makeTokenizer(opts);
  const source = await sourceQueries(db, ctx.source ?? 'int_complaints_enriched');
  const prev = await loadPrevious(db);
  const buildId = Number(
    await db.scalar('select coalesce(max(build_id), 0) + 1 from cluster_builds'),
  );

  let mode: RunMode = 'assign';
  let reason = 'nightly assignment';
  if (!prev) [mode, reason] = ['cold', 'no previous clusters'];
  else if (opts.rebuild === 'cold') [mode, reason] = ['cold', 'rebuild requested (cold)'];
  else if (opts.rebuild === 'always') [mode, reason] = ['warm', 'rebuild requested'];
  else if (opts.rebuild !== 'never') {
    const storeSig = await db.scalar<string>('select min(signature) from text_docs');
    const storeDocs = Number(await db.scalar('select count(*) from text_docs'));
    const docsNow = Number(await db.scalar(`select count(*) from (${source.text})`));
    if (storeDocs === 0) {
      [mode, reason] = ['warm', 'text store empty (new layout or first run of this version)'];
    } else if (
      prev.signature !== tokenizer.signature ||
      (storeSig !== null && storeSig !== undefined && storeSig !== tokenizer.signature)
    ) {
      [mode, reason] = ['warm', 'text settings changed'];
    } else if (ageDays(prev.builtAt, new Date()) > opts.drift.maxAgeDays) {
      [mode, reason] = ['warm', `last fit older than ${opts.drift.maxAgeDays} days`];
    } else if (
      prev.docsAtFit > 0 &&
      (docsNow - prev.docsAtFit) / prev.docsAtFit > opts.drift.maxGrowth
    ) {
      [mode, reason] = [
        'warm',
        `complaints grew by more than ${Math.round(opts.drift.maxGrowth * 100)}% since the last fit`,
      ];
    }
  }

  if (mode === 'assign') {
    const assigned = await assignNew(db, ctx, opts, tokenizer, source, prev!, buildId, started);
    const drifted =
      opts.rebuild !== 'never' &&
      assigned.newDocs >= opts.drift.minNewDocs &&
      ((assigned.newOutlierShare !== null &&
        assigned.newOutlierShare - prev!.outlierShare > opts.drift.maxOutlierIncrease) ||
        (assigned.newMeanSimilarity !== null &&
          assigned.newMeanSimilarity < prev!.meanSimilarity * opts.drift.minSimilarityRatio));
    if (!drifted) return assigned;
    log(
      `clustering: drift (new unassigned ${((assigned.newOutlierShare ?? 0) * 100).toFixed(1)}% vs ${(prev!.outlierShare * 100).toFixed(1)}% at the fit, ` +
        `similarity ${assigned.newMeanSimilarity?.toFixed(3) ?? '–'} vs ${prev!.meanSimilarity.toFixed(3)}): warm rebuild`,
    );
    const rebuilt = await fullBuild(
      db,
      ctx,
      opts,
      tokenizer,
      source,
      await loadPrevious(db),
      buildId + 1,
      'warm',
      'drift past threshold',
      performance.now(),
    );
    return { ...rebuilt, assignedFirst: assigned };
  }
  return fullBuild(db, ctx, opts, tokenizer, source, prev, buildId, mode, reason, started);
}

async function fullBuild(
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
  const prep = await prepareText(db, {
    textSql: source.text,
    categorySql: source.category,
    combinedSql: source.combined,
    tokenizer,
    full: true,
    phrases: opts.phrases,
    phraseSample: opts.fitSample,
    seed: opts.seed,
    log,
  });
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

async function assignNew(
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
  const prep = await prepareText(db, {
    textSql: source.text,
    categorySql: source.category,
    combinedSql: source.combined,
    tokenizer,
    full: false,
    phrases: opts.phrases,
    phraseSample: opts.fitSample,
    seed: opts.seed,
    log,
  });
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

async function runStats(db: Db): Promise<{ outlierShare: number; meanSimilarity: number }> {
  const r = await db.one<{ n: number; out: number; sim: number | null }>(
    'select count(*) as n, count(*) filter (where cluster_id is null) as out, avg(1 - distance) filter (where cluster_id is not null) as sim from complaint_clusters',
  );
  const n = Number(r?.n ?? 0);
  return { outlierShare: n > 0 ? Number(r!.out) / n : 0, meanSimilarity: Number(r?.sim ?? 0) };
}

/**
 * Updates cluster_labels: facts of every active cluster, a label for clusters without one (unique
 * among active clusters), retired clusters marked. Returns the number of active clusters.
 */
async function refreshLabels(
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
async function refreshSizes(db: Db, buildId: number): Promise<number> {
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

async function recordBuild(
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
