// Per-request setup: the security gate first (host allow-list, size limits, sign-in and the role
// rules — #lib/server/auth/guard.ts), then pick the UI language, serve or keep the rendered page (pageCache.ts), and add
// the security headers. (The Content-Security-Policy itself comes from the `csp` option in
// web/vite.config.ts, in hash mode: SvelteKit lists the hash of its inline bootstrap script, so a
// kept page stays valid — a per-request nonce could not be reused.)
import type { Handle, HandleServerError } from '@sveltejs/kit/hooks';
import { localeCookie, localeOfTag, localeParam, negotiateLocale } from '#lib/i18n/negotiate.ts';
import { securityHeaders } from '#lib/security/headers.ts';
import { auditResponse, gate } from '#lib/server/auth/guard.ts';
import { authSettings } from '#lib/server/auth/settings.ts';
import { requestQueries, warehouseGeneration } from '#lib/server/db.ts';
import { cacheKey, cacheable, getPage, pageCacheEnabled, putPage } from '#lib/server/pageCache.ts';

const oneYear = 60 * 60 * 24 * 365;

export const handle: Handle = async ({ event, resolve }) => {
  const settings = authSettings();
  const refused = await gate(event, settings);
  if (refused) return refused;
  const response = await handlePage({ event, resolve });
  auditResponse(event, settings, response);
  return response;
};

const handlePage: Handle = async ({ event, resolve }) => {
  const param = event.url.searchParams.get(localeParam);
  const locale = negotiateLocale({
    param,
    cookie: event.cookies.get(localeCookie),
    acceptLanguage: event.request.headers.get('accept-language'),
  });
  event.locals.locale = locale;
  if (param !== null && localeOfTag(param) === locale) {
    // An explicit choice is remembered. Not httpOnly: it holds nothing secret.
    event.cookies.set(localeCookie, locale, {
      path: '/',
      maxAge: oneYear,
      sameSite: 'lax',
      httpOnly: false,
      secure: false,
    });
  }

  // The request's own URL, not event.url: SvelteKit strips `/__data.json` and its
  // `x-sveltekit-invalidated` parameter from event.url, and a page's HTML and its data (for each
  // set of invalidated nodes) are different responses.
  const requested = new URL(event.request.url);
  const key =
    param === null && !event.route.id?.startsWith('/export/')
      ? // pages differ by who asks (role rules, the signed-in name): one kept copy per user
        await pageKey(event.request.method, viewerKey(locale, event.locals.user), requested)
      : undefined;
  const kept = key ? getPage(key) : undefined;
  if (kept) {
    return new Response(kept.body, { status: kept.status, headers: kept.headers });
  }

  const queries = { failed: false };
  let response = await requestQueries.run(queries, () =>
    resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) }),
  );
  for (const [name, value] of Object.entries(securityHeaders)) {
    if (!response.headers.has(name)) response.headers.set(name, value);
  }
  response.headers.append('vary', 'Accept-Language, Cookie');
  // a page that rendered an error state (a failed query) is not kept
  if (key && !queries.failed && cacheable(response)) {
    const body = await response.text();
    const headers = [...response.headers];
    putPage(key, { status: response.status, headers, body, storedAt: Date.now() });
    response = new Response(body, { status: response.status, headers });
  }
  return response;
};

function viewerKey(locale: string, user: App.Locals['user']): string {
  return user ? `${locale}|${user.source}|${user.role}|${user.name}` : `${locale}|-`;
}

/** Cache key of a GET page or page-data request; undefined when it must be rendered fresh. */
async function pageKey(method: string, locale: string, url: URL): Promise<string | undefined> {
  if (method !== 'GET' || !pageCacheEnabled()) return undefined;
  try {
    return cacheKey(locale, url, await warehouseGeneration());
  } catch {
    return undefined; // no warehouse: the page reports it, and nothing is kept
  }
}

export const handleError: HandleServerError = ({ kind, error, event }) => {
  // Our own bugs are logged here. The response keeps SvelteKit's default for unknown errors
  // (500, "Internal Error"), so no stack trace or SQL ever reaches the browser.
  if (kind === 'unknown') console.error(`[${event.url.pathname}]`, error);
};
