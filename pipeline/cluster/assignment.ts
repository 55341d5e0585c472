// Assigning complaints to clusters: dense centroids from stored term vectors, nearest-centroid
// assignment with the unassigned rule, and writing the assignments (docs/clustering.md, "Assign").
import type { Db } from '../db.ts';
import { CATEGORIES } from '../taxonomy/lexicon.ts';
import type { PrepareResult } from '../text/prepare.ts';
import type { FitResult } from './fit.ts';
import { assignRows, transpose } from './kmeans.ts';
import { CATEGORY_KEY, type TermVector } from './match.ts';
import type { Csr } from './sparse.ts';
import { NumericAppender } from './store.ts';
import type { Vocabulary } from './vectors.ts';

export function emptyFit(dim: number): FitResult {
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
export function categoryIndex(categories: readonly (string | null)[]): Int32Array {
  const index = new Map<string, number>(CATEGORIES.map((c, i) => [c, i]));
  return Int32Array.from(categories, (c) => (c === null ? -1 : (index.get(c) ?? -1)));
}

/** Dense unit centroid (length dim) from a term-keyed vector, in this vocabulary. */
export function toDense(
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
export function toTermVector(
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

export interface Assignment {
  cluster: Int32Array; // index into centroids, -1 = unassigned
  sim: Float32Array; // text similarity to the nearest centroid
}

/**
 * Nearest centroid of every row (argmax of the full cosine, category included), and the text-only
 * cosine to it, which decides "unassigned" (a generic text should not be placed by category alone).
 */
export function assignAll(
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
export async function writeAssignments(
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
