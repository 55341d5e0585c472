// Bisecting spherical k-means with automatic k (Steinbach, Karypis & Kumar 2000 found it better than
// both k-means and agglomerative clustering on documents). Measured here (docs/clustering.md): on
// the labelled review set its NMI moves little with k and with the seed, where plain k-means swings
// by ±0.04 between seeds.
//
// Start from one cluster (cold) or from the previous build's clusters (warm); repeatedly take the
// cluster with the largest total dissimilarity Σ(1 − cos) and try to split it in two with spherical
// 2-means (best of `trials` by objective). A split is kept only when
//   - both halves have at least `minClusterSize` members (the smallest root cause worth reporting),
//   - the halves' centroids are not near-duplicates (cosine < `maxChildCosine`): a split of one topic
//     into two halves that talk about the same thing is refused.
// A refused cluster is final; k is the number of final clusters. Seeds derive from the cluster's
// path in the split tree ("0.1.1", or "c12.0" under previous cluster 12), not from the order of work,
// so a cluster's fate depends only on its own members.
import { selectRows, type Csr } from './sparse.ts';
import { centroidsOf, lloyd, sphericalKMeans, type KMeansResult } from './kmeans.ts';
import { hash32, rng } from './random.ts';

export interface BisectOptions {
  seed: number;
  minClusterSize: number;
  maxClusters: number;
  maxChildCosine: number;
  trials: number;
  /**
   * Dimensions [0, textDim) are text; later ones (the taxonomy category) are left out of the
   * halves' cosine: two halves of one category share that dimension whatever their topics.
   */
  textDim?: number;
  /** Start with the principal-direction split (PDDP); default true. */
  principal?: boolean;
  /**
   * A cluster holding more than this share of all rows is split even when its halves look alike:
   * one "root cause" for most complaints says nothing (long narratives of many different faults share
   * so many words that the first split of 1,702 NHTSA complaints had cosine 0.64 and stayed whole).
   * Default 1 (never forced).
   */
  maxClusterShare?: number;
  /**
   * Judge the halves by their plain centroid cosine instead of the in-cluster-idf weighted one: on
   * dense LSA coordinates every dimension is in every row, so the in-cluster idf is 0 everywhere.
   */
  plainCosine?: boolean;
}

export interface SplitRecord {
  path: string;
  size: number;
  sizes: [number, number];
  childCosine: number;
  /** Relative drop of Σ(1 − cos) achieved by the split (diagnostic). */
  gain: number;
  accepted: boolean;
  reason: string;
}

export interface BisectNode {
  path: string;
  rows: number[];
  /** false: keep as it is (a warm fit only re-examines clusters that grew). */
  splittable?: boolean;
}

interface WorkNode extends BisectNode {
  cost: number;
  final: boolean;
}

/** Σ(1 − cos(row, centroid)) of the given rows. */
export function dissimilarity(m: Csr, rows: readonly number[]): number {
  if (rows.length === 0) return 0;
  const sub = selectRows(m, rows);
  const c = new Float32Array(m.dim);
  centroidsOf(sub, new Int32Array(sub.rows), 1, c);
  let s = 0;
  for (let i = 0; i < sub.rows; i++) {
    for (let p = sub.indptr[i]; p < sub.indptr[i + 1]; p++) s += sub.values[p] * c[sub.indices[p]];
  }
  return rows.length - s;
}

/** Splits `start` nodes until every node is final or maxClusters is reached; returns the final nodes in path order. */
export function bisect(
  m: Csr,
  start: readonly BisectNode[],
  opts: BisectOptions,
  splits: SplitRecord[] = [],
): BisectNode[] {
  const small = (n: number) => n < 2 * opts.minClusterSize;
  const total = start.reduce((sum, n) => sum + n.rows.length, 0);
  const tooBig = (n: number) => n > (opts.maxClusterShare ?? 1) * total;
  const nodes: WorkNode[] = start.map((n) => ({
    ...n,
    cost: dissimilarity(m, n.rows),
    final: n.splittable === false || small(n.rows.length),
  }));
  while (nodes.length < opts.maxClusters) {
    let pick = -1;
    for (let j = 0; j < nodes.length; j++) {
      if (nodes[j].final) continue;
      if (
        pick < 0 ||
        nodes[j].cost > nodes[pick].cost ||
        (nodes[j].cost === nodes[pick].cost && nodes[j].path < nodes[pick].path)
      )
        pick = j;
    }
    if (pick < 0) break;
    const node = nodes[pick];
    const sub = selectRows(m, node.rows);
    const candidates: KMeansResult[] = [];
    if (opts.principal !== false) {
      const pd = principalSplit(sub, hash32(`${node.path}#pd`, opts.seed));
      if (pd) candidates.push(pd);
    }
    for (let t = 0; t < opts.trials; t++)
      candidates.push(
        sphericalKMeans(sub, {
          k: 2,
          seed: hash32(`${node.path}#${t}`, opts.seed),
          maxIter: 25,
          tol: 0.002,
        }),
      );
    // Of the candidate splits whose halves are both large enough, keep the one whose halves differ
    // most (lowest weighted centroid cosine): the acceptance rule below judges exactly that, and the
    // best-objective split of a mixed cluster is often two similar mixtures.
    const g = opts.plainCosine ? null : localIdf(sub, opts.textDim ?? m.dim);
    let best: KMeansResult | null = null;
    let bestCos = Infinity;
    let smallest = 0;
    for (const r of candidates) {
      if (r.k !== 2) continue;
      const minHalf = Math.min(r.sizes[0], r.sizes[1]);
      if (minHalf < opts.minClusterSize) {
        smallest = Math.max(smallest, minHalf);
        continue;
      }
      const cos = textCosine(r.centroids, m.dim, opts.textDim ?? m.dim, g);
      if (cos < bestCos) {
        bestCos = cos;
        best = r;
      }
    }
    const record: SplitRecord = {
      path: node.path,
      size: node.rows.length,
      sizes: [0, 0],
      childCosine: 1,
      gain: 0,
      accepted: false,
      reason: '',
    };
    splits.push(record);
    node.final = true;
    if (!best) {
      record.reason =
        candidates.length === 0
          ? 'fewer than two distinct rows'
          : 'a half is smaller than minClusterSize';
      continue;
    }
    const a: number[] = [];
    const b: number[] = [];
    node.rows.forEach((row, i) => (best!.assign[i] === 0 ? a : b).push(row));
    record.sizes = [a.length, b.length];
    record.childCosine = bestCos;
    if (bestCos >= opts.maxChildCosine && !tooBig(node.rows.length)) {
      record.reason = 'halves are about the same topic (centroid cosine ≥ maxChildCosine)';
      continue;
    }
    const costA = dissimilarity(m, a);
    const costB = dissimilarity(m, b);
    record.gain = node.cost > 0 ? (node.cost - costA - costB) / node.cost : 0;
    record.accepted = true;
    // The larger half takes the lower path, so that paths are reproducible.
    const [big, sm, cBig, cSm] = a.length >= b.length ? [a, b, costA, costB] : [b, a, costB, costA];
    nodes.splice(
      pick,
      1,
      { path: `${node.path}.0`, rows: big, cost: cBig, final: small(big.length) },
      { path: `${node.path}.1`, rows: sm, cost: cSm, final: small(sm.length) },
    );
  }
  return nodes
    .map(({ path, rows }) => ({ path, rows }))
    .sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/**
 * Inverse document frequency of each text dimension within the rows of one cluster: what nearly all
 * of the cluster's complaints say (boilerplate such as "答应72小时内回复，至今没有消息", or the topic
 * the whole cluster shares) weighs ~0, what distinguishes some of them weighs more.
 */
function localIdf(sub: Csr, textDim: number): Float32Array {
  const df = new Float32Array(textDim);
  for (let p = 0; p < sub.indices.length; p++) if (sub.indices[p] < textDim) df[sub.indices[p]]++;
  const g = new Float32Array(textDim);
  for (let d = 0; d < textDim; d++) if (df[d] > 0) g[d] = Math.log((1 + sub.rows) / (1 + df[d]));
  return g;
}

/**
 * Cosine of the text parts of the two centroids of a 2-means result (row-major 2 × dim), each term
 * weighted by its in-cluster idf `g`: "are the halves about the same thing, beyond what the whole
 * cluster has in common?" Without the weighting, two different faults written with the same
 * complaint boilerplate look alike (measured on the sample: a 7,900-complaint mixed cluster stayed
 * unsplit at cosine 0.57).
 */
function textCosine(c: Float32Array, dim: number, textDim: number, g: Float32Array | null): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let d = 0; d < textDim; d++) {
    const w = g ? g[d] : 1;
    const a = c[d] * w;
    const b = c[dim + d] * w;
    dot += a * b;
    na += a * a;
    nb += b * b;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 1;
}

/**
 * Principal Direction Divisive Partitioning (Boley 1998), refined by 2-means: rows are split by the
 * sign of their projection on the first principal component of the (centred) cluster, found by
 * power iteration, then Lloyd polishes the two halves. The principal direction is a property of
 * the data, not of a random start, so the same cluster splits the same way run after run.
 */
export function principalSplit(sub: Csr, seed: number, iterations = 30): KMeansResult | null {
  const n = sub.rows;
  const dim = sub.dim;
  if (n < 2) return null;
  const mu = new Float64Array(dim);
  for (let p = 0; p < sub.indices.length; p++) mu[sub.indices[p]] += sub.values[p] / n;
  let v = new Float64Array(dim);
  const random = rng(seed);
  for (let d = 0; d < dim; d++) v[d] = random() - 0.5;
  const w = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    let muv = 0;
    for (let d = 0; d < dim; d++) muv += mu[d] * v[d];
    let sw = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let p = sub.indptr[i]; p < sub.indptr[i + 1]; p++)
        s += sub.values[p] * v[sub.indices[p]];
      w[i] = s - muv;
      sw += w[i];
    }
    const next = new Float64Array(dim);
    for (let i = 0; i < n; i++) {
      const wi = w[i];
      if (wi === 0) continue;
      for (let p = sub.indptr[i]; p < sub.indptr[i + 1]; p++)
        next[sub.indices[p]] += sub.values[p] * wi;
    }
    let norm = 0;
    for (let d = 0; d < dim; d++) {
      next[d] -= mu[d] * sw;
      norm += next[d] * next[d];
    }
    if (norm === 0) return null;
    norm = Math.sqrt(norm);
    for (let d = 0; d < dim; d++) next[d] /= norm;
    v = next;
  }
  let muv = 0;
  for (let d = 0; d < dim; d++) muv += mu[d] * v[d];
  const assign = new Int32Array(n);
  let ones = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = sub.indptr[i]; p < sub.indptr[i + 1]; p++) s += sub.values[p] * v[sub.indices[p]];
    assign[i] = s - muv > 0 ? 1 : 0;
    ones += assign[i];
  }
  if (ones === 0 || ones === n) return null;
  const centroids = new Float32Array(2 * dim);
  centroidsOf(sub, assign, 2, centroids);
  const r = lloyd(sub, centroids, 2, 25, 0.002);
  return r.sizes[0] > 0 && r.sizes[1] > 0 ? r : null;
}

/** Non-empty rows of `m`, in order. */
export function nonEmptyRows(m: Csr): number[] {
  const all: number[] = [];
  for (let i = 0; i < m.rows; i++) if (m.indptr[i + 1] > m.indptr[i]) all.push(i);
  return all;
}
