// Cluster labels: class-based TF-IDF (c-TF-IDF, as in BERTopic) ranks the terms of each cluster,
// and a short label is built from the top ranked terms, e.g. `压缩机噪音 · 不制冷 · 异响` or
// `water leak · drain hole · floor`.
//
// c-TF-IDF of term t in cluster c:  (tf(t,c) / Σ_t' tf(t',c)) · ln(1 + A / f(t))
// where tf(t,c) counts the term in the cluster's complaints, f(t) over all clusters and A is the
// average number of terms per cluster. The SQL in store.ts (`ctfidfSql`) computes the same
// quantity over complaint_terms; `ctfidf` here is the in-memory reference used by the tests.
import { PHRASE_SEPARATOR, displayTerm } from '../text/tokenize.ts';

export interface RankedTerm {
  term: string;
  weight: number;
  /** Share of all (sampled) complaints containing the term, when known. */
  corpusShare?: number;
}

/**
 * A term in at least this share of all complaints never leads a label (京东 in 11 % of the shopping
 * reviews, ford / vehicle in half of the NHTSA narratives): it may follow a term that says what the
 * cluster is about.
 */
export const LEAD_MAX_SHARE = 0.1;

/** c-TF-IDF per cluster, terms ranked by weight (ties by term). */
export function ctfidf(
  counts: ReadonlyMap<number, ReadonlyMap<string, number>>,
  top = 10,
): Map<number, RankedTerm[]> {
  const total = new Map<string, number>();
  let all = 0;
  for (const terms of counts.values()) {
    for (const [t, n] of terms) {
      total.set(t, (total.get(t) ?? 0) + n);
      all += n;
    }
  }
  const a = counts.size > 0 ? all / counts.size : 0;
  const out = new Map<number, RankedTerm[]>();
  for (const [c, terms] of counts) {
    let size = 0;
    for (const n of terms.values()) size += n;
    const ranked: RankedTerm[] = [];
    for (const [t, n] of terms)
      ranked.push({ term: t, weight: (n / size) * Math.log(1 + a / total.get(t)!) });
    ranked.sort((x, y) => y.weight - x.weight || (x.term < y.term ? -1 : x.term > y.term ? 1 : 0));
    out.set(c, ranked.slice(0, top));
  }
  return out;
}

function parts(term: string): string[] {
  return term.split(PHRASE_SEPARATOR);
}

/** True when two terms say the same thing twice (one contains the other, or they share a word). */
function overlaps(a: string, b: string): boolean {
  const da = displayTerm(a);
  const db = displayTerm(b);
  if (da.includes(db) || db.includes(da)) return true;
  const pa = parts(a);
  return parts(b).some((w) => pa.includes(w));
}

/** Single Chinese characters (小, 完, 员) read poorly in a label; they rank behind longer terms. */
const SINGLE_HAN = /^[\u3400-\u9fff]$/u;
export const SINGLE_CHARACTER_FACTOR = 0.6;

/**
 * A short label from ranked terms: up to `n` terms in rank order, skipping any that repeats a term
 * already chosen (噪音 after 压缩机噪音; "leak" after "water leak"). A phrase that covers chosen words
 * replaces them when its weight is at least `phraseShare` of theirs: 快递 + 员 → 快递员, "water" +
 * "leak" → "water leak" (a phrase reads better than its words apart).
 */
export function buildLabel(ranked: readonly RankedTerm[], n = 3, phraseShare = 0.4): string {
  const cands = ranked
    .map((r) => ({
      term: r.term,
      weight: SINGLE_HAN.test(r.term) ? r.weight * SINGLE_CHARACTER_FACTOR : r.weight,
      corpusShare: r.corpusShare,
    }))
    .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  const chosen: RankedTerm[] = [];
  for (const cand of cands) {
    const clashes = chosen
      .map((c, i) => (overlaps(c.term, cand.term) ? i : -1))
      .filter((i) => i >= 0);
    if (clashes.length === 0) {
      if (chosen.length < n) chosen.push(cand);
      continue;
    }
    const shown = displayTerm(cand.term);
    const covers = clashes.every(
      (i) => shown.includes(displayTerm(chosen[i].term)) && shown !== displayTerm(chosen[i].term),
    );
    const weakest = Math.min(...clashes.map((i) => chosen[i].weight));
    if (covers && cand.weight >= phraseShare * weakest) {
      const first = clashes[0];
      chosen[first] = cand;
      for (const i of clashes.slice(1).reverse()) chosen.splice(i, 1);
    }
  }
  const lead = chosen.findIndex((c) => (c.corpusShare ?? 0) < LEAD_MAX_SHARE);
  if (lead > 0) chosen.unshift(...chosen.splice(lead, 1));
  return chosen.map((c) => displayTerm(c.term)).join(' · ');
}
