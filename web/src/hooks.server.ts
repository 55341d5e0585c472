// Per-request setup: pick the UI language and add the security headers.
// (The Content-Security-Policy itself comes from the `csp` option in web/vite.config.ts, so that
// SvelteKit can add a nonce to its own inline bootstrap script.)
import type { Handle, HandleServerError } from '@sveltejs/kit/hooks';
import { localeCookie, localeParam, negotiateLocale } from '#lib/i18n/negotiate.ts';
import { securityHeaders } from '#lib/security/headers.ts';

const oneYear = 60 * 60 * 24 * 365;

export const handle: Handle = async ({ event, resolve }) => {
  const param = event.url.searchParams.get(localeParam);
  const locale = negotiateLocale({
    param,
    cookie: event.cookies.get(localeCookie),
    acceptLanguage: event.request.headers.get('accept-language'),
  });
  event.locals.locale = locale;
  if (param === locale) {
    // An explicit choice is remembered. Not httpOnly: it holds nothing secret.
    event.cookies.set(localeCookie, locale, {
      path: '/',
      maxAge: oneYear,
      sameSite: 'lax',
      httpOnly: false,
      secure: false,
    });
  }

  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', locale),
  });
  for (const [name, value] of Object.entries(securityHeaders)) {
    if (!response.headers.has(name)) response.headers.set(name, value);
  }
  response.headers.append('vary', 'Accept-Language, Cookie');
  return response;
};

export const handleError: HandleServerError = ({ kind, error, event }) => {
  // Our own bugs are logged here. The response keeps SvelteKit's default for unknown errors
  // (500, "Internal Error"), so no stack trace or SQL ever reaches the browser.
  if (kind === 'unknown') console.error(`[${event.url.pathname}]`, error);
};
