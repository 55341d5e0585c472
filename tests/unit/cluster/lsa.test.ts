// LSA by randomised SVD (pipeline/cluster/lsa.ts) and its use for split decisions (fit.ts, lsaDims):
// the singular values and subspace of a matrix of known rank, the projection's normalisation, and a
// cold fit on LSA coordinates that still finds planted topics with centroids in TF-IDF space.
import { describe, expect, it } from 'vitest';
import { CsrBuilder, tfidfRow, type Csr } from '../../../pipeline/cluster/sparse.ts';
import { project, randomisedSvd } from '../../../pipeline/cluster/lsa.ts';
import { fitCold } from '../../../pipeline/cluster/fit.ts';
import { nmi } from '../../../pipeline/cluster/metrics.ts';
import { rng } from '../../../pipeline/cluster/random.ts';

/** Rows of a dense matrix as CSR (zeros dropped). */
function csr(rows: number[][]): Csr {
  const b = new CsrBuilder(rows[0].length);
  for (const r of rows) {
    const idx: number[] = [];
    const val: number[] = [];
    r.forEach((v, j) => {
      if (v !== 0) {
        idx.push(j);
        val.push(v);
      }
    });
    b.push(idx, val);
  }
  return b.build();
}

describe('randomised SVD', () => {
  it('recovers the singular values and right singular vectors of a rank-3 matrix', () => {
    // A = Σ σ_k u_k v_kᵀ with orthonormal v (disjoint supports) and orthogonal u (disjoint supports).
    const sigma = [9, 4, 1];
    const n = 30;
    const dim = 12;
    const rows = Array.from({ length: n }, (_, i) => {
      const k = i % 3;
      const r = new Array<number>(dim).fill(0);
      // v_k spread over 4 columns: 0.5 each (unit norm); u_k: 1/√10 on the 10 rows of group k.
      for (let j = 0; j < 4; j++) r[4 * k + j] = (sigma[k] / Math.sqrt(10)) * 0.5;
      return r;
    });
    const lsa = randomisedSvd(csr(rows), 3, 1, 5, 2);
    expect(lsa.dims).toBe(3);
    for (let k = 0; k < 3; k++) expect(lsa.singularValues[k]).toBeCloseTo(sigma[k], 6);
    // First component = v_0 up to sign.
    const v0 = Array.from(lsa.components.subarray(0, dim)).map(Math.abs);
    for (let j = 0; j < 4; j++) expect(v0[j]).toBeCloseTo(0.5, 6);
    for (let j = 4; j < dim; j++) expect(v0[j]).toBeCloseTo(0, 6);
  });

  it('keeps at most as many dimensions as the matrix has columns and rows', () => {
    const m = csr([
      [1, 0],
      [0, 2],
      [1, 1],
    ]);
    const lsa = randomisedSvd(m, 10, 3);
    expect(lsa.dims).toBe(2);
    // Σσ² = ‖A‖²_F = 1 + 4 + 2 = 7 (rank 2: the two values hold all of it).
    expect(lsa.singularValues[0] ** 2 + lsa.singularValues[1] ** 2).toBeCloseTo(7, 6);
  });

  it('projects rows to unit length and leaves an empty row empty', () => {
    const m = csr([
      [1, 2, 0, 0],
      [0, 0, 0, 0],
      [0, 1, 3, 1],
      [2, 0, 0, 1],
    ]);
    const x = project(m, randomisedSvd(m, 2, 5));
    expect(x.dim).toBe(2);
    expect(x.indptr[2] - x.indptr[1]).toBe(0);
    for (const i of [0, 2, 3]) {
      let s = 0;
      for (let p = x.indptr[i]; p < x.indptr[i + 1]; p++) s += x.values[p] ** 2;
      expect(s).toBeCloseTo(1, 5);
    }
  });
});

describe('split decisions in LSA space', () => {
  it('finds planted topics, with centroids in TF-IDF space', () => {
    // 4 topics of 8 words, a complaint uses 3 of its topic's words and 3 of 20 shared noise words.
    const topics = 4;
    const per = 120;
    const r = rng(3);
    const dim = topics * 8 + 20;
    const b = new CsrBuilder(dim);
    const truth: number[] = [];
    for (let t = 0; t < topics; t++) {
      for (let d = 0; d < per; d++) {
        const idx = new Set<number>();
        while (idx.size < 3) idx.add(t * 8 + Math.floor(r() * 8));
        while (idx.size < 6) idx.add(topics * 8 + Math.floor(r() * 20));
        const ids = [...idx];
        const out = new Float32Array(ids.length);
        tfidfRow(
          ids.map(() => 1),
          ids.map((i) => (i >= topics * 8 ? 1 : 2)),
          out,
        );
        b.push(ids, out);
        truth.push(t);
      }
    }
    const m = b.build();
    const fit = fitCold(m, {
      seed: 11,
      minClusterSize: 20,
      maxClusters: 50,
      maxChildCosine: 0.5,
      trials: 0,
      refineIterations: 0,
      warmIterations: 1,
      lsaDims: 8,
      lsaMaxChildCosine: 0.6,
    });
    expect(nmi(truth, Array.from(fit.assign))).toBeGreaterThan(0.95);
    expect(fit.k).toBe(topics);
    // Centroids live in TF-IDF space (stored and used for nightly assignment), not LSA space.
    expect(fit.dim).toBe(dim);
  });
});
