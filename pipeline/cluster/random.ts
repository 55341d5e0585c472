// Deterministic randomness for clustering: a seeded PRNG (mulberry32) and a string hash used to
// pick the fitting sample. Sampling by hash of complaint_id (not by position) keeps the same
// complaints in the sample from one run to the next, which is half of cluster stability.

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

/** 32-bit hash (FNV-1a with a murmur finaliser) of a string and a seed, uniform in [0, 2^32). */
export function hash32(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform in [0, 1) from a string: the sampling key of a complaint. */
export function unitHash(s: string, seed = 0): number {
  return hash32(s, seed) / 4294967296;
}
