// Sign out: POST only (a GET link could be triggered by any page), then back to the sign-in page.
import { redirect } from '@sveltejs/kit';
import { signOut } from '#lib/server/auth/login.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) => {
  signOut(event);
  redirect(303, '/login');
};
