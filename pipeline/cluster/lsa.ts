// Latent semantic analysis (Deerwester et al. 1990) by randomised SVD (Halko, Martinsson & Tropp 2011,
// algorithm 4.4: range finder with power iterations, then the SVD of the small projected matrix).
//
// Why: two complaints about the same fault often share few exact words (漏水 / 渗水, "door will not
// open" / "latch failed"); the leading singular directions of the TF-IDF matrix group words that occur
// in the same complaints, so complaints are compared by topic rather than by word overlap. Measured
// through the CLI as the space of the split tree (`clustering.lsa.dims`), it was not better on the
// labelled sets (docs/clustering.md, "The NMI target, second pass"), so it is off by default.
//
// Cost: (2q + 2) sparse × dense products of nnz × l multiply-adds, thin QRs of n × l, and an l × l
// symmetric eigenproblem (Jacobi). Measured: 15,434 reviews (180k non-zeros, 8,246 words), 100
// dimensions, 2.6–2.9 s; 2,164 NHTSA narratives, 0.6–1.0 s (shared 2-core machine).
import type { Csr } from './sparse.ts';
import { rng } from './random.ts';

export interface Lsa {
  /** Components kept. */
  dims: number;
  /** Row-major dims × dim: the right singular vectors (term loadings). */
  components: Float64Array;
  singularValues: Float64Array;
}

/** Y (n × l, row-major) = A · B where B is dim × l row-major. */
function sparseTimesDense(a: Csr, b: Float64Array, l: number, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < a.rows; i++) {
    const base = i * l;
    for (let p = a.indptr[i]; p < a.indptr[i + 1]; p++) {
      const v = a.values[p];
      const bb = a.indices[p] * l;
      for (let j = 0; j < l; j++) out[base + j] += v * b[bb + j];
    }
  }
}

/** Z (dim × l, row-major) = Aᵀ · Y where Y is n × l row-major. */
function sparseTransposeTimesDense(a: Csr, y: Float64Array, l: number, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < a.rows; i++) {
    const base = i * l;
    for (let p = a.indptr[i]; p < a.indptr[i + 1]; p++) {
      const v = a.values[p];
      const zb = a.indices[p] * l;
      for (let j = 0; j < l; j++) out[zb + j] += v * y[base + j];
    }
  }
}

/**
 * Orthonormalises the columns of the row-major rows × l matrix in place: Cholesky QR, twice
 * (CholeskyQR2, Fukaya et al. 2014) — the Gram matrix is built row by row, so the pass is
 * cache-friendly where Gram–Schmidt on row-major storage is not (measured on the 15,434 shopping
 * reviews, 100 dimensions: the whole SVD 22.9 s with Gram–Schmidt, 2.6–2.9 s with this). A column
 * whose Gram pivot vanishes (rank deficiency) is zeroed.
 */
function orthonormalise(m: Float64Array, rows: number, l: number, passes = 2): void {
  const g = new Float64Array(l * l);
  const r = new Float64Array(l * l);
  const row = new Float64Array(l);
  for (let pass = 0; pass < passes; pass++) {
    g.fill(0);
    for (let i = 0; i < rows; i++) {
      const base = i * l;
      for (let a = 0; a < l; a++) {
        const va = m[base + a];
        if (va === 0) continue;
        const ga = a * l;
        for (let b = a; b < l; b++) g[ga + b] += va * m[base + b];
      }
    }
    // Upper Cholesky factor R (G = Rᵀ R); a tiny shift keeps a nearly dependent column finite.
    let trace = 0;
    for (let a = 0; a < l; a++) trace += g[a * l + a];
    const eps = 1e-13 * (trace / Math.max(1, l));
    r.fill(0);
    for (let a = 0; a < l; a++) {
      let d = g[a * l + a] + eps;
      for (let k = 0; k < a; k++) d -= r[k * l + a] ** 2;
      const dd = d > eps ? Math.sqrt(d) : 0;
      r[a * l + a] = dd;
      for (let b = a + 1; b < l; b++) {
        let s = g[a * l + b];
        for (let k = 0; k < a; k++) s -= r[k * l + a] * r[k * l + b];
        r[a * l + b] = dd > 0 ? s / dd : 0;
      }
    }
    // Each row x ← x R⁻¹ (forward substitution on xᵀ = Rᵀ yᵀ).
    for (let i = 0; i < rows; i++) {
      const base = i * l;
      for (let a = 0; a < l; a++) {
        let s = m[base + a];
        for (let k = 0; k < a; k++) s -= row[k] * r[k * l + a];
        row[a] = r[a * l + a] > 0 ? s / r[a * l + a] : 0;
      }
      for (let a = 0; a < l; a++) m[base + a] = row[a];
    }
  }
}

/** Eigen-decomposition of a symmetric l × l matrix (cyclic Jacobi); returns values and column eigenvectors. */
function symmetricEigen(
  s: Float64Array,
  l: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = s.slice();
  const v = new Float64Array(l * l);
  for (let i = 0; i < l; i++) v[i * l + i] = 1;
  let total = 0;
  for (let i = 0; i < l * l; i++) total += a[i] * a[i];
  for (let sweep = 0; sweep < 30; sweep++) {
    let off = 0;
    for (let p = 0; p < l; p++) for (let q = p + 1; q < l; q++) off += a[p * l + q] ** 2;
    if (off <= 1e-24 * total) break;
    for (let p = 0; p < l; p++) {
      for (let q = p + 1; q < l; q++) {
        const apq = a[p * l + q];
        if (apq * apq <= 1e-30 * total) continue;
        const theta = (a[q * l + q] - a[p * l + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < l; k++) {
          const akp = a[k * l + p];
          const akq = a[k * l + q];
          a[k * l + p] = c * akp - sn * akq;
          a[k * l + q] = sn * akp + c * akq;
        }
        for (let k = 0; k < l; k++) {
          const apk = a[p * l + k];
          const aqk = a[q * l + k];
          a[p * l + k] = c * apk - sn * aqk;
          a[q * l + k] = sn * apk + c * aqk;
        }
        for (let k = 0; k < l; k++) {
          const vkp = v[k * l + p];
          const vkq = v[k * l + q];
          v[k * l + p] = c * vkp - sn * vkq;
          v[k * l + q] = sn * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(l);
  for (let i = 0; i < l; i++) values[i] = a[i * l + i];
  return { values, vectors: v };
}

/**
 * Top `dims` right singular vectors of `a` (randomised; `oversample` extra columns, `powerIterations`
 * passes sharpen the spectrum of text matrices, whose singular values decay slowly).
 */
export function randomisedSvd(
  a: Csr,
  dims: number,
  seed: number,
  oversample = 10,
  powerIterations = 2,
): Lsa {
  const dim = a.dim;
  const n = a.rows;
  const l = Math.max(1, Math.min(dims + oversample, dim, n));
  const random = rng(seed);
  // Gaussian test matrix (Box–Muller).
  const omega = new Float64Array(dim * l);
  for (let i = 0; i < omega.length; i += 2) {
    const u = Math.max(1e-12, random());
    const r = Math.sqrt(-2 * Math.log(u));
    const t = 2 * Math.PI * random();
    omega[i] = r * Math.cos(t);
    if (i + 1 < omega.length) omega[i + 1] = r * Math.sin(t);
  }
  const y = new Float64Array(n * l);
  const z = new Float64Array(dim * l);
  sparseTimesDense(a, omega, l, y);
  orthonormalise(y, n, l, 1);
  // Inside the power iterations one Cholesky pass only keeps the columns from collapsing onto the
  // top singular vector; the final basis gets the second pass.
  for (let q = 0; q < powerIterations; q++) {
    sparseTransposeTimesDense(a, y, l, z);
    orthonormalise(z, dim, l, 1);
    sparseTimesDense(a, z, l, y);
    orthonormalise(y, n, l, q === powerIterations - 1 ? 2 : 1);
  }
  // B = Qᵀ A (l × dim), stored transposed as Bt = Aᵀ Q (dim × l).
  sparseTransposeTimesDense(a, y, l, z);
  // B Bᵀ = Btᵀ Bt (l × l).
  const s = new Float64Array(l * l);
  for (let d = 0; d < dim; d++) {
    const base = d * l;
    for (let i = 0; i < l; i++) {
      const bi = z[base + i];
      if (bi === 0) continue;
      for (let j = i; j < l; j++) s[i * l + j] += bi * z[base + j];
    }
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) s[i * l + j] = s[j * l + i];
  const { values, vectors } = symmetricEigen(s, l);
  const order = Array.from({ length: l }, (_, i) => i).sort((x, w) => values[w] - values[x]);
  const k = Math.min(dims, l);
  // Right singular vectors: V = Bᵀ U Σ⁻¹ (dim × k), stored as components k × dim.
  const components = new Float64Array(k * dim);
  const singularValues = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const e = order[c];
    const sigma = Math.sqrt(Math.max(0, values[e]));
    singularValues[c] = sigma;
    if (sigma <= 1e-12) continue;
    for (let d = 0; d < dim; d++) {
      let sum = 0;
      const base = d * l;
      for (let i = 0; i < l; i++) sum += z[base + i] * vectors[i * l + e];
      components[c * dim + d] = sum / sigma;
    }
  }
  return { dims: k, components, singularValues };
}

/**
 * Rows of `a` projected on the components (x = a·V, i.e. U·Σ), L2-normalised, as a dense matrix in
 * CSR form (every entry stored) so that the spherical k-means and bisecting code run on it unchanged.
 * An empty row stays empty.
 */
export function project(a: Csr, lsa: Lsa): Csr {
  const k = lsa.dims;
  const dim = a.dim;
  // Transposed components (dim × k) for one pass over each row's non-zeros.
  const ct = new Float64Array(dim * k);
  for (let c = 0; c < k; c++)
    for (let d = 0; d < dim; d++) ct[d * k + c] = lsa.components[c * dim + d];
  const indptr = new Int32Array(a.rows + 1);
  let nonEmpty = 0;
  for (let i = 0; i < a.rows; i++) if (a.indptr[i + 1] > a.indptr[i]) nonEmpty++;
  const indices = new Int32Array(nonEmpty * k);
  const values = new Float32Array(nonEmpty * k);
  const x = new Float64Array(k);
  let nnz = 0;
  for (let i = 0; i < a.rows; i++) {
    if (a.indptr[i + 1] > a.indptr[i]) {
      x.fill(0);
      for (let p = a.indptr[i]; p < a.indptr[i + 1]; p++) {
        const v = a.values[p];
        const base = a.indices[p] * k;
        for (let c = 0; c < k; c++) x[c] += v * ct[base + c];
      }
      let norm = 0;
      for (let c = 0; c < k; c++) norm += x[c] * x[c];
      const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let c = 0; c < k; c++) {
        indices[nnz] = c;
        values[nnz] = x[c] * inv;
        nnz++;
      }
    }
    indptr[i + 1] = nnz;
  }
  return { rows: a.rows, dim: k, indptr, indices, values };
}
