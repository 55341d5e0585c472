// Sign-in page: local accounts (the form), or a link to the OpenID Connect provider when one is
// configured. Public route (#lib/server/auth/access.ts).
import { fail, redirect } from '@sveltejs/kit';
import { safeNext, signIn } from '#lib/server/auth/login.ts';
import { oidcEnv } from '#lib/server/auth/oidc.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  const next = safeNext(url.searchParams.get('next'));
  if (locals.user) redirect(303, next);
  return {
    next,
    sso: oidcEnv() !== undefined,
    ssoFailed: url.searchParams.get('problem') === 'sso',
  };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const name = String(form.get('name') ?? '').slice(0, 256);
    const password = String(form.get('password') ?? '').slice(0, 1024);
    const next = safeNext(String(form.get('next') ?? '/'));
    const result = await signIn(event, name, password);
    if (!result.ok)
      return fail(result.status, {
        name,
        problem: result.status === 429 ? 'throttled' : 'bad',
        retryMinutes: result.retryMinutes ?? 0,
      });
    redirect(303, next);
  },
};
