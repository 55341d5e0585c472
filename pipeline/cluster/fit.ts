// Fitting the clusters on the sample matrix, cold (from scratch) or warm (from the previous build's
// centroids, so that a rebuild moves clusters only as far as the data moved them).
//
// cold: bisect from one cluster → Lloyd polish → dissolve clusters below minClusterSize.
// warm: Lloyd from the previous centroids → each cluster may still split by the bisecting rules
//       (a new root cause usually appears inside an old, broader cluster) → Lloyd polish →
//       dissolve clusters below minClusterSize (a root cause that faded away).
// Either way the result is a list of unit centroids; ids are given afterwards by matching (match.ts).
import type { Csr } from './sparse.ts';
import { project, randomisedSvd } from './lsa.ts';
import { centroidsOf, lloyd, normaliseRow } from './kmeans.ts';
import { consensusPartition, subsample, type ConsensusOptions } from './consensus.ts';
import { hash32 } from './random.ts';
import {
  bisect,
  nonEmptyRows,
  type BisectNode,
  type BisectOptions,
  type SplitRecord,
} from './bisect.ts';

export interface FitOptions extends BisectOptions {
  refineIterations: number;
  /** Lloyd iterations of a warm fit (before and after the splits). */
  warmIterations: number;
  /**
   * Split decisions in an LSA space of this many dimensions (0: on the TF-IDF rows themselves), with
   * `lsaMaxChildCosine` as the acceptance cosine. Centroids, polish and assignment stay in TF-IDF
   * space either way, so stored centroids and nightly assignment do not depend on it.
   */
  lsaDims?: number;
  lsaMaxChildCosine?: number;
  /** Consensus of split trees on hash subsamples (consensus.ts); cold fits only; absent = off. */
  consensus?: ConsensusOptions;
  /**
   * Key of each row for the consensus subsamples (the complaint id), so that two builds on nearly
   * the same complaints draw nearly the same subsamples; default: the row number.
   */
  rowKeys?: readonly string[];
}

/**
 * The matrix the split tree is grown on, and the bisecting options that go with it: the TF-IDF rows,
 * or (lsaDims > 0) their normalised LSA coordinates, judged by the plain centroid cosine (every LSA
 * dimension is in every row, so the in-cluster idf weighting would be 0 everywhere).
 */
function splitSpace(m: Csr, opts: FitOptions): { space: Csr; splitOpts: BisectOptions } {
  if (!opts.lsaDims || opts.lsaDims <= 0) return { space: m, splitOpts: opts };
  const space = project(m, randomisedSvd(m, opts.lsaDims, opts.seed));
  return {
    space,
    splitOpts: {
      ...opts,
      textDim: space.dim,
      plainCosine: true,
      maxChildCosine: opts.lsaMaxChildCosine ?? opts.maxChildCosine,
    },
  };
}

export interface FitResult {
  k: number;
  dim: number;
  /** Row-major k × dim, unit rows. */
  centroids: Float32Array;
  /** Cluster of each sample row (-1 = empty row). */
  assign: Int32Array;
  sim: Float32Array;
  sizes: Int32Array;
  /** For a warm fit, the index in `init` a cluster descends from (-1 = new); cold: all -1. */
  origin: Int32Array;
  splits: SplitRecord[];
  dissolved: number;
}

export function nodesFromAssign(
  assign: Int32Array,
  k: number,
  pathOf: (j: number) => string,
): BisectNode[] {
  const rows: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < assign.length; i++) if (assign[i] >= 0) rows[assign[i]].push(i);
  return rows.map((r, j) => ({ path: pathOf(j), rows: r })).filter((n) => n.rows.length > 0);
}

/**
 * Lloyd polish, then repeatedly drop the smallest cluster under minClusterSize and re-polish (its
 * members are left unassigned in the partition and Lloyd's next assignment step places them).
 * Returns the result and the path of each result cluster.
 */
function polish(
  m: Csr,
  nodes: BisectNode[],
  opts: FitOptions,
): { result: ReturnType<typeof lloyd>; paths: string[]; dissolved: number } {
  let current = nodes;
  let dissolved = 0;
  for (;;) {
    const k = current.length;
    const assign = new Int32Array(m.rows).fill(-1);
    current.forEach((n, j) => {
      for (const r of n.rows) assign[r] = j;
    });
    const centroids = new Float32Array(k * m.dim);
    centroidsOf(m, assign, k, centroids);
    const result = lloyd(m, centroids, k, opts.refineIterations, 0.001);
    let smallest = -1;
    for (let j = 0; j < k; j++) {
      if (
        result.sizes[j] < opts.minClusterSize &&
        (smallest < 0 || result.sizes[j] < result.sizes[smallest])
      )
        smallest = j;
    }
    if (smallest < 0 || k <= 1) return { result, paths: current.map((n) => n.path), dissolved };
    dissolved++;
    current = current
      .map((n, j) => ({ path: n.path, rows: n.rows.filter((r) => result.assign[r] === j) }))
      .filter((_, j) => j !== smallest);
  }
}

export function fitCold(m: Csr, opts: FitOptions): FitResult {
  const splits: SplitRecord[] = [];
  const { space, splitOpts } = splitSpace(m, opts);
  const nodes = bisect(space, [{ path: '0', rows: nonEmptyRows(m) }], splitOpts, splits);
  const polished = polish(m, nodes, opts);
  let result = polished.result;
  const dissolved = polished.dissolved;
  const c = opts.consensus;
  if (c && c.runs > 0 && result.k > 1) {
    // Trees on hash subsamples vote on every complaint's cluster (consensus.ts); the partition
    // keeps the full tree's k; the centroids are its members' text centroids (not re-polished:
    // a polish would move the boundary complaints back where the single tree had put them).
    const keyOf = (row: number) => opts.rowKeys?.[row] ?? String(row);
    const voted = consensusPartition(
      m,
      result.assign,
      result.k,
      c,
      (rows) => fitCold(subsample(m, rows), { ...opts, consensus: undefined, rowKeys: undefined }),
      (row, run) => hash32(keyOf(row), opts.seed + run) / 4294967296 < c.share,
    );
    result = votedResult(m, voted, result.k);
  }
  return { ...pick(result), origin: new Int32Array(result.k).fill(-1), splits, dissolved };
}

/**
 * `init`: previous centroids mapped into this matrix's dimensions (unit rows of length m.dim).
 * `expected`: each previous cluster's expected size in this sample (its share at the last fit);
 * only a cluster that grew past `growth` × expected is re-examined for a split — a new root cause
 * shows up as growth, and re-trying the others would only re-roll decisions already taken.
 */
export function fitWarm(
  m: Csr,
  init: Float32Array[],
  initPaths: string[],
  opts: FitOptions,
  expected?: number[],
  growth = 1.25,
): FitResult {
  const k0 = init.length;
  const centroids = new Float32Array(k0 * m.dim);
  init.forEach((c, j) => {
    centroids.set(c, j * m.dim);
    normaliseRow(centroids, j * m.dim, m.dim);
  });
  const first = lloyd(m, centroids, k0, opts.warmIterations, 0.001);
  const start = nodesFromAssign(first.assign, k0, (j) => initPaths[j]).map((n) => {
    const j = initPaths.indexOf(n.path);
    return { ...n, splittable: !expected || n.rows.length > growth * expected[j] };
  });
  const splits: SplitRecord[] = [];
  const { space, splitOpts } = splitSpace(m, opts);
  const nodes = bisect(space, start, splitOpts, splits);
  const { result, paths, dissolved } = polish(m, nodes, {
    ...opts,
    refineIterations: opts.warmIterations,
  });
  // Origin: the previous cluster whose path prefixes the final cluster's path ("c12" or "c12.0.1").
  const origin = new Int32Array(result.k).fill(-1);
  paths.forEach((path, j) => {
    const idx = initPaths.indexOf(path.split('.')[0]);
    // Only the branch that kept the lower path (".0…0") inherits; a split-off half is a new topic.
    if (idx >= 0 && /^[^.]+(\.0)*$/.test(path)) origin[j] = idx;
  });
  return { ...pick(result), origin, splits, dissolved };
}

/** The k-means result of a given partition: text centroids of its (non-empty) clusters. */
function votedResult(m: Csr, voted: Int32Array, k: number): ReturnType<typeof lloyd> {
  const count = new Int32Array(k);
  for (const c of voted) if (c >= 0) count[c]++;
  const index = new Int32Array(k).fill(-1);
  let kept = 0;
  for (let j = 0; j < k; j++) if (count[j] > 0) index[j] = kept++;
  const assign = Int32Array.from(voted, (c) => (c >= 0 ? index[c] : -1));
  const centroids = new Float32Array(kept * m.dim);
  const sizes = centroidsOf(m, assign, kept, centroids);
  const sim = new Float32Array(m.rows);
  let total = 0;
  let counted = 0;
  for (let i = 0; i < m.rows; i++) {
    const c = assign[i];
    if (c < 0) continue;
    let s = 0;
    for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++)
      s += m.values[p] * centroids[c * m.dim + m.indices[p]];
    sim[i] = s;
    total += s;
    counted++;
  }
  return {
    k: kept,
    dim: m.dim,
    centroids,
    assign,
    sim,
    sizes,
    iterations: 0,
    meanSim: counted ? total / counted : 0,
  };
}

function pick(r: ReturnType<typeof lloyd>): Omit<FitResult, 'origin' | 'splits' | 'dissolved'> {
  return {
    k: r.k,
    dim: r.dim,
    centroids: r.centroids,
    assign: r.assign,
    sim: r.sim,
    sizes: r.sizes,
  };
}
