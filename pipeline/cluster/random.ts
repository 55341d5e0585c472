// Deterministic randomness for clustering: a seeded PRNG (mulberry32) and a string hash used to
// pick the fitting sample. Sampling by hash of complaint_id (not by position) keeps the same
// complaints in the sample from one run to the next, which is half of cluster stability.
import { hash32 } from '../hash.ts';

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for initialisation choices; same seed → same sequence. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export { hash32 };

/** Uniform in [0, 1) from a string: the sampling key of a complaint. */
export function unitHash(s: string, seed = 0): number {
  return hash32(s, seed) / 4294967296;
}
