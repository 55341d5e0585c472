// A 32-bit string hash shared by the sample generator (independent PRNG streams) and clustering
// (hash sampling of complaint ids): FNV-1a, then the murmur3 finaliser for avalanche.

/** 32-bit hash of a string and a seed, uniform in [0, 2^32). */
export function hash32(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
