// The evaluation baseline (bench/eval-clusters.ts): the textbook pipeline the reference numbers
// were measured with in scikit-learn — TF-IDF with min_df = 3, max_df = 0.5, sublinear tf, smoothed
// idf, L2 rows, k-means with a given k, 5 k-means++ initialisations, the best objective kept. The
// tokens are the caller's: the evaluation passes the product's own tokeniser, so that the baseline
// differs from the product only in how it clusters; `plainTokens` is jieba as scikit-learn's
// reference run got it. Not used by the pipeline.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { CsrBuilder, tfidfRow, type Csr } from './sparse.ts';
import { sphericalKMeans } from './kmeans.ts';

let jieba: Jieba | null = null;

/** jieba.lcut as scikit-learn's `tokenizer=` would get it: every token, lower-cased, blanks dropped. */
export function plainTokens(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  return jieba
    .cut(text ?? '', false)
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0);
}

export function baselineMatrix(
  texts: readonly string[],
  tokens: (text: string) => string[] = plainTokens,
  minDf = 3,
  maxDf = 0.5,
): Csr {
  const docs = texts.map((t) => {
    const m = new Map<string, number>();
    for (const w of tokens(t)) m.set(w, (m.get(w) ?? 0) + 1);
    return m;
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const w of d.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const n = docs.length;
  const vocab = [...df]
    .filter(([, c]) => c >= minDf && c <= maxDf * n)
    .map(([w]) => w)
    .sort();
  const index = new Map(vocab.map((w, i) => [w, i]));
  const idf = vocab.map((w) => Math.log((1 + n) / (1 + df.get(w)!)) + 1);
  const b = new CsrBuilder(vocab.length, n * 16);
  for (const d of docs) {
    const idx: number[] = [];
    const tf: number[] = [];
    const w: number[] = [];
    for (const [t, c] of d) {
      const i = index.get(t);
      if (i === undefined) continue;
      idx.push(i);
      tf.push(c);
      w.push(idf[i]);
    }
    const out = new Float32Array(idx.length);
    tfidfRow(tf, w, out);
    b.push(idx, out);
  }
  return b.build();
}

/** k-means (k, `inits` seeds, best mean cosine kept) on the baseline matrix; -1 for empty rows. */
export function baselineClusters(m: Csr, k: number, inits = 5, seed = 0): Int32Array {
  let best: Int32Array | null = null;
  let bestObj = -Infinity;
  for (let s = 0; s < inits; s++) {
    const r = sphericalKMeans(m, { k, seed: seed + s, maxIter: 100, tol: 0 });
    let obj = 0;
    for (let i = 0; i < m.rows; i++) if (r.assign[i] >= 0) obj += r.sim[i];
    if (obj > bestObj) {
      bestObj = obj;
      best = r.assign;
    }
  }
  return best!;
}
