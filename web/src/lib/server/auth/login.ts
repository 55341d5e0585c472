// Local sign-in and sign-out: the password check behind the rate limit, the session cookie, and
// the audit lines for both outcomes.
import type { RequestEvent } from '@sveltejs/kit';
import { checkPassword } from './accounts.ts';
import { requestAddress } from './clientAddress.ts';
import { auditEvent } from './guard.ts';
import { createLoginLimiter } from './rateLimit.ts';
import { newSession, sessionCookie, sessionHours, signSession } from './session.ts';
import { authSettings } from './settings.ts';

// Per account name: 5 failures per 15 min (guessing one password). Per client address: 20 (a
// spray over many names), higher because one proxy or office NAT may carry many honest users.
const byName = createLoginLimiter(5);
const byAddress = createLoginLimiter(20);

export type SignInResult = { ok: true } | { ok: false; status: 400 | 429; retryMinutes?: number };

export async function signIn(
  event: RequestEvent,
  name: string,
  password: string,
  settings = authSettings(),
): Promise<SignInResult> {
  const keys: Array<[typeof byName, string]> = [
    [byName, name],
    // behind a configured proxy: the client it forwarded for, not the proxy (clientAddress.ts)
    [byAddress, requestAddress(event, settings) ?? 'unknown'],
  ];
  const wait = Math.max(...keys.map(([limiter, key]) => limiter.retryAfter(key)));
  if (wait > 0) {
    auditEvent(event, settings, undefined, 'login_failed', { name, reason: 'rate_limited' });
    return { ok: false, status: 429, retryMinutes: Math.ceil(wait / 60_000) };
  }
  const account =
    name && password && settings.secret
      ? await checkPassword(settings.usersFile, name, password)
      : undefined;
  if (!account) {
    for (const [limiter, key] of keys) limiter.failed(key);
    auditEvent(event, settings, undefined, 'login_failed', { name, reason: 'bad_credentials' });
    return { ok: false, status: 400 };
  }
  for (const [limiter, key] of keys) limiter.succeeded(key);
  const session = newSession(account.name, account.role, 'local', account.stamp);
  setSessionCookie(event, signSession(session, settings.secret));
  auditEvent(
    event,
    settings,
    { name: account.name, role: account.role, source: 'local' },
    'login',
    { source: 'local' },
  );
  return { ok: true };
}

export function setSessionCookie(event: RequestEvent, value: string): void {
  event.cookies.set(sessionCookie, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: authSettings().secureCookies,
    maxAge: sessionHours * 3600,
  });
}

export function signOut(event: RequestEvent): void {
  const settings = authSettings();
  auditEvent(event, settings, event.locals.user, 'logout', {});
  event.cookies.delete(sessionCookie, { path: '/' });
}

/** Where to go after signing in: a local path only (no open redirect to another site). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
