// Who is asking: the one place a request gets its identity (docs/security.md, "three ways in").
//   - no-auth local mode: everyone is the local admin;
//   - the server's own cache warm-up (web/warmup.ts), by a per-process random token;
//   - a trusted reverse proxy: its user header, only on connections from the configured proxy
//     address(es) — from anywhere else the header is ignored, so it cannot be forged by clients;
//   - a session cookie (local password or OpenID Connect sign-in). A local session is checked
//     against users.json on every request: a removed account or a changed password/role ends it.
import { timingSafeEqual } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import type { Role } from '../../../../../pipeline/auth/roles.ts';
import { findAccount } from './accounts.ts';
import { normaliseAddress } from './clientAddress.ts';
import { sessionCookie, verifySession, type IdentitySource } from './session.ts';
import type { AuthSettings } from './settings.ts';

export interface Identity {
  name: string;
  role: Role;
  source: IdentitySource;
}

/** The server's own cache warm-up (web/warmup.ts): its per-process token, from loopback. */
function isWarmup(request: Request, clientAddress: () => string): boolean {
  const token = process.env.COMPLAINT_LENS_WARMUP_TOKEN;
  const given = request.headers.get('x-complaint-lens-warmup');
  if (!token || !given || given.length !== token.length) return false;
  if (!timingSafeEqual(Buffer.from(given), Buffer.from(token))) return false;
  return ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(clientAddress());
}

export async function identify(
  request: Request,
  cookies: Cookies,
  clientAddress: () => string,
  settings: AuthSettings,
): Promise<Identity | undefined> {
  if (settings.mode === 'none') return { name: 'local', role: 'admin', source: 'none' };
  if (isWarmup(request, clientAddress))
    return { name: '(warm-up)', role: 'analyst', source: 'local' };
  const proxy = settings.proxy;
  if (proxy && proxy.addresses.has(normaliseAddress(clientAddress()))) {
    const name = request.headers.get(proxy.userHeader)?.trim();
    if (name && name.length <= 256) {
      const account = await findAccount(settings.usersFile, name);
      return { name, role: account?.role ?? proxy.defaultRole, source: 'proxy' };
    }
  }
  if (!settings.secret) return undefined;
  const session = verifySession(cookies.get(sessionCookie), settings.secret);
  if (!session) return undefined;
  if (session.source === 'local') {
    const account = await findAccount(settings.usersFile, session.name);
    if (!account || account.stamp !== session.stamp) return undefined;
    return { name: account.name, role: account.role, source: 'local' };
  }
  return { name: session.name, role: session.role, source: session.source };
}
