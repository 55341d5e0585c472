// Sign-in throttling, in memory (one dashboard process): at most `maxFailures` failed attempts per
// account name and per client address in a sliding `windowMs`; further attempts are refused with
// 429 before the password is even checked, so guessing costs the attacker the window, not us CPU.
export interface LoginLimiter {
  /** Milliseconds until another attempt is allowed for this key, 0 when allowed now. */
  retryAfter(key: string, now?: number): number;
  failed(key: string, now?: number): void;
  succeeded(key: string): void;
}

export function createLoginLimiter(maxFailures = 5, windowMs = 15 * 60_000): LoginLimiter {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => {
    const kept = (failures.get(key) ?? []).filter((t) => now - t < windowMs);
    if (kept.length) failures.set(key, kept);
    else failures.delete(key);
    return kept;
  };
  return {
    retryAfter(key, now = Date.now()) {
      const times = recent(key, now);
      return times.length < maxFailures ? 0 : windowMs - (now - times[0]);
    },
    failed(key, now = Date.now()) {
      failures.set(key, [...recent(key, now), now]);
      // bound memory under a spray of names: forget the oldest keys
      if (failures.size > 10_000) failures.delete(failures.keys().next().value as string);
    },
    succeeded(key) {
      failures.delete(key);
    },
  };
}
