// Development harness, post-fit variants (issue 15 fifth pass): what happens after the split tree at
// a fixed k. Not a product path.
import type { Csr } from '../../pipeline/cluster/sparse.ts';
import { centroidsOf, lloyd, normaliseRow } from '../../pipeline/cluster/kmeans.ts';
import type { FitOptions, FitResult } from '../../pipeline/cluster/fit.ts';

/** Variant keys of harness.ts (post 'rw', consensus). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Opts = Record<string, any>;

/** Centroids from each cluster's core: members whose cosine to their centroid is ≥ the q-quantile. */
export function coreCentroids(fm: Csr, fit: FitResult, q: number): Float32Array {
  const k = fit.k;
  const sims: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < fm.rows; i++) if (fit.assign[i] >= 0) sims[fit.assign[i]].push(fit.sim[i]);
  const thr = sims.map((s) => {
    s.sort((a, b) => a - b);
    return s.length ? s[Math.floor(q * (s.length - 1))] : 0;
  });
  const a = new Int32Array(fm.rows);
  for (let i = 0; i < fm.rows; i++) {
    const j = fit.assign[i];
    a[i] = j >= 0 && fit.sim[i] >= thr[j] ? j : -1;
  }
  const c = new Float32Array(k * fm.dim);
  centroidsOf(fm, a, k, c);
  return c;
}

/** Per-term factor from how concentrated the term is in few clusters (1 − normalised entropy). */
export function termFactors(fm: Csr, assign: Int32Array, k: number, o: Opts): Float64Array {
  const dim = fm.dim;
  const n = new Float64Array(k);
  const df = new Float64Array(dim * k);
  for (let i = 0; i < fm.rows; i++) {
    const j = assign[i];
    if (j < 0) continue;
    n[j]++;
    for (let p = fm.indptr[i]; p < fm.indptr[i + 1]; p++) df[fm.indices[p] * k + j]++;
  }
  const f = new Float64Array(dim);
  const N = n.reduce((a, b) => a + b, 0);
  for (let t = 0; t < dim; t++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += n[j] ? df[t * k + j] / n[j] : 0;
    if (o.measure === 'count') {
      let tot = 0;
      for (let j = 0; j < k; j++) tot += df[t * k + j];
      let H = 0;
      for (let j = 0; j < k; j++) {
        const p = df[t * k + j] / tot;
        if (p > 0) H -= p * Math.log(p);
      }
      f[t] = ((o.eps ?? 0.1) + (k > 1 ? 1 - H / Math.log(k) : 1)) ** (o.gamma ?? 1);
      continue;
    }
    if (s <= 0) {
      f[t] = o.eps ?? 0.1;
      continue;
    }
    let h = 0;
    if (o.measure === 'max') {
      // share of the term's rate in its top cluster
      let mx = 0;
      for (let j = 0; j < k; j++) mx = Math.max(mx, n[j] ? df[t * k + j] / n[j] / s : 0);
      h = mx;
    } else if (o.measure === 'ig') {
      // mutual information between term presence and cluster, normalised by the term's entropy
      let dft = 0;
      for (let j = 0; j < k; j++) dft += df[t * k + j];
      const pt = dft / N;
      let mi = 0;
      for (let j = 0; j < k; j++) {
        const pj = n[j] / N;
        const a = df[t * k + j] / N; // t & j
        const b = pj - a; // !t & j
        if (a > 0) mi += a * Math.log(a / (pt * pj));
        if (b > 0 && pt < 1) mi += b * Math.log(b / ((1 - pt) * pj));
      }
      const ht = -(pt * Math.log(pt) + (pt < 1 ? (1 - pt) * Math.log(1 - pt) : 0));
      h = ht > 0 ? mi / ht : 0;
    } else {
      let H = 0;
      for (let j = 0; j < k; j++) {
        const p = n[j] ? df[t * k + j] / n[j] / s : 0;
        if (p > 0) H -= p * Math.log(p);
      }
      h = k > 1 ? 1 - H / Math.log(k) : 1;
    }
    f[t] = ((o.eps ?? 0.1) + h) ** (o.gamma ?? 1);
  }
  return f;
}

/** Row-wise scaled and renormalised copy of m. */
export function scale(m: Csr, f: Float64Array): Csr {
  const values = new Float32Array(m.values.length);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) {
      const v = m.values[p] * f[m.indices[p]];
      values[p] = v;
      s += v * v;
    }
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) values[p] *= inv;
  }
  return { ...m, values };
}

/** Centroids of the fit's partition in the re-weighted space, then `iters` Lloyd iterations there. */
export function reweighted(
  fm: Csr,
  fit: FitResult,
  o: Opts,
  pre?: Float64Array,
): { f: Float64Array; centroids: Float32Array } {
  let assign = fit.assign;
  let f = new Float64Array(fm.dim).fill(1);
  for (let r = 0; r < (o.rounds ?? 1); r++) {
    const fr = termFactors(scale(fm, f), assign, fit.k, o);
    f = f.map((x, t) => x * fr[t] * (r === 0 && pre ? pre[t] : 1));
    const s = scale(fm, f);
    const c = new Float32Array(fit.k * fm.dim);
    centroidsOf(s, assign, fit.k, c);
    const res = lloyd(s, c, fit.k, o.iters ?? 0, 0.001);
    assign = res.assign;
    if (r === (o.rounds ?? 1) - 1) return { f, centroids: res.centroids };
  }
  throw new Error('unreachable');
}
void normaliseRow;

/**
 * Consensus of split trees: the full tree plus `runs` trees on hash subsamples; every row gets its
 * nearest leaf in every run (one-hot blocks), spherical k-means on those blocks from the full tree's
 * partition at its k; text centroids of the consensus partition.
 */
export function consensus(
  fm: Csr,
  fit: FitResult,
  fitCold: (m: Csr, o: FitOptions) => FitResult,
  fitOpts: FitOptions,
  runs: number,
  keep: number,
  iters: number,
  hashOf: (i: number, seed: number) => number,
): { assign: Int32Array; centroids: Float32Array } {
  const members: Int32Array[] = [fit.assign];
  const ks = [fit.k];
  for (let r = 1; r <= runs; r++) {
    const rows: number[] = [];
    for (let i = 0; i < fm.rows; i++) if (hashOf(i, r) < keep) rows.push(i);
    const sub = selectRowsLocal(fm, rows);
    const f = fitCold(sub, fitOpts);
    const a = new Int32Array(fm.rows);
    const sim = new Float32Array(fm.rows);
    assignRows(fm, transpose(f.centroids, f.k, fm.dim), f.k, a, sim);
    members.push(a);
    ks.push(f.k);
  }
  const dim = ks.reduce((a, b) => a + b, 0);
  const w = 1 / Math.sqrt(members.length);
  const indptr = new Int32Array(fm.rows + 1);
  const indices = new Int32Array(fm.rows * members.length);
  const values = new Float32Array(fm.rows * members.length).fill(w);
  let p = 0;
  for (let i = 0; i < fm.rows; i++) {
    let off = 0;
    members.forEach((a, r) => {
      indices[p++] = off + Math.max(0, a[i]);
      off += ks[r];
    });
    indptr[i + 1] = p;
  }
  const cm: Csr = { rows: fm.rows, dim, indptr, indices, values };
  const c = new Float32Array(fit.k * dim);
  centroidsOf(cm, fit.assign, fit.k, c);
  const res = lloyd(cm, c, fit.k, iters, 0.001);
  const tc = new Float32Array(fit.k * fm.dim);
  centroidsOf(fm, res.assign, fit.k, tc);
  return { assign: res.assign, centroids: tc };
}
import { assignRows, transpose } from '../../pipeline/cluster/kmeans.ts';
import { selectRows as selectRowsLocal } from '../../pipeline/cluster/sparse.ts';
