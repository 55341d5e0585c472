// GET /login/oidc/callback — the provider's answer; a session on success, else back to sign-in.
import { redirect } from '@sveltejs/kit';
import { finishOidc } from '#lib/server/auth/oidc.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  const next = await finishOidc(event);
  redirect(303, next ?? '/login?problem=sso');
};
