// The client address behind a reverse proxy: taken from X-Forwarded-For only when the socket peer
// is the configured proxy (the right-most entry, the one it added), else the peer itself; and
// applied where addresses matter — the sign-in throttle per address and the audit log's ip.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RequestEvent } from '@sveltejs/kit';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { clientAddress, normaliseAddress } from './clientAddress.ts';
import { auditEvent } from './guard.ts';
import { signIn } from './login.ts';
import { authSettings, type AuthSettings } from './settings.ts';

const proxies = new Set(['10.0.0.5']);

describe('clientAddress', () => {
  it('is the socket peer when no proxy is configured or the peer is not the proxy', () => {
    expect(clientAddress('203.0.113.7', null, undefined)).toBe('203.0.113.7');
    // a client sending the header itself does not choose its address
    expect(clientAddress('203.0.113.7', '198.51.100.1', undefined)).toBe('203.0.113.7');
    expect(clientAddress('203.0.113.7', '198.51.100.1', proxies)).toBe('203.0.113.7');
  });

  it("is the proxy's right-most X-Forwarded-For entry on the proxy's connections", () => {
    expect(clientAddress('10.0.0.5', '198.51.100.1', proxies)).toBe('198.51.100.1');
    // entries left of it were sent by the client: forged, ignored
    expect(clientAddress('10.0.0.5', '127.0.0.1, 1.2.3.4,198.51.100.1', proxies)).toBe(
      '198.51.100.1',
    );
    expect(clientAddress('10.0.0.5', '2001:db8::1', proxies)).toBe('2001:db8::1');
    // no header, or not an address: the proxy itself
    expect(clientAddress('10.0.0.5', null, proxies)).toBe('10.0.0.5');
    expect(clientAddress('10.0.0.5', '198.51.100.1, unknown', proxies)).toBe('10.0.0.5');
  });

  it('compares IPv4-mapped IPv6 peers and settings as IPv4', () => {
    expect(normaliseAddress('::ffff:10.0.0.5')).toBe('10.0.0.5');
    expect(normaliseAddress('::FFFF:127.0.0.1')).toBe('127.0.0.1');
    expect(normaliseAddress('2001:DB8::1')).toBe('2001:db8::1');
    expect(clientAddress('::ffff:10.0.0.5', '198.51.100.1', proxies)).toBe('198.51.100.1');
    expect(clientAddress('::ffff:203.0.113.7', null, undefined)).toBe('203.0.113.7');
    const settings = authSettings({ COMPLAINT_LENS_PROXY_ADDRESS: '::ffff:10.0.0.5, 10.0.0.6' });
    expect([...settings.proxy!.addresses]).toEqual(['10.0.0.5', '10.0.0.6']);
  });
});

describe('behind a configured proxy', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  async function settingsWithProxy(): Promise<AuthSettings> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cl-proxy-'));
    dirs.push(dir);
    return authSettings({
      COMPLAINT_LENS_USERS: path.join(dir, 'users.json'),
      COMPLAINT_LENS_SESSION_SECRET: 'k'.repeat(40),
      COMPLAINT_LENS_PROXY_ADDRESS: '::ffff:10.0.0.5',
    });
  }

  /** A request arriving from the proxy at ::ffff:10.0.0.5 on behalf of `client`. */
  const fromProxy = (client: string) =>
    ({
      getClientAddress: () => '::ffff:10.0.0.5',
      request: new Request('http://127.0.0.1/login', {
        method: 'POST',
        headers: { 'x-forwarded-for': `6.6.6.6, ${client}` },
      }),
      url: new URL('http://127.0.0.1/login'),
    }) as unknown as RequestEvent;

  it("audits the forwarded client's address, not the proxy's", async () => {
    const settings = await settingsWithProxy();
    auditEvent(fromProxy('198.51.100.1'), settings, undefined, 'login_failed', { name: 'x' });
    await vi.waitFor(async () => {
      const line = JSON.parse((await readFile(settings.auditFile, 'utf8')).trim());
      expect(line).toMatchObject({ event: 'login_failed', ip: '198.51.100.1' });
    });
  });

  it('throttles sign-in per forwarded client: one client sprayed out, another still served', async () => {
    const settings = await settingsWithProxy();
    // 20 failures per address in the window (5 per name: a new name each time)
    for (let i = 0; i < 20; i++) {
      const r = await signIn(fromProxy('198.51.100.1'), `name${i}`, 'wrong', settings);
      expect(r, `attempt ${i}`).toEqual({ ok: false, status: 400 });
    }
    const sprayer = await signIn(fromProxy('198.51.100.1'), 'another', 'wrong', settings);
    expect(sprayer).toMatchObject({ ok: false, status: 429 });
    // the same proxy, another client behind it: not throttled
    const other = await signIn(fromProxy('198.51.100.2'), 'another', 'wrong', settings);
    expect(other).toEqual({ ok: false, status: 400 });
  });
});
