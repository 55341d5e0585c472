// Development harness, step 2 (not a product path; numbers it gives rank variants, the CLI's
// eval:clusters gives the product numbers): the product's vocabulary rule (minDf 3, maxDfShare 0.3,
// smoothed idf, sublinear tf, L2), fitCold with the product's defaults and nearest-centroid assignment
// with the unassigned rule, on the tokens cached by harness-prep.ts; NMI per set. With the product's
// settings it reproduces the CLI within 0.002 (zh shopping 0.501 vs 0.499, others identical).
//   npx node bench/dev/harness-prep.ts && npx node bench/dev/harness-prep2.ts
//   npx node bench/dev/harness.ts '{"maxChildCosine":0.5}' [shopping,vehicle,sample-zh,sample-en,delivery,nhtsa]
//   bench/dev/reps.sh '{…}'   full set + three 90 % subsamples;  bench/dev/stab.sh '{…}'  ARI 95 % vs 100 %
// Variant keys: maxChildCosine, adaptive/a/b/lo/hi (length rule), minSimilarity, minClusterShare,
// bigrams/bigramWeight (Chinese character bigrams of ≥ 3-character words), pmi/pairs/pairWeight
// (phrase features; pairMinDf: their own df floor), stem (1: -ing/-ed cut; 2: Porter step 1b), idfPow,
// idf ('plain' ln(n/df), 'prob' BM25's ln((n − df + 0.5)/(df + 0.5)), default smoothed + idfAdd, 1),
// tf ('bm25' with k1/bmb, 'sqrt', 'raw'; default sublinear), binary, refine, keep/keepSeed (hash subsample).
// The product's defaults: '{"adaptive":1,"a":-0.0316,"b":0.18,"lo":0.4,"hi":0.6,"minSimilarity":0.03}'.
// Fifth pass (post-fit, k fixed; bench/dev/post.ts): post 'core' (q: centroids of each cluster's core),
// post 'rw' (term weights from the cluster spread: measure entropy|ig|max|count, eps (floor), gamma,
// rounds, iters, fidf), cons/consKeep/consIters (consensus of split trees on hash subsamples), av {…}
// (another representation for centroids + assignment only), regrow/capk (regrow the tree re-weighted),
// fit {localSplit} (removed from bisect.ts again), P {runs, share, iterations, floor} = the product's
// consensus + termWeights path (fitCold `consensus`, termWeights.ts); since the fifth pass the product
// defaults are those keys plus '"P":{}'. DIAG=1 prints each cluster's label mix, FDIAG=1 the weights.
//   bench/dev/reps9.sh '{…}'   full set + eight 90 % subsamples (mean 9)
import { readFileSync } from 'node:fs';
import { CsrBuilder, tfidfRow, selectRows, type Csr } from '../../pipeline/cluster/sparse.ts';
import { fitCold } from '../../pipeline/cluster/fit.ts';
import { assignAll } from '../../pipeline/cluster/assignment.ts';
import { nmi, ari } from '../../pipeline/cluster/metrics.ts';
import { isHan } from '../../pipeline/text/normalize.ts';
import { unitHash } from '../../pipeline/cluster/random.ts';
import { centroidsOf } from '../../pipeline/cluster/kmeans.ts';
import { clusterTermWeights, reweightRows } from '../../pipeline/cluster/termWeights.ts';
import { consensus, coreCentroids, reweighted, scale } from './post.ts';

const V = JSON.parse(process.argv[2] ?? '{}');
const sets = (process.argv[3] ?? 'shopping,vehicle,sample-zh,sample-en').split(',');
const o = {
  minDf: 3,
  maxDfShare: 0.3,
  maxChildCosine: 0.5,
  minClusterShare: 0.01,
  minClusterSize: 10,
  maxClusterShare: 0.5,
  minSimilarity: 0.05,
  bigrams: 0,
  stem: false,
  keep: 1,
  ...V,
};
type Doc = { id: string; text: string; labels: string[]; clauses: string[][] };
export function features(d: Doc): string[] {
  let w = d.clauses.flat();
  if (o.stem === 2) w = w.map(step1b);
  else if (o.stem) w = w.map(stemFold);
  if (o.bigrams) {
    for (const t of w) {
      if (t.length >= 3 && isHan(t.charCodeAt(0)) && isHan(t.charCodeAt(1)))
        for (let i = 0; i + 1 < t.length; i++) w.push('\u0001' + t.slice(i, i + 2));
    }
  }
  if (o.pmi)
    for (const c of d.clauses)
      for (let i = 1; i < c.length; i++) {
        if (c[i - 1] !== c[i] && PMI.has(c[i - 1] + ' ' + c[i]))
          w.push('\u0002' + c[i - 1] + ' ' + c[i]);
      }
  if (o.pairs)
    for (const c of d.clauses)
      for (let i = 1; i < c.length; i++) w.push('\u0002' + c[i - 1] + ' ' + c[i]);
  return w;
}
// Porter step 1b (Porter 1980): -ed / -ing off when the stem has a vowel, then at/bl/iz → +e,
// doubled consonant → single, short cvc stem → +e. Negated terms ('not leaking') fold their word.
const V1 = /[aeiouy]/;
function step1b(term: string): string {
  const sp = term.lastIndexOf(' ');
  if (sp >= 0) return term.slice(0, sp + 1) + step1b(term.slice(sp + 1));
  const w = term;
  if (!/^[a-z]+$/.test(w) || w.length < 5) return w;
  let s: string | null = null;
  if (w.endsWith('eed')) return w;
  if (w.endsWith('ing') && V1.test(w.slice(0, -3))) s = w.slice(0, -3);
  else if (w.endsWith('ed') && V1.test(w.slice(0, -2))) s = w.slice(0, -2);
  if (!s || s.length < 3) return w;
  if (/(at|bl|iz)$/.test(s)) return s + 'e';
  if (/([^aeiouylsz])\1$/.test(s)) return s.slice(0, -1);
  if (/^[^aeiou]*[aeiouy][^aeiouwxy]$/.test(s)) return s + 'e';
  return s;
}
function stemFold(w: string): string {
  if (!/^[a-z]+$/.test(w) || w.length < 5) return w;
  if (w.endsWith('ing') && w.length > 6) return w.slice(0, -3);
  if (w.endsWith('ed') && w.length > 5) return w.slice(0, -2);
  return w;
}
let PMI = new Set<string>();
function selectPmi(docs: Doc[]) {
  const words = new Map<string, number>(),
    pairs = new Map<string, number>();
  let nw = 0,
    np = 0;
  for (const d of docs)
    for (const c of d.clauses)
      for (let i = 0; i < c.length; i++) {
        words.set(c[i], (words.get(c[i]) ?? 0) + 1);
        nw++;
        if (i > 0 && c[i - 1] !== c[i]) {
          const k = c[i - 1] + ' ' + c[i];
          pairs.set(k, (pairs.get(k) ?? 0) + 1);
          np++;
        }
      }
  const out = new Set<string>();
  for (const [k, c] of pairs) {
    if (c < 5) continue;
    const [a, b] = k.split(' ');
    if (!b) continue;
    const pab = c / np,
      pa = words.get(a)! / nw,
      pb = words.get(b)! / nw;
    const npmi = pab >= 1 ? 1 : Math.log(pab / (pa * pb)) / -Math.log(pab);
    const shown = isHan(a.charCodeAt(a.length - 1)) && isHan(b.charCodeAt(0)) ? a + b : k;
    if (npmi >= (o.minNpmi ?? 0.25) && shown.length >= 3) out.add(k);
  }
  return out;
}
for (const name of sets) {
  const t0 = performance.now();
  let docs: Doc[] = JSON.parse(readFileSync(`/tmp/clh/${name}.json`, 'utf8'));
  if (o.keep < 1) docs = docs.filter((d) => unitHash(d.id, o.keepSeed ?? 7) < o.keep);
  const { m, vocab, index, idf } = buildMatrix(docs);
  let m2: Csr | null = null;
  if (o.av) {
    const saved = { ...o };
    Object.assign(o, o.av);
    m2 = buildMatrix(docs).m;
    for (const key of Object.keys(o)) delete o[key];
    Object.assign(o, saved);
  }
  const order = docs
    .map((_, i) => i)
    .filter((i) => m.indptr[i + 1] > m.indptr[i])
    .sort((a, c) => (docs[a].id < docs[c].id ? -1 : docs[a].id > docs[c].id ? 1 : 0));
  const fm = selectRows(m, order);
  const minClusterSize = Math.max(o.minClusterSize, Math.round(o.minClusterShare * order.length));
  const L = fm.indices.length / fm.rows;
  const Lmed = (() => {
    const a: number[] = [];
    for (let i = 0; i < fm.rows; i++) a.push(fm.indptr[i + 1] - fm.indptr[i]);
    a.sort((x, y) => x - y);
    return a[a.length >> 1];
  })();
  if (o.adaptive)
    o.maxChildCosine = Math.min(
      o.hi ?? 0.6,
      Math.max(o.lo ?? 0.35, o.a + o.b * Math.log(o.med ? Lmed : L)),
    );
  if (process.env.LEN)
    console.log(name, 'L', L.toFixed(1), 'med', Lmed, 't', o.maxChildCosine.toFixed(3));
  const fitOpts = {
    seed: 20260101,
    minClusterSize,
    maxClusters: 150,
    maxClusterShare: o.maxClusterShare,
    maxChildCosine: o.maxChildCosine,
    trials: 0,
    refineIterations: o.refine ?? 0,
    warmIterations: 1,
    textDim: m.dim,
    ...(o.fit ?? {}),
  };
  if (o.P)
    Object.assign(fitOpts, {
      consensus: { runs: o.P.runs ?? 8, share: o.P.share ?? 0.5, iterations: o.P.iterations ?? 1 },
      rowKeys: order.map((i) => docs[i].id),
    });
  const fit0 = fitCold(fm, fitOpts);
  if (process.env.SPLITS)
    for (const sp of fit0.splits)
      console.log(
        `  split ${sp.path} ${sp.size} → ${sp.sizes.join('/')} cos ${sp.childCosine.toFixed(2)} ${sp.accepted ? 'acc' : sp.reason.slice(0, 30)}`,
      );
  let am = m;
  let fit = fit0;
  if (o.regrow) {
    const r = reweighted(fm, fit0, o);
    const sfm = scale(fm, r.f);
    am = scale(m, r.f);
    fit = fitCold(
      sfm,
      o.capk
        ? { ...fitOpts, maxClusters: fit0.k, ...(o.capk === 2 ? { maxChildCosine: 2 } : {}) }
        : fitOpts,
    );
    if (o.post === 'rw2') {
      const r2 = reweighted(sfm, fit, o);
      fit.centroids = r2.centroids;
      am = scale(am, r2.f);
    }
  }
  if (o.P && (o.P.floor ?? 0.1) > 0 && fit.k > 1) {
    // the product's term weights (termWeights.ts)
    const w = clusterTermWeights(fm, fit.assign, fit.k, fm.dim, o.P.floor ?? 0.1);
    centroidsOf(reweightRows(fm, w, fm.dim), fit.assign, fit.k, fit.centroids);
    am = reweightRows(m, w, m.dim);
  }
  if (o.cons) {
    const ids = order.map((i) => docs[i].id);
    const c = consensus(
      fm,
      fit,
      fitCold,
      fitOpts,
      o.cons,
      o.consKeep ?? 0.9,
      o.consIters ?? 10,
      (i, seed) => unitHash(ids[i], 1000 + seed),
    );
    fit = { ...fit, assign: c.assign, centroids: c.centroids };
  }
  if (m2) {
    // assignment space: the tree's partition, centroids and assignment in another representation
    const fm2 = selectRows(m2, order);
    const c2 = new Float32Array(fit.k * m2.dim);
    centroidsOf(fm2, fit.assign, fit.k, c2);
    fit = { ...fit, centroids: c2, dim: m2.dim };
    if (o.post === 'rw') {
      const r = reweighted(fm2, fit, o);
      fit.centroids = r.centroids;
      am = scale(m2, r.f);
    } else am = m2;
  } else if (o.post === 'core') fit.centroids = coreCentroids(fm, fit, o.q ?? 0.5);
  else if (o.post === 'rw') {
    const r = reweighted(
      fm,
      fit,
      o,
      o.fidf ? Float64Array.from(idf, (x) => x ** o.fidf) : undefined,
    );
    fit.centroids = r.centroids;
    if (process.env.FDIAG) {
      const terms = vocab.map(([t, c]) => [t, c, r.f[index.get(t)!]] as const);
      const byF = [...terms].sort((x, y) => x[2] - y[2]);
      console.log(
        'low f',
        byF
          .slice(0, 40)
          .map(([t, c, f]) => `${t}:${c}:${f.toFixed(2)}`)
          .join(' '),
      );
      console.log(
        'high f (df>=30)',
        byF
          .filter((x) => x[1] >= 30)
          .slice(-40)
          .map(([t, c, f]) => `${t}:${c}:${f.toFixed(2)}`)
          .join(' '),
      );
      console.log(
        'top df',
        [...terms]
          .slice(0, 40)
          .map(([t, c, f]) => `${t}:${c}:${f.toFixed(2)}`)
          .join(' '),
      );
    }
    am = scale(m, r.f);
  }
  const a = assignAll(am, fit.centroids, fit.k, am.dim, o.minSimilarity);
  const pred = Array.from(a.cluster, (c) => (c < 0 ? 'U' : String(c)));
  const un = pred.filter((p) => p === 'U').length / pred.length;
  const scores = docs[0].labels.map((_, li) =>
    nmi(
      docs.map((d) => d.labels[li]),
      pred,
    ).toFixed(3),
  );
  const ar = ari(
    docs.map((d) => d.labels[0]),
    pred,
  ).toFixed(3);
  console.log(
    `${name.padEnd(10)} k ${String(fit.k).padStart(3)} NMI ${scores.join(' / ')} ARI ${ar} un ${(un * 100).toFixed(1)}% vocab ${vocab.length} ${((performance.now() - t0) / 1000).toFixed(1)}s`,
  );
  if (process.env.SAVE) savePredictions(name, docs, pred);
  if (process.env.DIAG) {
    const by = new Map<string, Map<string, number>>();
    docs.forEach((d, i) => {
      const mm = by.get(pred[i]) ?? new Map<string, number>();
      mm.set(d.labels[0], (mm.get(d.labels[0]) ?? 0) + 1);
      by.set(pred[i], mm);
    });
    for (const [c, mm] of [...by].sort((x, y) => sum(y[1]) - sum(x[1]))) {
      const top = [...mm].sort((x, y) => y[1] - x[1]).slice(0, 3);
      console.log(
        `  ${c.padStart(3)} ${String(sum(mm)).padStart(5)} ${top.map(([l, v]) => `${l.slice(0, 30)} ${((v / sum(mm)) * 100).toFixed(0)}%`).join(' | ')}`,
      );
    }
  }
}
function savePredictions(name: string, docs: Doc[], pred: string[]) {
  // for stability comparisons (bench/dev/stab.sh)
  const fs = process.getBuiltinModule('node:fs');
  fs.writeFileSync(
    `/tmp/clh/pred-${name}-${process.env.SAVE}.json`,
    JSON.stringify(Object.fromEntries(docs.map((d, i) => [d.id, pred[i]]))),
  );
}

function sum(m: Map<string, number>): number {
  let s = 0;
  for (const v of m.values()) s += v;
  return s;
}

function buildMatrix(docs: Doc[]) {
  if (o.pmi) PMI = selectPmi(docs);
  const bags = docs.map((d) => {
    const m = new Map<string, number>();
    for (const t of features(d)) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
  });
  const n = bags.filter((b) => b.size > 0).length;
  const df = new Map<string, number>();
  for (const b of bags) for (const t of b.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const vocab = [...df]
    .filter(
      ([t, c]) =>
        c >= (t.startsWith('\u0002') ? (o.pairMinDf ?? o.minDf) : o.minDf) && c <= o.maxDfShare * n,
    )
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 30000);
  const index = new Map(vocab.map(([t], i) => [t, i]));
  const idfOf = (c: number) =>
    o.idf === 'plain'
      ? Math.log(n / c)
      : o.idf === 'prob'
        ? Math.max(0.01, Math.log((n - c + 0.5) / (c + 0.5)))
        : o.idf === 'plain1'
          ? Math.log(n / c) + 1
          : Math.log((1 + n) / (1 + c)) + (o.idfAdd ?? 1);
  const idf = vocab.map(([, c]) => idfOf(c) ** (o.idfPow ?? 1));
  let avgLen = 0;
  for (const bag of bags) for (const c of bag.values()) avgLen += c;
  avgLen /= Math.max(1, bags.length);
  const bw = o.bigramWeight ?? 1;
  const b = new CsrBuilder(vocab.length, docs.length * 16);
  for (const bag of bags) {
    const idx: number[] = [],
      tf: number[] = [],
      w: number[] = [];
    for (const [t, c] of bag) {
      const i = index.get(t);
      if (i === undefined) continue;
      idx.push(i);
      tf.push(o.binary ? 1 : c);
      w.push(
        idf[i] * (t.startsWith('\u0001') ? bw : t.startsWith('\u0002') ? (o.pairWeight ?? 1) : 1),
      );
    }
    const out = new Float32Array(idx.length);
    if (o.tf === 'bm25') {
      let len = 0;
      for (const c of bag.values()) len += c;
      const k1 = o.k1 ?? 1.2,
        bb = o.bmb ?? 0.75;
      const K = k1 * (1 - bb + (bb * len) / avgLen);
      for (let j = 0; j < tf.length; j++) tf[j] = Math.exp(((k1 + 1) * tf[j]) / (tf[j] + K) - 1);
    } else if (o.tf === 'raw') for (let j = 0; j < tf.length; j++) tf[j] = Math.exp(tf[j] - 1);
    else if (o.tf === 'sqrt')
      for (let j = 0; j < tf.length; j++) tf[j] = Math.exp(Math.sqrt(tf[j]) - 1);
    tfidfRow(tf, w, out);
    b.push(idx, out);
  }
  const m: Csr = b.build();
  return { m, vocab, index, idf, n };
}
