// Session cookies: `base64url(JSON payload).base64url(HMAC-SHA256)`, signed with the key from
// pipeline/auth/secret.ts, HttpOnly + SameSite=Lax, with an absolute expiry inside the signed
// payload (a copied cookie stops working at `exp` whatever the browser does). Local sessions also
// carry the account's `stamp`, which changes with its password or role, so either change ends them.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isRole, type Role } from '../../../../../pipeline/auth/roles.ts';

export const sessionCookie = 'cl_session';
export const sessionHours = 12;

export type IdentitySource = 'local' | 'proxy' | 'oidc' | 'none';

export interface Session {
  /** user name (local), proxy user, or OIDC subject's preferred name */
  name: string;
  role: Role;
  source: IdentitySource;
  /** local accounts: the account's stamp at sign-in */
  stamp?: string;
  /** expiry, seconds since the epoch */
  exp: number;
}

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

/** `base64url(JSON).base64url(HMAC)`: a value the browser keeps but cannot change. */
export function seal(value: unknown, secret: string): string {
  const body = Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

/** The JSON inside a sealed value, or undefined when forged or damaged. */
export function unseal(value: string | undefined, secret: string): unknown {
  if (!value || value.length > 4096) return undefined;
  const [body, signature, more] = value.split('.');
  if (!body || !signature || more !== undefined) return undefined;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

export function signSession(session: Session, secret: string): string {
  return seal(session, secret);
}

/** The session in a cookie value, or undefined if forged, damaged or expired. */
export function verifySession(
  value: string | undefined,
  secret: string,
  now = Date.now(),
): Session | undefined {
  const parsed = unseal(value, secret) as Partial<Session> | undefined;
  if (!parsed) return undefined;
  if (typeof parsed.name !== 'string' || !isRole(parsed.role)) return undefined;
  if (typeof parsed.exp !== 'number' || parsed.exp * 1000 <= now) return undefined;
  // only the two kinds this server issues; proxy identities never live in a cookie
  if (!['local', 'oidc'].includes(String(parsed.source))) return undefined;
  return parsed as Session;
}

export function newSession(
  name: string,
  role: Role,
  source: IdentitySource,
  stamp?: string,
  now = Date.now(),
): Session {
  return { name, role, source, stamp, exp: Math.floor(now / 1000) + sessionHours * 3600 };
}
