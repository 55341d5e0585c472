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
  const { result, dissolved } = polish(m, nodes, opts);
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
