// The split acceptance cosine, from how long the complaints are (docs/clustering.md, "Clustering
// method"). A split is accepted when its halves' weighted centroid cosine is below this value.
//
// Why it depends on length: two complaints about different faults share incidental words (parts,
// places, what the owner did) in proportion to how much they say, so the halves of a cluster of long
// narratives have a higher centroid cosine than the halves of a cluster of short reviews that differ
// just as much in topic. One fixed cosine therefore over-splits short texts and under-splits long
// ones. Measured with a fixed threshold (development harness, same texts and code path, NMI; mean
// vocabulary terms per complaint in brackets): zh shopping reviews (11.7) and the synthetic samples
// (10.6–11.5) are best near 0.40 (shopping 0.501 → 0.550, sample zh 0.906 → 0.915, sample en 0.867 →
// 0.887 from 0.5), the en vehicle narratives (25.1) near 0.55 (0.541 → 0.564 vs Component) and lose
// at 0.40 (0.514). The rule interpolates in log length between those two regimes:
//
//   cosine = clamp(base + perLogTerms · ln(meanTerms / referenceTerms), base, max)
//
// with base 0.40 at ≤ 11 terms, ≈ 0.55 at 25 terms, capped at 0.60 (NHTSA narratives, 44 terms).
// It is a property of the fitted complaints, not of a labelled set: the same rule runs on every export.

export interface ChildCosineRule {
  /** Acceptance cosine for short complaints (mean terms ≤ referenceTerms); also the minimum. */
  base: number;
  /** Mean distinct vocabulary terms per complaint at which the cosine starts to rise. */
  referenceTerms: number;
  /** Increase of the cosine per natural-log unit of mean length above referenceTerms. */
  perLogTerms: number;
  /** Upper bound: halves more alike than this are never "different root causes". */
  max: number;
}

export const DEFAULT_CHILD_COSINE: ChildCosineRule = {
  base: 0.4,
  referenceTerms: 11,
  perLogTerms: 0.18,
  max: 0.6,
};

/** The acceptance cosine for complaints with `meanTerms` distinct vocabulary terms on average. */
export function childCosineFor(meanTerms: number, rule: ChildCosineRule): number {
  if (!(meanTerms > 0)) return rule.base;
  const raw = rule.base + rule.perLogTerms * Math.log(meanTerms / rule.referenceTerms);
  return Math.min(rule.max, Math.max(rule.base, raw));
}

/** Mean number of non-empty text dimensions (< textDim) per non-empty row of a CSR matrix. */
export function meanTextTerms(
  m: { rows: number; indptr: Int32Array; indices: Int32Array },
  textDim: number,
): number {
  let rows = 0;
  let terms = 0;
  for (let i = 0; i < m.rows; i++) {
    let t = 0;
    for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) if (m.indices[p] < textDim) t++;
    if (t > 0) {
      rows++;
      terms += t;
    }
  }
  return rows > 0 ? terms / rows : 0;
}
