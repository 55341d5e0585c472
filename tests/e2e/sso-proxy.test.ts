// The two other ways in, end to end: OpenID Connect against a real OIDC provider started here
// (oauth2-mock-server: discovery, authorization code, PKCE, signed ID tokens with nonce), through
// Chromium; and a trusted reverse-proxy header, honoured only from the configured proxy address.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OAuth2Server } from 'oauth2-mock-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, usersFileFor } from '../../pipeline/auth/users.ts';
import { serveDashboard, type DashboardServer } from '../../pipeline/serve.ts';
import { buildWarehouse, launchBrowser, newContext } from './fixture.ts';

let dir: string;
let db: string;
let browser: Browser;
let provider: OAuth2Server;
const servers: DashboardServer[] = [];
/** Claims the provider adds to the next ID token. */
let nextClaims: Record<string, string | boolean> = {};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'complaint-lens-sso-'));
  db = path.join(dir, 'warehouse.duckdb');
  await buildWarehouse(db, { months: [{ month: '2026-09-01', complaints: 30 }] });
  await addUser(usersFileFor(db), 'boss', 'admin', 'boss-password-0001');
  await addUser(usersFileFor(db), 'chief@example.com', 'admin', 'chief-password-0001');
  provider = new OAuth2Server();
  await provider.issuer.keys.generate('RS256');
  await provider.start(0, '127.0.0.1');
  provider.service.on('beforeTokenSigning', (token) => {
    Object.assign(token.payload, nextClaims);
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  for (const server of servers) await server.close();
  await provider?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A dashboard with sign-in on and extra environment (the child process inherits ours). */
async function serveWith(env: Record<string, string>): Promise<DashboardServer> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const server = await serveDashboard({ db, host: '127.0.0.1', port: 0, log: () => {} });
    servers.push(server);
    return server;
  } finally {
    for (const key of Object.keys(env)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

describe('OpenID Connect', () => {
  let server: DashboardServer;
  beforeAll(async () => {
    server = await serveWith({
      COMPLAINT_LENS_OIDC_ISSUER: provider.issuer.url!,
      COMPLAINT_LENS_OIDC_CLIENT_ID: 'complaint-lens',
    });
  });

  async function ssoSignIn(claims: Record<string, string | boolean>, start = '/') {
    nextClaims = claims;
    const context = await newContext(browser, 'en-US');
    const page = await context.newPage();
    await page.goto(new URL(start, server.url).href);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByRole('link', { name: 'Sign in with single sign-on' }).click();
    // through the provider and back: done when the browser is on a dashboard page or the
    // sign-in page reporting a failed sign-on
    await page.waitForURL(
      (url) =>
        url.origin === server.url &&
        (!url.pathname.startsWith('/login') || url.searchParams.has('problem')),
    );
    return { context, page };
  }

  it('signs in through the provider with the role from its claim', async () => {
    const { context, page } = await ssoSignIn(
      { preferred_username: 'wang.fang', complaint_lens_role: 'analyst' },
      '/complaints',
    );
    expect(new URL(page.url()).pathname).toBe('/complaints'); // back where the user was going
    await page.getByText('wang.fang · analyst').waitFor();
    const get = (p: string) =>
      context.request.get(new URL(p, server.url).href, { maxRedirects: 0 });
    expect((await get('/complaints/__data.json')).status()).toBe(200);
    expect((await get('/admin')).status()).toBe(403);
    await context.close();
  });

  it('without a role claim the default role applies; a local account of the verified e-mail decides', async () => {
    const plain = await ssoSignIn({ preferred_username: 'new.person' });
    await plain.page.getByText('new.person · viewer').waitFor();
    await plain.context.close();
    // the local admin account "chief@example.com": its role wins over the claim
    const chief = await ssoSignIn({
      preferred_username: 'chief',
      email: 'chief@example.com',
      email_verified: true,
      complaint_lens_role: 'viewer',
    });
    await chief.page.getByText('chief · admin').waitFor();
    await chief.context.close();
    // a user-chosen name equal to a local admin's gets nothing from it
    const impostor = await ssoSignIn({ preferred_username: 'boss', email: 'boss@evil.example' });
    await impostor.page.getByText('boss · viewer').waitFor();
    await impostor.context.close();
  });

  it('refuses a callback that did not start here (no flow cookie, forged state)', async () => {
    const context = await newContext(browser, 'en-US');
    const response = await context.request.get(
      new URL('/login/oidc/callback?code=abc&state=forged', server.url).href,
      { maxRedirects: 0 },
    );
    expect(response.status()).toBe(303);
    expect(response.headers().location).toBe('/login?problem=sso');
    expect(response.headers()['set-cookie'] ?? '').not.toContain('cl_session=ey');
    await context.close();
  });
});

describe('trusted proxy header', () => {
  it('is honoured from the configured proxy address only', async () => {
    const trusted = await serveWith({ COMPLAINT_LENS_PROXY_ADDRESS: '127.0.0.1' });
    const untrusted = await serveWith({ COMPLAINT_LENS_PROXY_ADDRESS: '10.9.9.9' });
    const context = await newContext(browser, 'en-US');
    const as = (server: DashboardServer, user: string, p: string) =>
      context.request.get(new URL(p, server.url).href, {
        headers: { 'x-forwarded-user': user },
        maxRedirects: 0,
      });
    // from the proxy: a local account's role, else the proxy default role (viewer)
    expect((await as(trusted, 'boss', '/admin')).status()).toBe(200);
    expect((await as(trusted, 'someone', '/')).status()).toBe(200);
    expect((await as(trusted, 'someone', '/complaints/__data.json')).status()).toBe(403);
    // from anywhere else the header is ignored: nobody is signed in
    expect((await as(untrusted, 'boss', '/admin/__data.json')).status()).toBe(401);
    await context.close();
  });
});
