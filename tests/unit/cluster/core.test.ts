// Clustering core: TF-IDF weighting, spherical k-means determinism, bisecting with automatic k,
// cluster matching across runs, labels (c-TF-IDF), and the evaluation metrics.
import { describe, expect, it } from 'vitest';
import { CsrBuilder, tfidfRow, type Csr } from '../../../pipeline/cluster/sparse.ts';
import { sphericalKMeans } from '../../../pipeline/cluster/kmeans.ts';
import { bisect, nonEmptyRows, principalSplit } from '../../../pipeline/cluster/bisect.ts';
import { fitCold, fitWarm } from '../../../pipeline/cluster/fit.ts';
import { cosine, matchClusters } from '../../../pipeline/cluster/match.ts';
import { buildLabel, ctfidf } from '../../../pipeline/cluster/labels.ts';
import { ari, nmi } from '../../../pipeline/cluster/metrics.ts';
import { rng } from '../../../pipeline/cluster/random.ts';

/** `perTopic` documents for each topic: 4 topic words out of 5 plus 2 shared noise words out of 10. */
function topics(n: number, perTopic: number, seed = 1): { m: Csr; truth: number[] } {
  const words = 5;
  const noise = 10;
  const dim = n * words + noise;
  const r = rng(seed);
  const b = new CsrBuilder(dim);
  const truth: number[] = [];
  for (let t = 0; t < n; t++) {
    for (let d = 0; d < perTopic; d++) {
      const idx = new Set<number>();
      while (idx.size < 4) idx.add(t * words + Math.floor(r() * words));
      while (idx.size < 6) idx.add(n * words + Math.floor(r() * noise));
      const ids = [...idx];
      const out = new Float32Array(ids.length);
      tfidfRow(
        ids.map(() => 1),
        ids.map((i) => (i >= n * words ? 1 : 2)),
        out,
      );
      b.push(ids, out);
      truth.push(t);
    }
  }
  return { m: b.build(), truth };
}

const fitOpts = {
  seed: 7,
  minClusterSize: 10,
  maxClusters: 50,
  maxChildCosine: 0.5,
  trials: 3,
  refineIterations: 5,
  warmIterations: 1,
};

describe('tfidfRow', () => {
  it('applies sublinear tf and idf, then L2-normalises', () => {
    const out = new Float32Array(2);
    const norm = tfidfRow([1, Math.E], [2, 1], out);
    // weights 2·(1 + ln 1) = 2 and 1·(1 + ln e) = 2 → (1/√2, 1/√2)
    expect(norm).toBeCloseTo(Math.sqrt(8), 6);
    expect(out[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(out[1]).toBeCloseTo(Math.SQRT1_2, 6);
  });
});

describe('spherical k-means', () => {
  it('is deterministic for a seed and recovers separated topics', () => {
    const { m, truth } = topics(4, 60);
    const a = sphericalKMeans(m, { k: 4, seed: 3, candidates: 3 });
    const b = sphericalKMeans(m, { k: 4, seed: 3, candidates: 3 });
    expect(Array.from(a.assign)).toEqual(Array.from(b.assign));
    expect(ari(truth, Array.from(a.assign))).toBeGreaterThan(0.9);
  });
  it('principal-direction split separates two topics without a random start', () => {
    const { m, truth } = topics(2, 40);
    const r = principalSplit(m, 1)!;
    expect(ari(truth, Array.from(r.assign))).toBeGreaterThan(0.95);
  });
});

describe('bisecting k-means with automatic k', () => {
  it('finds the number of topics and refuses to split a topic into halves', () => {
    const { m, truth } = topics(5, 100);
    const fit = fitCold(m, { ...fitOpts, minClusterSize: 20 });
    expect(fit.k).toBe(5);
    expect(nmi(truth, Array.from(fit.assign))).toBeGreaterThan(0.95);
    expect(fit.splits.some((s) => !s.accepted && /same topic|smaller/.test(s.reason))).toBe(true);
  });
  it('does not split below minClusterSize', () => {
    const { m } = topics(5, 40);
    const nodes = bisect(m, [{ path: '0', rows: nonEmptyRows(m) }], {
      ...fitOpts,
      minClusterSize: 90,
    });
    expect(nodes.every((n) => n.rows.length >= 90)).toBe(true);
  });
  it('splits a cluster above maxClusterShare even when its halves look alike', () => {
    const { m } = topics(1, 200);
    const refused = bisect(m, [{ path: '0', rows: nonEmptyRows(m) }], {
      ...fitOpts,
      minClusterSize: 20,
      maxChildCosine: 0.01,
    });
    expect(refused.length).toBe(1);
    const forced = bisect(m, [{ path: '0', rows: nonEmptyRows(m) }], {
      ...fitOpts,
      minClusterSize: 20,
      maxChildCosine: 0.01,
      maxClusterShare: 0.5,
    });
    expect(forced.length).toBeGreaterThanOrEqual(2);
    expect(forced.every((n) => n.rows.length <= 0.5 * 200 || n.rows.length < 40)).toBe(true);
  });
  it('a warm fit from the previous centroids keeps the clusters (and their order)', () => {
    const { m, truth } = topics(4, 40);
    const cold = fitCold(m, fitOpts);
    const init = Array.from({ length: cold.k }, (_, j) =>
      cold.centroids.slice(j * m.dim, (j + 1) * m.dim),
    );
    const warm = fitWarm(
      m,
      init,
      init.map((_, j) => `c${j}`),
      fitOpts,
      Array.from(cold.sizes),
    );
    expect(Array.from(warm.assign)).toEqual(Array.from(cold.assign));
    expect(Array.from(warm.origin)).toEqual(init.map((_, j) => j));
    expect(nmi(truth, Array.from(warm.assign))).toBeGreaterThan(0.95);
  });
});

describe('matching clusters across runs', () => {
  const v = (o: Record<string, number>) => new Map(Object.entries(o));
  it('keeps ids of the same topics, gives new ids to new ones, retires the vanished', () => {
    const previous = [
      { id: 3, vector: v({ 压缩机: 0.8, 噪音: 0.6 }) },
      { id: 7, vector: v({ 物流: 0.9, 慢: 0.44 }) },
      { id: 9, vector: v({ 发票: 1 }) },
    ];
    const next = [
      v({ 物流: 0.85, 慢: 0.5, 快递: 0.1 }),
      v({ 压缩机: 0.7, 噪音: 0.7 }),
      v({ 赠品: 1 }),
    ];
    const r = matchClusters(previous, next, 0.5, 10);
    expect(r.ids).toEqual([7, 3, 10]);
    expect(r.retired).toEqual([9]);
    expect(r.similarity[2]).toBeNull();
  });
  it('is one-to-one: two new clusters cannot take the same id', () => {
    const previous = [{ id: 1, vector: v({ a: 1 }) }];
    const r = matchClusters(previous, [v({ a: 1, b: 0.2 }), v({ a: 1 })], 0.5, 5);
    expect(r.ids).toEqual([5, 1]);
    expect(cosine(v({ a: 1 }), v({ b: 1 }))).toBe(0);
  });
});

describe('labels', () => {
  it('c-TF-IDF ranks the words that distinguish a cluster', () => {
    const counts = new Map([
      [
        1,
        new Map([
          ['压缩机', 30],
          ['噪音', 20],
          ['冰箱', 40],
        ]),
      ],
      [
        2,
        new Map([
          ['物流', 30],
          ['冰箱', 40],
        ]),
      ],
    ]);
    const r = ctfidf(counts);
    expect(r.get(1)![0].term).toBe('压缩机');
    expect(r.get(1)!.at(-1)!.term).toBe('冰箱');
  });
  it('builds a short label, merging words into the phrase that covers them', () => {
    const r = (xs: [string, number][]) => xs.map(([term, weight]) => ({ term, weight }));
    expect(
      buildLabel(
        r([
          ['压缩机', 0.3],
          ['噪音', 0.25],
          ['压缩机 噪音', 0.2],
          ['不制冷', 0.15],
          ['异响', 0.1],
        ]),
      ),
    ).toBe('压缩机噪音 · 不制冷 · 异响');
    expect(
      buildLabel(
        r([
          ['leak', 0.3],
          ['water', 0.25],
          ['water leak', 0.2],
          ['drain', 0.15],
          ['floor', 0.1],
        ]),
      ),
    ).toBe('water leak · drain · floor');
    // Single characters rank behind longer terms.
    expect(
      buildLabel(
        r([
          ['员', 0.3],
          ['送餐', 0.25],
          ['态度', 0.2],
          ['超时', 0.19],
        ]),
        3,
      ),
    ).toBe('送餐 · 态度 · 超时');
  });
});

describe('metrics', () => {
  it('match scikit-learn on a small example', () => {
    // sklearn: normalized_mutual_info_score([0,0,1,1],[0,0,1,2]) = 0.8; adjusted_rand_score = 0.5714…
    expect(nmi([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.8, 6);
    expect(ari([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.5714285714, 6);
  });
  it('are invariant to renaming clusters and low for unrelated partitions', () => {
    expect(nmi(['a', 'a', 'b', 'b'], [5, 5, 9, 9])).toBeCloseTo(1, 9);
    expect(ari(['a', 'a', 'b', 'b'], [5, 5, 9, 9])).toBeCloseTo(1, 9);
    expect(ari([0, 0, 1, 1, 0, 0, 1, 1], [0, 1, 0, 1, 0, 1, 0, 1])).toBeLessThan(0.01);
  });
});
