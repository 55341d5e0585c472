// Warms the dashboard's caches after the pipeline publishes a warehouse, so the morning's first
// visitor does not pay for the nightly swap: the first request for a page runs all its queries
// (up to ~300 ms on 1M complaints, docs/benchmarks.md), later ones come from the caches tied to
// the warehouse file (web/src/lib/server/db.ts, pageCache.ts).
//
// Every `intervalMs` the warehouse file is stat()ed; when its identity (inode, mtime) is new, the
// main pages are requested once per language, one after another, from this server itself.
// COMPLAINT_LENS_WARMUP=0 turns it off (bench:web measures cold first requests with it off).
import { stat } from 'node:fs/promises';

export const warmPaths = [
  '/',
  '/trends',
  '/hotspots',
  '/root-causes',
  '/complaints',
  '/recommendations',
  '/pipeline',
] as const;
const languages = ['zh-CN', 'en'] as const;

/** The warehouse file's identity, or undefined when it does not exist. */
export async function fileIdentity(file: string): Promise<string | undefined> {
  try {
    const info = await stat(file);
    return `${info.ino}:${info.mtimeMs}`;
  } catch {
    return undefined;
  }
}

export interface Warmer {
  /** Warm now if the file changed since the last warm-up; resolves when done. */
  check(): Promise<boolean>;
  stop(): void;
}

/**
 * Header carrying this process's warm-up token (COMPLAINT_LENS_WARMUP_TOKEN, random, set by
 * server.ts): with sign-in on, the gate (web/src/lib/server/auth/identify.ts) lets these requests
 * in as an analyst named "(warm-up)", from loopback only, so the shared query caches get warm.
 */
export const warmupHeader = 'x-complaint-lens-warmup';

export function startWarmup(baseUrl: string, file: string, intervalMs = 15_000): Warmer {
  let warmed: string | undefined;
  let running: Promise<boolean> | undefined;
  const check = () =>
    (running ??= (async () => {
      const identity = await fileIdentity(file);
      if (!identity || identity === warmed) return false;
      warmed = identity;
      for (const path of warmPaths) {
        for (const language of languages) {
          try {
            const response = await fetch(new URL(path, baseUrl), {
              headers: {
                'accept-language': language,
                [warmupHeader]: process.env.COMPLAINT_LENS_WARMUP_TOKEN ?? '',
              },
            });
            await response.arrayBuffer();
          } catch {
            // the server is stopping, or the page failed: visitors will see it; nothing to do here
          }
        }
      }
      return true;
    })().finally(() => {
      running = undefined;
    }));
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  void check();
  return { check, stop: () => clearInterval(timer) };
}
