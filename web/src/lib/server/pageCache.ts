// Rendered pages (HTML and `__data.json`) are a function of the URL, the UI language and the
// warehouse file, which changes only when the pipeline publishes a new one. So a 200 response is
// kept and served again for the same three, for at most `ttlMs` (pages also show relative times
// such as "loaded 3 h ago"). Responses that set a cookie, vary by anything else, or are not HTML
// or JSON are never kept. This is what lets one 2-core machine serve hundreds of overview
// requests a second (docs/benchmarks.md, bench:web); COMPLAINT_LENS_PAGE_CACHE=0 turns it off.
export interface CachedPage {
  status: number;
  headers: Array<[string, string]>;
  body: string;
  storedAt: number;
}

export const ttlMs = 60_000;
const maxEntries = 500;
const maxBodyBytes = 2_000_000;

const entries = new Map<string, CachedPage>();

export function pageCacheEnabled(): boolean {
  return process.env.COMPLAINT_LENS_PAGE_CACHE !== '0';
}

export function cacheKey(locale: string, url: URL, generation: string): string {
  return `${generation}|${locale}|${url.pathname}${url.search}`;
}

export function getPage(key: string, now = Date.now()): CachedPage | undefined {
  const entry = entries.get(key);
  if (!entry) return undefined;
  if (now - entry.storedAt > ttlMs) {
    entries.delete(key);
    return undefined;
  }
  return entry;
}

/** Whether a response may be kept: a 200 HTML or JSON page without cookies or no-store. */
export function cacheable(response: Response): boolean {
  const type = response.headers.get('content-type') ?? '';
  return (
    response.status === 200 &&
    !response.headers.has('set-cookie') &&
    !/no-store|private/.test(response.headers.get('cache-control') ?? '') &&
    (type.startsWith('text/html') || type.startsWith('application/json'))
  );
}

export function putPage(key: string, page: CachedPage): void {
  if (page.body.length > maxBodyBytes) return;
  entries.delete(key);
  entries.set(key, page);
  for (const oldest of entries.keys()) {
    if (entries.size <= maxEntries) break;
    entries.delete(oldest);
  }
}

export function clearPages(): void {
  entries.clear();
}
