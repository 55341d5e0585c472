// Sparse document vectors (CSR) and the TF-IDF weighting applied to them in memory. Document
// frequencies and idf come from SQL (vocabulary.ts); this module only applies them.

export interface Csr {
  /** Number of rows (documents). */
  rows: number;
  /** Number of columns (vocabulary size, plus category dimensions when used). */
  dim: number;
  /** Row i occupies indices/values [indptr[i], indptr[i + 1]). */
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/** Builds a CSR matrix row by row. */
export class CsrBuilder {
  private indptr: number[] = [0];
  private indices: Int32Array;
  private values: Float32Array;
  private nnz = 0;
  readonly dim: number;

  constructor(dim: number, expectedNnz = 1024) {
    this.dim = dim;
    this.indices = new Int32Array(Math.max(16, expectedNnz));
    this.values = new Float32Array(Math.max(16, expectedNnz));
  }

  /** Appends one row; `idx` need not be sorted, duplicates are not merged (callers pass unique ids). */
  push(idx: ArrayLike<number>, val: ArrayLike<number>, n = idx.length): void {
    if (this.nnz + n > this.indices.length) {
      const size = Math.max(this.indices.length * 2, this.nnz + n);
      const i2 = new Int32Array(size);
      i2.set(this.indices.subarray(0, this.nnz));
      const v2 = new Float32Array(size);
      v2.set(this.values.subarray(0, this.nnz));
      this.indices = i2;
      this.values = v2;
    }
    for (let j = 0; j < n; j++) {
      this.indices[this.nnz] = idx[j];
      this.values[this.nnz] = val[j];
      this.nnz++;
    }
    this.indptr.push(this.nnz);
  }

  get rows(): number {
    return this.indptr.length - 1;
  }

  build(): Csr {
    return {
      rows: this.indptr.length - 1,
      dim: this.dim,
      indptr: Int32Array.from(this.indptr),
      indices: this.indices.slice(0, this.nnz),
      values: this.values.slice(0, this.nnz),
    };
  }
}

/** Rows `ids` of `m` as a new matrix (the fitting sample). */
export function selectRows(m: Csr, ids: ArrayLike<number>): Csr {
  const b = new CsrBuilder(
    m.dim,
    Math.ceil((m.indices.length / Math.max(1, m.rows)) * ids.length) + 16,
  );
  for (let r = 0; r < ids.length; r++) {
    const i = ids[r];
    const s = m.indptr[i];
    const e = m.indptr[i + 1];
    b.push(m.indices.subarray(s, e), m.values.subarray(s, e));
  }
  return b.build();
}

/** Squared L2 norm of row i. */
export function rowNorm2(m: Csr, i: number): number {
  let s = 0;
  for (let p = m.indptr[i]; p < m.indptr[i + 1]; p++) s += m.values[p] * m.values[p];
  return s;
}

/**
 * TF-IDF row: sublinear tf (1 + ln tf: the tenth mention of 漏水 adds less than the first) times idf,
 * L2-normalised. Returns the norm before normalisation (0 for a document with no vocabulary term).
 */
export function tfidfRow(
  tf: ArrayLike<number>,
  idf: ArrayLike<number>,
  out: Float32Array,
  n = tf.length,
): number {
  let s = 0;
  for (let j = 0; j < n; j++) {
    const w = (1 + Math.log(tf[j])) * idf[j];
    out[j] = w;
    s += w * w;
  }
  const norm = Math.sqrt(s);
  if (norm > 0) for (let j = 0; j < n; j++) out[j] /= norm;
  return norm;
}
