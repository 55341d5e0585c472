// Delay profiles: how complaints about a production batch spread over the batch's age (days since
// production). Both are probability densities over age, discretised per day, so a batch of u units with
// a lifetime complaint rate r contributes u·r·h(age) expected complaints on a given day.
//
//   fault (h): sale lag (stock in warehouse and shops, 3 days + Gamma(2, 16 d), mean ≈ 35 d)
//              convolved with time-in-service to a complaint: 12 % early (dead on arrival / first use,
//              exponential, mean 10 d), 66 % log-normal (median 75 d, σ 0.8, so most within 1–6 months),
//              22 % long tail (exponential, mean 330 d).
//   sales (g): sale lag convolved with a short post-sale delay (exponential, mean 8 d): delivery,
//              installation, invoice and price complaints come within weeks of the sale.

export const MAX_AGE_DAYS = 1300;

function gammaPdf(x: number, shape: number, scale: number): number {
  if (x <= 0) return 0;
  // shape is an integer here, so Γ(shape) = (shape-1)!
  let fact = 1;
  for (let i = 2; i < shape; i++) fact *= i;
  return (Math.pow(x, shape - 1) * Math.exp(-x / scale)) / (fact * Math.pow(scale, shape));
}

function logNormalPdf(x: number, median: number, sigma: number): number {
  if (x <= 0) return 0;
  const z = (Math.log(x) - Math.log(median)) / sigma;
  return Math.exp(-0.5 * z * z) / (x * sigma * Math.sqrt(2 * Math.PI));
}

function expPdf(x: number, mean: number): number {
  return x < 0 ? 0 : Math.exp(-x / mean) / mean;
}

function normalise(values: Float64Array): Float64Array {
  let sum = 0;
  for (const v of values) sum += v;
  for (let i = 0; i < values.length; i++) values[i] /= sum;
  return values;
}

function convolve(a: Float64Array, b: Float64Array, length: number): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < a.length && i < length; i++) {
    const ai = a[i];
    if (ai === 0) continue;
    for (let j = 0; j < b.length && i + j < length; j++) out[i + j] += ai * b[j];
  }
  return out;
}

function density(length: number, pdf: (x: number) => number): Float64Array {
  const out = new Float64Array(length);
  for (let d = 0; d < length; d++) out[d] = pdf(d + 0.5);
  return normalise(out);
}

export interface DelayProfiles {
  /** Fault complaints per unit by age in days (sums to 1 over 0..MAX_AGE_DAYS-1). */
  fault: Float64Array;
  /** Sales-related complaints per unit by age in days. */
  sales: Float64Array;
  /** Sale lag density (days from production to delivery to the customer). */
  saleLag: Float64Array;
}

let cached: DelayProfiles | null = null;

export function delayProfiles(): DelayProfiles {
  if (cached) return cached;
  const saleLag = density(400, (x) => gammaPdf(x - 3, 2, 16));
  const inService = density(
    MAX_AGE_DAYS,
    (x) => 0.12 * expPdf(x, 10) + 0.66 * logNormalPdf(x, 75, 0.8) + 0.22 * expPdf(x, 330),
  );
  const postSale = density(120, (x) => expPdf(x, 8));
  cached = {
    fault: normalise(convolve(saleLag, inService, MAX_AGE_DAYS)),
    sales: normalise(convolve(saleLag, postSale, MAX_AGE_DAYS)),
    saleLag,
  };
  return cached;
}

/** Cumulative share of a batch's lifetime complaints reached by a given age. */
export function cumulativeShare(profile: Float64Array, ageDays: number): number {
  let s = 0;
  for (let i = 0; i <= ageDays && i < profile.length; i++) s += profile[i];
  return s;
}
