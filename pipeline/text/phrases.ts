// Meaningful phrases: adjacent word pairs (within a clause) that occur together far more often
// than their words alone predict. Scored by normalised PMI (Bouma 2009), which is 1 for pairs that
// only ever occur together, 0 for independence, and — unlike raw PMI — does not favour rare pairs.
// A pair is kept when it occurs at least `minCount` times and NPMI ≥ `minNpmi`; at most `maxPhrases`,
// the most frequent first. 压缩机 + 噪音 → 压缩机噪音, water + leak → "water leak"; 冰箱 + 很 is dropped
// (很 is a stop word anyway) and so is "fridge said" (independent words).
import type { TokenStore } from './tokenStore.ts';

export interface PhraseOptions {
  minCount: number;
  minNpmi: number;
  maxPhrases: number;
}

export const DEFAULT_PHRASES: PhraseOptions = { minCount: 5, minNpmi: 0.25, maxPhrases: 20000 };

/** Key of an ordered word pair (ids below 2^22). */
export function pairKey(a: number, b: number): number {
  return a * 4194304 + b;
}

export interface Phrase {
  a: number;
  b: number;
  count: number;
  npmi: number;
}

/** Phrases found in the documents at `positions` (indices into the store). Deterministic order. */
export function selectPhrases(
  store: TokenStore,
  positions: Iterable<number>,
  opts: PhraseOptions,
): Phrase[] {
  const words = new Map<number, number>();
  const pairs = new Map<number, number>();
  let nWords = 0;
  let nPairs = 0;
  for (const p of positions) {
    const s = store.start(p);
    const e = store.end(p);
    let prev = -1;
    for (let i = s; i < e; i++) {
      const t = store.tokens[i];
      if (t < 0) {
        prev = -1;
        continue;
      }
      words.set(t, (words.get(t) ?? 0) + 1);
      nWords++;
      if (prev >= 0 && prev !== t) {
        const k = pairKey(prev, t);
        pairs.set(k, (pairs.get(k) ?? 0) + 1);
        nPairs++;
      }
      prev = t;
    }
  }
  const out: Phrase[] = [];
  for (const [k, c] of pairs) {
    if (c < opts.minCount) continue;
    const a = Math.floor(k / 4194304);
    const b = k - a * 4194304;
    const pab = c / nPairs;
    const pa = words.get(a)! / nWords;
    const pb = words.get(b)! / nWords;
    const npmi = pab >= 1 ? 1 : Math.log(pab / (pa * pb)) / -Math.log(pab);
    if (npmi >= opts.minNpmi) out.push({ a, b, count: c, npmi });
  }
  out.sort((x, y) => y.count - x.count || y.npmi - x.npmi || x.a - y.a || x.b - y.b);
  return out.slice(0, opts.maxPhrases);
}
