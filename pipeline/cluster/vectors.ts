// Vocabulary (SQL: document frequencies are set logic) and document vectors (memory: the numeric
// iteration that SQL is bad at).
//
// Vocabulary: words (not phrases: measured, phrase features lower NMI on both test corpora, see
// docs/clustering.md) in at least minDf complaints and at most maxDfShare (30 %) of them, the
// maxTerms most frequent, idf = ln((1 + n) / (1 + df)) + 1 (scikit-learn's smoothed idf, so numbers compare).
//
// Vector of a complaint: sublinear tf × idf over the vocabulary, L2-normalised, then the taxonomy
// category as one more dimension of weight β (categoryWeight) and the whole renormalised: text part
// 1/√(1+β²), category β/√(1+β²). The category pulls complaints of one category together without
// overriding the text: two complaints with the same words but different categories still have a
// cosine of 1/(1+β²) = 0.8 at β = 0.5.
import type { Db } from '../db.ts';
import { intColumn, streamChunks, textColumn } from './store.ts';
import { CsrBuilder, tfidfRow, type Csr } from './sparse.ts';
import type { TokenStore } from '../text/tokenStore.ts';

export interface Vocabulary {
  /** term_id of each vocabulary position. */
  termIds: Int32Array;
  terms: string[];
  /** idf × the model's term weight (cluster_vocab.weight). */
  idf: Float64Array;
  /** term_id → vocabulary position (absent: not in the vocabulary). */
  position: Map<number, number>;
}

export interface VocabularyOptions {
  minDf: number;
  maxDfShare: number;
  maxTerms: number;
}

/**
 * Recomputes cluster_vocab from the whole text store (`docs`: complaints with at least one word) and
 * returns it, with the most frequent words left out for being in more than maxDfShare of the
 * complaints (said in the build log: a user must be able to see what the clustering ignores).
 */
export async function computeVocabulary(
  db: Db,
  opts: VocabularyOptions,
  docs: number,
): Promise<Vocabulary & { tooCommon: { term: string; share: number }[] }> {
  await db.run(
    `create or replace temp table cluster_df as
    select c.term_id, count(*) as df
    from complaint_term_ids as c
    join text_terms as t on t.term_id = c.term_id and t.kind = 'word'
    group by c.term_id`,
  );
  await db.run(
    `create or replace table cluster_vocab as
    with docs as (
        select cast($docs as bigint) as n
    ),
    ranked as (
        select df.term_id, t.term, df.df, docs.n
        from cluster_df as df
        join text_terms as t on t.term_id = df.term_id
        cross join docs
        where df.df >= $min_df and df.df <= $max_df_share * docs.n
        order by df.df desc, t.term
        limit $max_terms
    )
    select cast(term_id as integer) as term_id, term, cast(df as integer) as df, ln((1 + n) / (1 + df)) + 1 as idf,
        1.0::double as weight
    from ranked
    order by df desc, term`,
    { min_df: opts.minDf, max_df_share: opts.maxDfShare, max_terms: opts.maxTerms, docs },
  );
  const tooCommon = await db.all<{ term: string; share: number }>(
    `select t.term, df.df / cast($docs as double) as share
    from cluster_df as df
    join text_terms as t on t.term_id = df.term_id
    where df.df > $max_df_share * $docs
    order by df.df desc, t.term
    limit 12`,
    { max_df_share: opts.maxDfShare, docs },
  );
  await db.run('drop table if exists cluster_df');
  return { ...(await loadVocabulary(db)), tooCommon };
}

/**
 * The vocabulary with each word's model weight: idf × cluster_vocab.weight (the cluster-discriminative
 * factor of the current model, termWeights.ts; 1 right after computeVocabulary).
 */
export async function loadVocabulary(db: Db): Promise<Vocabulary> {
  const ids: number[] = [];
  const terms: string[] = [];
  const idf: number[] = [];
  await streamChunks(
    db,
    'select term_id, term, idf * weight from cluster_vocab order by df desc, term',
    (chunk) => {
      const a = intColumn(chunk, 0);
      const b = textColumn(chunk, 1);
      const c = chunk.getColumnVector(2);
      for (let r = 0; r < a.length; r++) {
        ids.push(a[r]);
        terms.push(b[r]);
        idf.push(Number(c.getItem(r)));
      }
    },
  );
  return {
    termIds: Int32Array.from(ids),
    terms,
    idf: Float64Array.from(idf),
    position: new Map(ids.map((id, i) => [id, i])),
  };
}

export interface Vectors {
  /** One row per store position; empty row = no vocabulary term. */
  matrix: Csr;
  /** Number of text dimensions (the category dimensions follow). */
  textDim: number;
}

/**
 * Vectors of the documents in `store`. `category[pos]` is the category index of each document
 * (-1 = none); `categories` is the number of category dimensions.
 */
export function vectorize(
  store: TokenStore,
  vocab: Vocabulary,
  category: Int32Array,
  categories: number,
  categoryWeight: number,
): Vectors {
  const textDim = vocab.termIds.length;
  const b = new CsrBuilder(textDim + categories, store.size * 12);
  const counts = new Map<number, number>();
  const idx: number[] = [];
  const tf: number[] = [];
  const idf: number[] = [];
  let out = new Float32Array(64);
  const textScale = 1 / Math.sqrt(1 + categoryWeight * categoryWeight);
  const catValue = categoryWeight * textScale;
  for (let p = 0; p < store.size; p++) {
    counts.clear();
    for (let i = store.start(p); i < store.end(p); i++) {
      const w = store.tokens[i];
      if (w < 0) continue;
      const v = vocab.position.get(w);
      if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    idx.length = 0;
    tf.length = 0;
    idf.length = 0;
    for (const [v, c] of counts) {
      idx.push(v);
      tf.push(c);
      idf.push(vocab.idf[v]);
    }
    if (idx.length === 0) {
      b.push(idx, out, 0);
      continue;
    }
    if (out.length < idx.length + 1) out = new Float32Array(idx.length * 2 + 1);
    tfidfRow(tf, idf, out, idx.length);
    const c = category[p];
    if (categories > 0 && categoryWeight > 0 && c >= 0) {
      for (let j = 0; j < idx.length; j++) out[j] *= textScale;
      idx.push(textDim + c);
      out[idx.length - 1] = catValue;
    }
    b.push(idx, out, idx.length);
  }
  return { matrix: b.build(), textDim };
}
