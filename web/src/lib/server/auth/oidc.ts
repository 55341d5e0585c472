// OpenID Connect sign-in (authorization code flow with PKCE, state and nonce) through
// openid-client, which does discovery and validates the ID token (signature, issuer, audience,
// expiry, nonce). Configured by environment (docs/security.md):
//   COMPLAINT_LENS_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET (optional: public client + PKCE),
//   _REDIRECT_URL (the public callback URL; default <this origin>/login/oidc/callback),
//   _ROLE_CLAIM (default complaint_lens_role), _DEFAULT_ROLE (default viewer).
// Role: a local account named by the user's verified e-mail address decides; else the role claim
// when it names a role; else the default role. The in-flight checks (PKCE verifier, state, nonce, where to go next) ride in
// a short-lived signed HttpOnly cookie, so no server-side store is needed.
import type { RequestEvent } from '@sveltejs/kit';
import * as client from 'openid-client';
import { isRole, type Role } from '../../../../../pipeline/auth/roles.ts';
import { findAccount } from './accounts.ts';
import { auditEvent } from './guard.ts';
import { setSessionCookie } from './login.ts';
import { newSession, seal, signSession, unseal } from './session.ts';
import { authSettings } from './settings.ts';

const flowCookie = 'cl_oidc';
const flowSeconds = 600;

interface OidcEnv {
  issuer: URL;
  clientId: string;
  clientSecret?: string;
  redirectUrl?: string;
  roleClaim: string;
  defaultRole: Role;
}

export function oidcEnv(env: NodeJS.ProcessEnv = process.env): OidcEnv | undefined {
  const issuer = env.COMPLAINT_LENS_OIDC_ISSUER;
  const clientId = env.COMPLAINT_LENS_OIDC_CLIENT_ID;
  if (!issuer || !clientId) return undefined;
  const defaultRole = env.COMPLAINT_LENS_OIDC_DEFAULT_ROLE;
  return {
    issuer: new URL(issuer),
    clientId,
    clientSecret: env.COMPLAINT_LENS_OIDC_CLIENT_SECRET || undefined,
    redirectUrl: env.COMPLAINT_LENS_OIDC_REDIRECT_URL || undefined,
    roleClaim: env.COMPLAINT_LENS_OIDC_ROLE_CLAIM || 'complaint_lens_role',
    defaultRole: isRole(defaultRole) ? defaultRole : 'viewer',
  };
}

let configuration: Promise<client.Configuration> | undefined;

function discover(settings: OidcEnv): Promise<client.Configuration> {
  configuration ??= client
    .discovery(
      settings.issuer,
      settings.clientId,
      settings.clientSecret,
      settings.clientSecret ? undefined : client.None(),
      // a plain-http issuer is only accepted on loopback (tests, a provider on this machine)
      isLoopback(settings.issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
    )
    .catch((error: unknown) => {
      configuration = undefined; // try again on the next sign-in
      throw error;
    });
  return configuration;
}

function isLoopback(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

function callbackUrl(event: RequestEvent, settings: OidcEnv): string {
  return settings.redirectUrl ?? new URL('/login/oidc/callback', event.url.origin).href;
}

interface Flow {
  verifier: string;
  state: string;
  nonce: string;
  next: string;
  exp: number;
}

/** The flow cookie's own key, derived from the session key: a flow cookie is never a session. */
const flowKey = (secret: string) => `oidc-flow:${secret}`;

/** Start: remember the checks in a signed cookie and send the browser to the provider. */
export async function startOidc(event: RequestEvent, next: string): Promise<URL> {
  const settings = oidcEnv();
  if (!settings) throw new Error('OpenID Connect is not configured');
  const config = await discover(settings);
  const flow: Flow = {
    verifier: client.randomPKCECodeVerifier(),
    state: client.randomState(),
    nonce: client.randomNonce(),
    next,
    exp: Math.floor(Date.now() / 1000) + flowSeconds,
  };
  event.cookies.set(flowCookie, seal(flow, flowKey(authSettings().secret)), {
    path: '/login/oidc',
    httpOnly: true,
    sameSite: 'lax',
    secure: authSettings().secureCookies,
    maxAge: flowSeconds,
  });
  return client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(event, settings),
    scope: 'openid profile email',
    code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: 'S256',
    state: flow.state,
    nonce: flow.nonce,
  });
}

function readFlow(event: RequestEvent): Flow | undefined {
  const flow = unseal(event.cookies.get(flowCookie), flowKey(authSettings().secret)) as
    Flow | undefined;
  return flow && typeof flow.exp === 'number' && flow.exp * 1000 > Date.now() ? flow : undefined;
}

/** Callback: check the answer, start a session; the local path to go to, or undefined. */
export async function finishOidc(event: RequestEvent): Promise<string | undefined> {
  const settings = oidcEnv();
  const flow = readFlow(event);
  event.cookies.delete(flowCookie, { path: '/login/oidc' });
  const auth = authSettings();
  if (!settings || !flow) {
    auditEvent(event, auth, undefined, 'login_failed', { source: 'oidc', reason: 'no_flow' });
    return undefined;
  }
  // the URL the provider redirected to, as the provider knows it (the public callback URL)
  const current = new URL(callbackUrl(event, settings));
  current.search = event.url.search;
  let claims: client.IDToken | undefined;
  try {
    const tokens = await client.authorizationCodeGrant(await discover(settings), current, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
  } catch (error) {
    auditEvent(event, auth, undefined, 'login_failed', {
      source: 'oidc',
      reason: (error as Error).name || 'rejected',
    });
    return undefined;
  }
  if (!claims) return undefined;
  const name = String(claims.preferred_username ?? claims.email ?? claims.sub).slice(0, 256);
  // preferred_username is chosen by users at many providers: only a VERIFIED e-mail address may
  // pick up the role of a local account (named by that address)
  const verifiedEmail =
    claims.email_verified === true && typeof claims.email === 'string' ? claims.email : undefined;
  const role = await roleFor(verifiedEmail, claims[settings.roleClaim], settings.defaultRole);
  setSessionCookie(event, signSession(newSession(name, role, 'oidc'), auth.secret));
  auditEvent(event, auth, { name, role, source: 'oidc' }, 'login', { source: 'oidc' });
  return flow.next;
}

async function roleFor(
  verifiedEmail: string | undefined,
  claim: unknown,
  fallback: Role,
): Promise<Role> {
  const account = verifiedEmail
    ? await findAccount(authSettings().usersFile, verifiedEmail)
    : undefined;
  if (account) return account.role;
  return isRole(claim) ? claim : fallback;
}
