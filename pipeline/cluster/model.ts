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
import { prepareText, type PrepareResult } from '../text/prepare.ts';
import { resolveClusterOptions, type ClusterOptions } from './options.ts';
import {
  NumericAppender,
  appendRows,
  ensureClusterTables,
  intColumn,
  streamChunks,
  textColumn,
} from './store.ts';
import { computeVocabulary, loadVocabulary, vectorize, type Vocabulary } from './vectors.ts';
import { selectRows, type Csr } from './sparse.ts';
import { assignRows, transpose } from './kmeans.ts';
import { fitCold, fitWarm, type FitResult } from './fit.ts';
import { CATEGORY_KEY, matchClusters, type TermVector } from './match.ts';
import { describeClusters, topTerms } from './describe.ts';
import { buildLabel } from './labels.ts';
import { summarize } from './summary.ts';
import { buildChanges, changedAnything, type BuildChanges } from './changes.ts';
import { unitHash } from './random.ts';
import { Stopwatch } from './stopwatch.ts';

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

interface PreviousModel {
  buildId: number;
  fitBuild: number;
  builtAt: string;
  docsAtFit: number;
  outlierShare: number;
  meanSimilarity: number;
  signature: string | null;
  /** Complaints in the fitted state (for the expected sizes of a warm fit). */
  docs: number;
  clusters: { id: number; label: string; complaints: number; vector: TermVector }[];
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

async function columnsOf(db: Db, relation: string): Promise<Set<string>> {
  const rows = await db.all<{ c: string }>(
    `select lower(column_name) as c from information_schema.columns where table_name = $relation and table_schema = current_schema()`,
    { relation },
  );
  return new Set(rows.map((r) => r.c));
}

const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;

export interface SourceQueries {
  /** (complaint_id, description) of the complaints to cluster. */
  text: string;
  /** (complaint_id, category) of the same complaints. */
  category: string;
  /** (complaint_id, description, category) in one query. */
  combined: string;
}

/**
 * The complaints to cluster. int_complaints_enriched keeps free text out (it stays in
 * stg_complaints), so by default the text comes from stg_complaints (valid complaints: status not
 * 'invalid', as is_valid in the enriched table) and the category from int_complaints_enriched —
 * two scans instead of a join of both on every night. A source relation that carries its own
 * description (evaluation sets, the bench's hold-out view) is used for both.
 */
async function sourceQueries(db: Db, source: string): Promise<SourceQueries> {
  const cols = await columnsOf(db, source);
  if (!cols.has('complaint_id'))
    throw new Error(`clustering: ${source} has no complaint_id column (or does not exist)`);
  const category = cols.has('category') ? 'category' : 'cast(null as varchar) as category';
  const where = cols.has('is_valid') ? 'where is_valid is not false' : '';
  if (cols.has('description')) {
    return {
      text: `select cast(complaint_id as varchar) as complaint_id, description from ${quoteName(source)} ${where}`,
      category: `select cast(complaint_id as varchar) as complaint_id, ${category} from ${quoteName(source)} ${where}`,
      combined: `select cast(complaint_id as varchar) as complaint_id, description, ${category} from ${quoteName(source)} ${where}`,
    };
  }
  const stg = await columnsOf(db, 'stg_complaints');
  if (!stg.has('description'))
    throw new Error(`clustering: no description column in ${source} or stg_complaints`);
  const valid = stg.has('status') ? `where status is distinct from 'invalid'` : '';
  const text = `select cast(complaint_id as varchar) as complaint_id, description from stg_complaints ${valid}`;
  const cats = `select cast(complaint_id as varchar) as complaint_id, ${category} from ${quoteName(source)} ${where}`;
  return {
    text,
    category: cats,
    combined: `select t.complaint_id, t.description, c.category from (${text}) as t join (${cats}) as c on c.complaint_id = t.complaint_id`,
  };
}

async function loadPrevious(db: Db): Promise<PreviousModel | null> {
  const b = await db.one<{
    build_id: number;
    fit_build: number;
    built_at: string;
    docs_at_fit: number;
    outlier_share: number;
    mean_similarity: number;
    signature: string | null;
  }>(
    `select b.build_id, b.fit_build, cast(f.built_at as varchar) as built_at, b.docs_at_fit, f.outlier_share, f.mean_similarity, f.signature
     from cluster_builds b join cluster_builds f on f.build_id = b.fit_build
     order by b.build_id desc limit 1`,
  );
  if (!b) return null;
  const labels = await db.all<{ cluster_id: number; label: string; complaints: number }>(
    'select cluster_id, label, complaints from cluster_labels where active order by cluster_id',
  );
  const docs = Number(await db.scalar('select count(*) from complaint_clusters'));
  if (labels.length === 0) return null;
  const vectors = new Map<number, TermVector>();
  await streamChunks(
    db,
    'select cluster_id, kind, term, weight from cluster_centroids order by cluster_id, weight desc, term',
    (chunk) => {
      const ids = intColumn(chunk, 0);
      const kinds = textColumn(chunk, 1);
      const terms = textColumn(chunk, 2);
      const w = chunk.getColumnVector(3);
      for (let r = 0; r < ids.length; r++) {
        let v = vectors.get(ids[r]);
        if (!v) vectors.set(ids[r], (v = new Map()));
        v.set(kinds[r] === 'category' ? CATEGORY_KEY + terms[r] : terms[r], Number(w.getItem(r)));
      }
    },
  );
  return {
    buildId: Number(b.build_id),
    fitBuild: Number(b.fit_build),
    builtAt: b.built_at,
    docsAtFit: Number(b.docs_at_fit),
    outlierShare: Number(b.outlier_share),
    meanSimilarity: Number(b.mean_similarity),
    signature: b.signature,
    docs,
    clusters: labels.map((l) => ({
      id: Number(l.cluster_id),
      label: l.label,
      complaints: Number(l.complaints),
      vector: vectors.get(Number(l.cluster_id)) ?? new Map(),
    })),
  };
}

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

function emptyFit(dim: number): FitResult {
  return {
    k: 0,
    dim,
    centroids: new Float32Array(0),
    assign: new Int32Array(0),
    sim: new Float32Array(0),
    sizes: new Int32Array(0),
    origin: new Int32Array(0),
    splits: [],
    dissolved: 0,
  };
}

/** Category index (position in CATEGORIES, -1 = none or unknown) of each processed complaint. */
function categoryIndex(categories: readonly (string | null)[]): Int32Array {
  const index = new Map<string, number>(CATEGORIES.map((c, i) => [c, i]));
  return Int32Array.from(categories, (c) => (c === null ? -1 : (index.get(c) ?? -1)));
}

/** Dense unit centroid (length dim) from a term-keyed vector, in this vocabulary. */
function toDense(
  v: TermVector,
  vocabIndex: Map<string, number>,
  textDim: number,
  dim: number,
): Float32Array {
  const out = new Float32Array(dim);
  for (const [key, w] of v) {
    if (key.startsWith(CATEGORY_KEY)) {
      const c = (CATEGORIES as readonly string[]).indexOf(key.slice(CATEGORY_KEY.length));
      if (c >= 0 && textDim + c < dim) out[textDim + c] = w;
    } else {
      const i = vocabIndex.get(key);
      if (i !== undefined) out[i] = w;
    }
  }
  let s = 0;
  for (let i = 0; i < dim; i++) s += out[i] * out[i];
  if (s > 0) for (let i = 0; i < dim; i++) out[i] /= Math.sqrt(s);
  return out;
}

/** Term-keyed centroid keeping the `keep` largest text weights and the category weights, renormalised. */
function toTermVector(
  c: Float32Array,
  base: number,
  vocab: Vocabulary,
  textDim: number,
  dim: number,
  keep: number,
): TermVector {
  const idx: number[] = [];
  for (let i = 0; i < textDim; i++) if (c[base + i] > 0) idx.push(i);
  idx.sort((a, b) => c[base + b] - c[base + a] || a - b);
  const v: TermVector = new Map();
  for (const i of idx.slice(0, keep)) v.set(vocab.terms[i], c[base + i]);
  for (let j = textDim; j < dim; j++)
    if (c[base + j] > 0) v.set(CATEGORY_KEY + CATEGORIES[j - textDim], c[base + j]);
  let s = 0;
  for (const w of v.values()) s += w * w;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (const [k, w] of v) v.set(k, w * inv);
  return v;
}

interface Assignment {
  cluster: Int32Array; // index into centroids, -1 = unassigned
  sim: Float32Array; // text similarity to the nearest centroid
}

/**
 * Nearest centroid of every row (argmax of the full cosine, category included), and the text-only
 * cosine to it, which decides "unassigned" (a generic text should not be placed by category alone).
 */
function assignAll(
  m: Csr,
  centroids: Float32Array,
  k: number,
  textDim: number,
  minSimilarity: number,
): Assignment {
  const dim = m.dim;
  if (k === 0) return { cluster: new Int32Array(m.rows).fill(-1), sim: new Float32Array(m.rows) };
  const ct = transpose(centroids, k, dim);
  const best = new Int32Array(m.rows);
  const full = new Float32Array(m.rows);
  assignRows(m, ct, k, best, full);
  const textNorm = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let d = 0; d < textDim; d++) s += centroids[j * dim + d] ** 2;
    textNorm[j] = Math.sqrt(s);
  }
  const sim = new Float32Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    const j = best[i];
    if (j < 0) continue;
    let dot = 0;
    let xn = 0;
    for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) {
      const t = m.indices[p];
      if (t >= textDim) continue;
      dot += m.values[p] * centroids[j * dim + t];
      xn += m.values[p] * m.values[p];
    }
    sim[i] = xn > 0 && textNorm[j] > 0 ? dot / (Math.sqrt(xn) * textNorm[j]) : 0;
    if (sim[i] < minSimilarity) best[i] = -1;
  }
  return { cluster: best, sim };
}

/** Writes (doc, cluster, similarity) rows into complaint_clusters via a numeric temp table. */
async function writeAssignments(
  db: Db,
  store: PrepareResult['store'],
  a: Assignment,
  ids: readonly number[],
  buildId: number,
  replaceAll: boolean,
): Promise<void> {
  await db.run(
    'create or replace temp table cluster_assign_tmp (doc_id integer, cluster_id integer, similarity double)',
  );
  const app = await NumericAppender.open(db, 'cluster_assign_tmp', ['int', 'int', 'double']);
  for (let p = 0; p < store.size; p++)
    app.push(store.docId(p), a.cluster[p] >= 0 ? ids[a.cluster[p]] : -1, a.sim[p]);
  app.close();
  if (replaceAll) await db.run('delete from complaint_clusters');
  else
    await db.run(
      'delete from complaint_clusters where complaint_id in (select complaint_id from text_changed)',
    );
  await db.run(
    `insert into complaint_clusters
     select d.complaint_id, case when t.cluster_id >= 0 then t.cluster_id end, greatest(0, least(1, 1 - t.similarity)), $build
     from cluster_assign_tmp as t join text_docs as d on d.doc_id = t.doc_id
     order by d.complaint_id`,
    { build: buildId },
  );
  await db.run('drop table if exists cluster_assign_tmp');
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
  const { matrix } = vectorize(prep.store, vocab, category, CATEGORIES.length, opts.categoryWeight);
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
  const fitOpts = {
    seed: opts.seed,
    minClusterSize,
    maxClusters: opts.maxClusters,
    maxClusterShare: opts.maxClusterShare,
    maxChildCosine: opts.maxChildCosine,
    trials: opts.trials,
    refineIterations: opts.refineIterations,
    warmIterations: opts.warmIterations,
    textDim,
    lsaDims: opts.lsa.dims,
    lsaMaxChildCosine: opts.lsa.maxChildCosine,
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
      `${fit.splits.filter((s) => s.accepted).length} splits, ${fit.dissolved} dissolved, ${(summary.milliseconds / 1000).toFixed(1)} s ${JSON.stringify(summary.timings)}`,
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
  const facts = await describeClusters(db, source.category, opts.labelSample);
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
