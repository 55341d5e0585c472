// External clustering scores against reference labels: normalised mutual information (arithmetic
// mean normalisation, scikit-learn's default, so the numbers compare with the reference run) and
// the adjusted Rand index. Both take any hashable label values; outliers are passed as a label of
// their own by the caller (the conservative choice: an outlier bucket is one more "cluster").

function contingency<A, B>(
  a: readonly A[],
  b: readonly B[],
): { table: Map<string, number>; ca: Map<A, number>; cb: Map<B, number>; n: number } {
  if (a.length !== b.length)
    throw new Error(`label arrays differ in length: ${a.length} vs ${b.length}`);
  const ia = new Map<A, number>();
  const ib = new Map<B, number>();
  const table = new Map<string, number>();
  const ca = new Map<A, number>();
  const cb = new Map<B, number>();
  for (let i = 0; i < a.length; i++) {
    if (!ia.has(a[i])) ia.set(a[i], ia.size);
    if (!ib.has(b[i])) ib.set(b[i], ib.size);
    const key = `${ia.get(a[i])},${ib.get(b[i])}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    ca.set(a[i], (ca.get(a[i]) ?? 0) + 1);
    cb.set(b[i], (cb.get(b[i]) ?? 0) + 1);
  }
  return { table, ca, cb, n: a.length };
}

function entropy(counts: Iterable<number>, n: number): number {
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log(c / n);
  return h;
}

/** NMI with arithmetic-mean normalisation: 2·I(A;B) / (H(A) + H(B)); 1 when both are one cluster. */
export function nmi<A, B>(a: readonly A[], b: readonly B[]): number {
  const { table, ca, cb, n } = contingency(a, b);
  if (n === 0) return 1;
  const ha = entropy(ca.values(), n);
  const hb = entropy(cb.values(), n);
  if (ha === 0 && hb === 0) return 1;
  const la = [...ca.values()];
  const lb = [...cb.values()];
  let mi = 0;
  for (const [key, nij] of table) {
    const [i, j] = key.split(',').map(Number);
    mi += (nij / n) * Math.log((n * nij) / (la[i] * lb[j]));
  }
  const denom = (ha + hb) / 2;
  return denom > 0 ? Math.max(0, mi / denom) : 0;
}

const comb2 = (x: number) => (x * (x - 1)) / 2;

/** Adjusted Rand index (Hubert & Arabie): 1 = identical partitions, ~0 = chance agreement. */
export function ari<A, B>(a: readonly A[], b: readonly B[]): number {
  const { table, ca, cb, n } = contingency(a, b);
  if (n < 2) return 1;
  let index = 0;
  for (const v of table.values()) index += comb2(v);
  let sa = 0;
  for (const v of ca.values()) sa += comb2(v);
  let sb = 0;
  for (const v of cb.values()) sb += comb2(v);
  const expected = (sa * sb) / comb2(n);
  const max = (sa + sb) / 2;
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
