// GET /login/oidc?next=… — start an OpenID Connect sign-in (#lib/server/auth/oidc.ts).
import { error } from '@sveltejs/kit';
import { safeNext } from '#lib/server/auth/login.ts';
import { oidcEnv, startOidc } from '#lib/server/auth/oidc.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  if (!oidcEnv()) error(404, 'Single sign-on is not configured');
  let target: URL;
  try {
    target = await startOidc(event, safeNext(event.url.searchParams.get('next')));
  } catch (e) {
    console.error('[oidc] discovery failed:', e);
    error(502, 'The sign-on provider could not be reached');
  }
  // to another origin: SvelteKit's redirect() only allows local targets, and rightly so; this
  // one is the configured provider's authorization endpoint
  return new Response(null, {
    status: 303,
    headers: { location: target.href, 'cache-control': 'no-store' },
  });
};
