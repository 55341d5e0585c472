// Deterministic pseudo-random numbers for the sample generator.
// sfc32 (128-bit state, period >= 2^32 per stream and ~2^127 on average) instead of Math.random so that a
// seed reproduces the same bytes on every machine; mulberry32's 2^32 period is too short for 5M rows.
import { hash32 } from '../../pipeline/hash.ts';

export { hash32 };

function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) >>> 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

export class Rng {
  a: number;
  b: number;
  c: number;
  d: number;
  spareNormal: number | null = null;

  /** `stream` names an independent sequence for the same seed (catalogue, rows, narratives…). */
  constructor(seed: number, stream = '') {
    let s = hash32(stream, seed >>> 0) ^ hash32(String(seed));
    const out: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [ns, v] = splitmix32(s);
      s = ns;
      out.push(v);
    }
    this.a = out[0];
    this.b = out[1];
    this.c = out[2];
    this.d = out[3] | 1;
    for (let i = 0; i < 12; i++) this.u32(); // warm up: the first outputs of sfc32 are weakly mixed
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [lo, hi] inclusive. */
  between(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  uniform(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Standard normal (Box-Muller, second value cached). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Binomial(n, p): exact inversion when the mean is small, normal approximation otherwise. */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    const flip = p > 0.5;
    const q = flip ? 1 - p : p;
    const mean = n * q;
    let k: number;
    if (mean < 30) {
      // Sequential inversion of the pmf; expected cost O(mean).
      const ratio = q / (1 - q);
      let prob = Math.pow(1 - q, n);
      let cdf = prob;
      const u = this.next();
      k = 0;
      while (u > cdf && k < n) {
        prob *= (ratio * (n - k)) / (k + 1);
        k++;
        cdf += prob;
        if (prob < 1e-300) break;
      }
    } else {
      k = Math.round(mean + Math.sqrt(mean * (1 - q)) * this.normal());
      k = Math.min(n, Math.max(0, k));
    }
    return flip ? n - k : k;
  }
}

/** Weighted choice by cumulative weights and binary search (fast enough for tables up to ~10^4 items). */
export class Weighted<T> {
  readonly items: readonly T[];
  readonly cumulative: Float64Array;
  readonly total: number;

  constructor(items: readonly T[], weights: readonly number[]) {
    if (items.length !== weights.length || items.length === 0)
      throw new Error('Weighted: items and weights must be non-empty and aligned');
    this.items = items;
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += Math.max(0, weights[i]);
      this.cumulative[i] = sum;
    }
    if (!(sum > 0)) throw new Error('Weighted: total weight must be positive');
    this.total = sum;
  }

  index(rng: Rng): number {
    return searchCumulative(this.cumulative, this.cumulative.length, rng.next() * this.total);
  }

  pick(rng: Rng): T {
    return this.items[this.index(rng)];
  }

  probability(i: number): number {
    return (this.cumulative[i] - (i > 0 ? this.cumulative[i - 1] : 0)) / this.total;
  }
}

/** First index i < length with cumulative[i] > x (x in [0, cumulative[length-1])). */
export function searchCumulative(cumulative: Float64Array, length: number, x: number): number {
  let lo = 0;
  let hi = length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
