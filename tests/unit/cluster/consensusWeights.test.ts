// Issue 15 fifth pass: cluster-discriminative term weights (termWeights.ts) and the consensus of
// split trees (consensus.ts, fitCold's `consensus`).
import { describe, expect, it } from 'vitest';
import { CsrBuilder, tfidfRow, type Csr } from '../../../pipeline/cluster/sparse.ts';
import { clusterTermWeights, reweightRows } from '../../../pipeline/cluster/termWeights.ts';
import { consensusPartition } from '../../../pipeline/cluster/consensus.ts';
import { fitCold } from '../../../pipeline/cluster/fit.ts';
import { nmi } from '../../../pipeline/cluster/metrics.ts';
import { rng } from '../../../pipeline/cluster/random.ts';
import { resolveClusterOptions } from '../../../pipeline/cluster/options.ts';

function rows(bags: number[][], dim: number): Csr {
  const b = new CsrBuilder(dim);
  for (const ids of bags) {
    const out = new Float32Array(ids.length);
    tfidfRow(
      ids.map(() => 1),
      ids.map(() => 1),
      out,
    );
    b.push(ids, out);
  }
  return b.build();
}

/** Topics of 5 words (3 per document) plus 3 of 12 noise words shared by all topics. */
function topics(n: number, perTopic: number, seed = 1): { m: Csr; truth: number[]; ids: string[] } {
  const r = rng(seed);
  const bags: number[][] = [];
  const truth: number[] = [];
  for (let t = 0; t < n; t++)
    for (let d = 0; d < perTopic; d++) {
      const idx = new Set<number>();
      while (idx.size < 3) idx.add(t * 5 + Math.floor(r() * 5));
      while (idx.size < 6) idx.add(n * 5 + Math.floor(r() * 12));
      bags.push([...idx]);
      truth.push(t);
    }
  return { m: rows(bags, n * 5 + 12), truth, ids: truth.map((_, i) => `C${i}`) };
}

describe('clusterTermWeights', () => {
  // dims: 0 only in cluster 0, 1 only in cluster 1, 2 in every complaint, 3 in none
  const m = rows(
    [
      [0, 2],
      [0, 2],
      [0, 2],
      [1, 2],
      [1, 2],
      [1, 2],
    ],
    4,
  );
  const assign = Int32Array.from([0, 0, 0, 1, 1, 1]);

  it('gives floor + 1 to a word of one cluster and the floor to a word every cluster uses', () => {
    const w = clusterTermWeights(m, assign, 2, 4, 0.1);
    expect(w[0]).toBeCloseTo(1.1, 10);
    expect(w[1]).toBeCloseTo(1.1, 10);
    expect(w[2]).toBeCloseTo(0.1, 10);
    expect(w[3]).toBeCloseTo(0.1, 10); // not in the fitted complaints
  });

  it('reads rates, not counts: a word as common in a small cluster as in a large one is spread', () => {
    const big = rows([...Array(9).fill([0, 1]), [0, 1], [1]], 2);
    const a = Int32Array.from([...Array(9).fill(0), 1, 1]);
    const w = clusterTermWeights(big, a, 2, 2, 0.1);
    // word 1: rate 1 in both clusters → spread; word 0: rate 1 vs 0.5 → partly concentrated
    expect(w[1]).toBeCloseTo(0.1, 10);
    expect(w[0]).toBeGreaterThan(0.1);
    expect(w[0]).toBeLessThan(1.1);
  });

  it('is all ones for fewer than two clusters', () => {
    expect(Array.from(clusterTermWeights(m, new Int32Array(6), 1, 4, 0.1))).toEqual([1, 1, 1, 1]);
  });

  it('reweightRows multiplies the text values and restores each row’s text norm', () => {
    const w = clusterTermWeights(m, assign, 2, 4, 0.1);
    const r = reweightRows(m, w, 4);
    for (let i = 0; i < r.rows; i++) {
      let s = 0;
      for (let p = r.indptr[i]; p < r.indptr[i + 1]; p++) s += r.values[p] ** 2;
      expect(s).toBeCloseTo(1, 5);
    }
    // the cluster word now dominates the shared word: 1.1 : 0.1
    expect(r.values[0] / r.values[1]).toBeCloseTo(11, 4);
  });

  it('leaves category dimensions (≥ textDim) as they are', () => {
    const b = new CsrBuilder(3);
    b.push([0, 1, 2], [0.6, 0.6, Math.sqrt(1 - 0.72)]);
    const r = reweightRows(b.build(), Float64Array.from([1, 0.5]), 2);
    expect(r.values[2]).toBeCloseTo(Math.sqrt(1 - 0.72), 6);
    expect(r.values[0] ** 2 + r.values[1] ** 2).toBeCloseTo(0.72, 5);
  });
});

describe('consensus of split trees', () => {
  const opts = {
    seed: 7,
    minClusterSize: 10,
    maxClusters: 50,
    maxChildCosine: 0.5,
    trials: 0,
    refineIterations: 0,
    warmIterations: 1,
  };

  it('keeps k and moves only complaints the subsample trees put elsewhere', () => {
    const { m, truth, ids } = topics(4, 60);
    const single = fitCold(m, opts);
    const voted = fitCold(m, {
      ...opts,
      consensus: { runs: 6, share: 0.5, iterations: 1 },
      rowKeys: ids,
    });
    expect(voted.k).toBe(single.k);
    expect(nmi(truth, Array.from(voted.assign))).toBeGreaterThanOrEqual(
      nmi(truth, Array.from(single.assign)) - 0.02,
    );
    expect(nmi(truth, Array.from(voted.assign))).toBeGreaterThan(0.9);
  });

  it('is deterministic, and the subsamples follow the row keys, not the row order', () => {
    const { m, ids } = topics(3, 50, 3);
    const o = { ...opts, consensus: { runs: 4, share: 0.5, iterations: 1 }, rowKeys: ids };
    const a = fitCold(m, o);
    const b = fitCold(m, o);
    expect(Array.from(b.assign)).toEqual(Array.from(a.assign));
  });

  it('a partition every tree agrees with is returned unchanged; runs 0 is off', () => {
    const { m } = topics(3, 40, 5);
    const assign = Int32Array.from({ length: m.rows }, (_, i) => Math.floor(i / 40));
    const same = consensusPartition(
      m,
      assign,
      3,
      { runs: 3, share: 0.5, iterations: 1 },
      () => {
        // every "tree" returns the three true topic centroids
        const c = new Float32Array(3 * m.dim);
        for (let t = 0; t < 3; t++)
          for (let w = 0; w < 5; w++) c[t * m.dim + t * 5 + w] = 1 / Math.sqrt(5);
        return { k: 3, centroids: c };
      },
      () => true,
    );
    expect(Array.from(same)).toEqual(Array.from(assign));
    const off = consensusPartition(
      m,
      assign,
      3,
      { runs: 0, share: 0.5, iterations: 1 },
      () => {
        throw new Error('no tree when off');
      },
      () => true,
    );
    expect(off).toBe(assign);
  });
});

describe('settings', () => {
  it('defaults: 8 trees on 50 %, 1 step; cluster term weights with floor 0.1', () => {
    const o = resolveClusterOptions({});
    expect(o.consensus).toEqual({ runs: 8, share: 0.5, iterations: 1 });
    expect(o.termWeights).toEqual({ mode: 'cluster', floor: 0.1 });
  });
  it('rejects invalid values', () => {
    expect(() =>
      resolveClusterOptions({ clustering: { consensus: { runs: -1, share: 0.5, iterations: 1 } } }),
    ).toThrow(/consensus/);
    expect(() =>
      resolveClusterOptions({ clustering: { termWeights: { mode: 'x', floor: 0.1 } } }),
    ).toThrow(/termWeights/);
  });
});
