// Sign-in settings of this dashboard process, from the environment pipeline/serve.ts gives it
// (docs/security.md lists them). Read once per process.
import path from 'node:path';
import { isRole, type Role } from '../../../../../pipeline/auth/roles.ts';
import { normaliseAddress } from './clientAddress.ts';
import { allowedHosts } from './hosts.ts';

export interface AuthSettings {
  /** 'none': local no-auth mode (127.0.0.1 only, enforced by serve.ts); everyone is admin. */
  mode: 'on' | 'none';
  usersFile: string;
  auditFile: string;
  secret: string;
  hosts: Set<string>;
  /** Mark cookies Secure (set when TLS is terminated by a proxy in front). */
  secureCookies: boolean;
  /** A trusted reverse proxy: its addresses (normalised, clientAddress.ts), its user header. */
  proxy?: { addresses: Set<string>; userHeader: string; defaultRole: Role };
}

let cached: AuthSettings | undefined;

export function authSettings(env: NodeJS.ProcessEnv = process.env): AuthSettings {
  if (cached && env === process.env) return cached;
  const usersFile = path.resolve(env.COMPLAINT_LENS_USERS ?? 'data/users.json');
  const mode = env.COMPLAINT_LENS_AUTH === 'none' ? 'none' : 'on';
  const secret = env.COMPLAINT_LENS_SESSION_SECRET ?? '';
  if (mode === 'on' && secret.length < 32)
    // fail closed: without a key no session can be trusted, so nobody signs in
    console.error('COMPLAINT_LENS_SESSION_SECRET is missing: sign-in is disabled');
  const proxyAddresses = (env.COMPLAINT_LENS_PROXY_ADDRESS ?? '')
    .split(',')
    .map((a) => normaliseAddress(a))
    .filter(Boolean);
  const defaultRole = env.COMPLAINT_LENS_PROXY_DEFAULT_ROLE;
  const settings: AuthSettings = {
    mode,
    usersFile,
    auditFile: path.resolve(
      env.COMPLAINT_LENS_AUDIT ?? path.join(path.dirname(usersFile), 'audit.ndjson'),
    ),
    secret,
    hosts: allowedHosts(env.COMPLAINT_LENS_ALLOWED_HOSTS),
    secureCookies: env.COMPLAINT_LENS_SECURE_COOKIES === '1',
    proxy: proxyAddresses.length
      ? {
          addresses: new Set(proxyAddresses),
          userHeader: (env.COMPLAINT_LENS_PROXY_USER_HEADER ?? 'x-forwarded-user').toLowerCase(),
          defaultRole: isRole(defaultRole) ? defaultRole : 'viewer',
        }
      : undefined,
  };
  if (env === process.env) cached = settings;
  return settings;
}
