// Matching a new build's clusters to the previous build's, so that a root cause keeps its id and its
// label from one night to the next. Centroids are compared as term-keyed sparse vectors (the
// vocabulary may differ between builds); pairs are taken greedily by descending cosine, one-to-one,
// down to `threshold`. Greedy is deterministic and, for the near-diagonal similarity matrices of
// successive builds, gives the same pairs as the Hungarian algorithm. Unmatched new clusters get new
// ids (never a retired one: a retired id keeps meaning its old topic in history).

export type TermVector = Map<string, number>;

/** Prefix of the category dimensions in term-keyed centroids ('#' never occurs in a term). */
export const CATEGORY_KEY = '#category:';

export function cosine(a: TermVector, b: TermVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small) {
    const v = large.get(t);
    if (v !== undefined) dot += w * v;
  }
  let na = 0;
  for (const w of a.values()) na += w * w;
  let nb = 0;
  for (const w of b.values()) nb += w * w;
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

export interface MatchResult {
  /** Id given to each new cluster. */
  ids: number[];
  /** Cosine with the matched previous cluster (null = new id). */
  similarity: (number | null)[];
  /** Previous ids not matched (retired). */
  retired: number[];
}

export function matchClusters(
  previous: readonly { id: number; vector: TermVector }[],
  next: readonly TermVector[],
  threshold: number,
  firstNewId: number,
): MatchResult {
  const pairs: { i: number; p: number; s: number }[] = [];
  next.forEach((v, i) => {
    previous.forEach((prev, p) => {
      const s = cosine(v, prev.vector);
      if (s >= threshold) pairs.push({ i, p, s });
    });
  });
  pairs.sort((x, y) => y.s - x.s || previous[x.p].id - previous[y.p].id || x.i - y.i);
  const ids: number[] = new Array(next.length).fill(-1);
  const similarity: (number | null)[] = new Array(next.length).fill(null);
  const used = new Set<number>();
  for (const { i, p, s } of pairs) {
    if (ids[i] >= 0 || used.has(p)) continue;
    ids[i] = previous[p].id;
    similarity[i] = s;
    used.add(p);
  }
  let nextId = firstNewId;
  for (let i = 0; i < ids.length; i++) if (ids[i] < 0) ids[i] = nextId++;
  const retired = previous.filter((_, p) => !used.has(p)).map((p) => p.id);
  return { ids, similarity, retired };
}
