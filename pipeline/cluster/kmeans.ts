// Spherical k-means on sparse, L2-normalised TF-IDF rows: similarity is the cosine, a centroid is the
// normalised mean of its members (Dhillon & Modha 2001). Deterministic: the seeded PRNG drives the
// k-means++ initialisation, ties go to the lower cluster index, and every loop runs in row order.
//
// Centroids are dense (k × dim) and kept transposed (dim × k) for scoring, so that one sparse row is
// scored against all centroids with one pass over its non-zeros: cost O(nnz · k) per row.
import type { Csr } from './sparse.ts';
import { rng as makeRng, type Rng } from './random.ts';

export interface KMeansOptions {
  k: number;
  seed: number;
  maxIter?: number;
  /** Stop when fewer than this share of rows change cluster in an iteration. */
  tol?: number;
  /** Initial centroids (rows of length dim, normalised); more seeds are added by k-means++ up to k. */
  init?: Float32Array[];
  /** Candidates tried per k-means++ step (greedy k-means++); 1 = plain k-means++. */
  candidates?: number;
}

export interface KMeansResult {
  k: number;
  dim: number;
  /** Row-major k × dim, each row L2-normalised (zero rows for clusters that ended empty). */
  centroids: Float32Array;
  assign: Int32Array;
  sim: Float32Array;
  sizes: Int32Array;
  iterations: number;
  /** Mean cosine of each row to its centroid (higher is tighter). */
  meanSim: number;
}

/** Transposed copy (dim × k) of row-major centroids (k × dim). */
export function transpose(centroids: Float32Array, k: number, dim: number): Float32Array {
  const t = new Float32Array(dim * k);
  for (let j = 0; j < k; j++) {
    const base = j * dim;
    for (let d = 0; d < dim; d++) {
      const v = centroids[base + d];
      if (v !== 0) t[d * k + j] = v;
    }
  }
  return t;
}

/**
 * Best cluster and cosine of every row against transposed centroids. `second` (optional) receives
 * the runner-up cosine. Rows without non-zeros get cluster -1 and cosine 0.
 */
export function assignRows(
  m: Csr,
  ct: Float32Array,
  k: number,
  assign: Int32Array,
  sim: Float32Array,
  from = 0,
  to = m.rows,
): void {
  const scores = new Float64Array(k);
  for (let i = from; i < to; i++) {
    const s = m.indptr[i];
    const e = m.indptr[i + 1];
    if (s === e) {
      assign[i] = -1;
      sim[i] = 0;
      continue;
    }
    scores.fill(0);
    for (let p = s; p < e; p++) {
      const v = m.values[p];
      const base = m.indices[p] * k;
      for (let j = 0; j < k; j++) scores[j] += v * ct[base + j];
    }
    let best = 0;
    let bs = scores[0];
    for (let j = 1; j < k; j++) {
      if (scores[j] > bs) {
        bs = scores[j];
        best = j;
      }
    }
    assign[i] = best;
    sim[i] = bs;
  }
}

/** Normalised mean of the members of each cluster (row-major k × dim); returns the sizes. */
export function centroidsOf(m: Csr, assign: Int32Array, k: number, out: Float32Array): Int32Array {
  out.fill(0);
  const sizes = new Int32Array(k);
  const dim = m.dim;
  for (let i = 0; i < m.rows; i++) {
    const j = assign[i];
    if (j < 0) continue;
    sizes[j]++;
    const base = j * dim;
    for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) out[base + m.indices[p]] += m.values[p];
  }
  for (let j = 0; j < k; j++) normaliseRow(out, j * dim, dim);
  return sizes;
}

export function normaliseRow(a: Float32Array, base: number, dim: number): void {
  let s = 0;
  for (let d = 0; d < dim; d++) s += a[base + d] * a[base + d];
  if (s <= 0) return;
  const inv = 1 / Math.sqrt(s);
  for (let d = 0; d < dim; d++) a[base + d] *= inv;
}

/** Cosine of every row with one dense unit vector. */
function simToDense(m: Csr, dense: Float32Array, out: Float32Array): void {
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) s += m.values[p] * dense[m.indices[p]];
    out[i] = s;
  }
}

function rowToDense(m: Csr, i: number, dense: Float32Array): void {
  dense.fill(0);
  for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) dense[m.indices[p]] = m.values[p];
}

/**
 * (Greedy) k-means++ seeding for cosine distance, continuing from `init` seeds if given. Distance
 * is 1 − cosine; a row is drawn with probability ∝ distance² to its nearest seed; with
 * `candidates` > 1 the candidate lowering the total potential most is kept (scikit-learn's rule).
 */
export function seedCentroids(
  m: Csr,
  k: number,
  random: Rng,
  init: Float32Array[] = [],
  candidates = 1,
): Float32Array[] {
  const dim = m.dim;
  const seeds: Float32Array[] = init.slice(0, k).map((c) => c.slice());
  const n = m.rows;
  const best = new Float32Array(n); // best cosine to any seed so far
  const tmp = new Float32Array(n);
  const dense = new Float32Array(dim);
  best.fill(-1);
  for (const c of seeds) {
    simToDense(m, c, tmp);
    for (let i = 0; i < n; i++) if (tmp[i] > best[i]) best[i] = tmp[i];
  }
  const nonEmpty: number[] = [];
  for (let i = 0; i < n; i++) if (m.indptr[i + 1] > m.indptr[i]) nonEmpty.push(i);
  if (nonEmpty.length === 0) return seeds;
  if (seeds.length === 0) {
    const first = nonEmpty[Math.floor(random() * nonEmpty.length)];
    rowToDense(m, first, dense);
    seeds.push(dense.slice());
    simToDense(m, dense, best);
  }
  const weights = new Float64Array(n);
  const candBest = new Float32Array(n);
  while (seeds.length < k) {
    let total = 0;
    for (const i of nonEmpty) {
      const d = Math.max(0, 1 - best[i]);
      weights[i] = d * d;
      total += weights[i];
    }
    if (total <= 1e-12) break; // every row already sits on a seed: fewer distinct points than k
    let chosen = -1;
    let chosenPotential = Infinity;
    for (let c = 0; c < Math.max(1, candidates); c++) {
      let r = random() * total;
      let pick = nonEmpty[nonEmpty.length - 1];
      for (const i of nonEmpty) {
        r -= weights[i];
        if (r <= 0) {
          pick = i;
          break;
        }
      }
      if (candidates <= 1) {
        chosen = pick;
        break;
      }
      rowToDense(m, pick, dense);
      simToDense(m, dense, tmp);
      let potential = 0;
      for (const i of nonEmpty) {
        const d = Math.max(0, 1 - Math.max(best[i], tmp[i]));
        potential += d * d;
      }
      if (potential < chosenPotential) {
        chosenPotential = potential;
        chosen = pick;
        candBest.set(tmp);
      }
    }
    rowToDense(m, chosen, dense);
    seeds.push(dense.slice());
    if (candidates <= 1) simToDense(m, dense, candBest);
    for (let i = 0; i < n; i++) if (candBest[i] > best[i]) best[i] = candBest[i];
  }
  return seeds;
}

/** Spherical k-means (Lloyd iterations) from k-means++ seeds or given initial centroids. */
export function sphericalKMeans(m: Csr, opts: KMeansOptions): KMeansResult {
  const dim = m.dim;
  const random = makeRng(opts.seed);
  const seeds = seedCentroids(m, opts.k, random, opts.init ?? [], opts.candidates ?? 1);
  const k = seeds.length;
  const centroids = new Float32Array(k * dim);
  seeds.forEach((s, j) => centroids.set(s, j * dim));
  return lloyd(m, centroids, k, opts.maxIter ?? 30, opts.tol ?? 0.001);
}

/** Lloyd iterations from the given centroids (row-major, modified in place). */
export function lloyd(
  m: Csr,
  centroids: Float32Array,
  k: number,
  maxIter: number,
  tol: number,
): KMeansResult {
  const dim = m.dim;
  const n = m.rows;
  const assign = new Int32Array(n).fill(-2);
  const next = new Int32Array(n);
  const sim = new Float32Array(n);
  let sizes: Int32Array = new Int32Array(k);
  let iterations = 0;
  for (; iterations < maxIter; iterations++) {
    const ct = transpose(centroids, k, dim);
    assignRows(m, ct, k, next, sim);
    let changed = 0;
    for (let i = 0; i < n; i++) if (next[i] !== assign[i]) changed++;
    assign.set(next);
    sizes = centroidsOf(m, assign, k, centroids);
    reseedEmpty(m, assign, sim, sizes, centroids, k);
    if (changed <= tol * n) {
      iterations++;
      break;
    }
  }
  const ct = transpose(centroids, k, dim);
  assignRows(m, ct, k, assign, sim);
  sizes = centroidsOf(m, assign, k, centroids);
  let total = 0;
  let counted = 0;
  for (let i = 0; i < n; i++) {
    if (assign[i] >= 0) {
      total += sim[i];
      counted++;
    }
  }
  return {
    k,
    dim,
    centroids,
    assign,
    sim,
    sizes,
    iterations,
    meanSim: counted ? total / counted : 0,
  };
}

/** An empty cluster takes the row worst served by its own centroid (lowest cosine, lowest index on ties). */
function reseedEmpty(
  m: Csr,
  assign: Int32Array,
  sim: Float32Array,
  sizes: Int32Array,
  centroids: Float32Array,
  k: number,
): void {
  const dim = m.dim;
  const taken = new Set<number>();
  for (let j = 0; j < k; j++) {
    if (sizes[j] > 0) continue;
    let worst = -1;
    let ws = Infinity;
    for (let i = 0; i < m.rows; i++) {
      if (assign[i] < 0 || taken.has(i) || sizes[assign[i]] <= 1) continue;
      if (sim[i] < ws) {
        ws = sim[i];
        worst = i;
      }
    }
    if (worst < 0) continue;
    taken.add(worst);
    centroids.fill(0, j * dim, (j + 1) * dim);
    for (let p = m.indptr[worst]; p < m.indptr[worst + 1]; p++)
      centroids[j * dim + m.indices[p]] = m.values[p];
    normaliseRow(centroids, j * dim, dim);
  }
}
