// The pure parts of the security gate: session cookies, route rules, Host allow-list, sign-in
// throttling and the audit log file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allowed, maySeeComplaints, normalisePath, requirementFor } from './access.ts';
import { appendAudit, auditRows, readRecentAudit, type AuditEvent } from './audit.ts';
import { allowedHosts, hostAllowed } from './hosts.ts';
import { createLoginLimiter } from './rateLimit.ts';
import { newSession, signSession, verifySession } from './session.ts';
import { safeNext } from './login.ts';

const secret = 'k'.repeat(40);

describe('session cookies', () => {
  it('round-trips a signed session', () => {
    const s = newSession('li.wei', 'analyst', 'local', 'stamp1');
    expect(verifySession(signSession(s, secret), secret)).toEqual(s);
  });

  it('refuses forged, re-signed, tampered and expired cookies', () => {
    const s = newSession('li.wei', 'viewer', 'local', 'stamp1');
    const cookie = signSession(s, secret);
    const [body, mac] = cookie.split('.');
    const promoted = Buffer.from(JSON.stringify({ ...s, role: 'admin' })).toString('base64url');
    expect(verifySession(`${promoted}.${mac}`, secret)).toBeUndefined();
    expect(verifySession(signSession(s, 'x'.repeat(40)), secret)).toBeUndefined();
    expect(verifySession(`${body}.${mac}x`, secret)).toBeUndefined();
    expect(verifySession(`${body}`, secret)).toBeUndefined();
    expect(verifySession(undefined, secret)).toBeUndefined();
    const old = newSession('li.wei', 'viewer', 'local', 'stamp1', Date.now() - 13 * 3600_000);
    expect(verifySession(signSession(old, secret), secret)).toBeUndefined();
  });
});

describe('route rules', () => {
  const cases: Array<[string, 'viewer' | 'analyst' | 'admin' | 'none', boolean]> = [
    ['/', 'viewer', true],
    ['/trends', 'viewer', true],
    ['/recommendations', 'viewer', true],
    ['/export/report', 'viewer', true],
    ['/complaints', 'viewer', false],
    ['/complaints/__data.json', 'viewer', false],
    ['/Complaints/', 'viewer', false],
    ['/%63omplaints/X-1', 'viewer', false],
    ['//complaints', 'viewer', false],
    ['/export/complaints', 'viewer', false],
    ['/export/hotspots', 'viewer', false],
    ['/pipeline', 'viewer', false],
    ['/complaints/X-1', 'analyst', true],
    ['/export/complaints', 'analyst', true],
    ['/pipeline/__data.json', 'analyst', true],
    ['/export/rejects', 'analyst', false],
    ['/export/audit', 'analyst', false],
    ['/admin', 'analyst', false],
    ['/admin/__data.json', 'analyst', false],
    ['/admin', 'admin', true],
    ['/export/rejects', 'admin', true],
    ['/login', 'none', true],
    ['/', 'none', false],
    ['/logout', 'none', false],
  ];
  it.each(cases)('%s as %s → %s', (path, role, expected) => {
    expect(allowed(requirementFor(path), role === 'none' ? undefined : role)).toBe(expected);
  });

  it('gives complaint-level data (ids, text) to analysts and admins only', () => {
    expect(maySeeComplaints('viewer')).toBe(false);
    expect(maySeeComplaints(undefined)).toBe(false);
    expect(maySeeComplaints('analyst')).toBe(true);
    expect(maySeeComplaints('admin')).toBe(true);
  });

  it('normalises paths the way a router could match them', () => {
    expect(normalisePath('/complaints/__data.json')).toBe('/complaints');
    expect(normalisePath('/__data.json')).toBe('/');
    expect(normalisePath('/%E0%A4%A')).toBe('/%e0%a4%a');
  });
});

describe('Host allow-list', () => {
  const hosts = allowedHosts('dash.intranet.example');
  it.each([
    ['127.0.0.1:3000', true],
    ['localhost', true],
    ['[::1]:3000', true],
    ['dash.intranet.example:443', true],
    ['evil.example', false],
    ['127.0.0.1.nip.io', false],
    ['', false],
    ['localhost:3000@evil', false],
  ])('%s → %s', (host, expected) => {
    expect(hostAllowed(host || null, hosts)).toBe(expected);
  });
});

describe('sign-in throttling', () => {
  it('refuses after 5 failures in the window and forgets them after it', () => {
    const limiter = createLoginLimiter(5, 60_000);
    for (let i = 0; i < 5; i++) {
      expect(limiter.retryAfter('name:a', 1000 + i)).toBe(0);
      limiter.failed('name:a', 1000 + i);
    }
    expect(limiter.retryAfter('name:a', 2000)).toBeGreaterThan(0);
    expect(limiter.retryAfter('name:b', 2000)).toBe(0);
    expect(limiter.retryAfter('name:a', 62_000)).toBe(0);
  });
});

describe('redirect after sign-in', () => {
  it('stays on this site', () => {
    expect(safeNext('/complaints?q=x')).toBe('/complaints?q=x');
    for (const bad of ['//evil.example', 'https://evil.example', '/\\evil.example', null])
      expect(safeNext(bad)).toBe('/');
  });
});

describe('audit log', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('appends lines and reads the newest back across blocks, non-ASCII included', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cl-audit-'));
    dirs.push(dir);
    const file = path.join(dir, 'audit.ndjson');
    expect(await readRecentAudit(file, 10)).toEqual([]);
    const event = (i: number): AuditEvent => ({
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      event: 'view_complaint',
      user: '张三',
      role: 'analyst',
      ip: '127.0.0.1',
      detail: { complaint_id: `投诉-${i}-${'x'.repeat(200)}` },
    });
    for (let i = 0; i < 600; i++) await appendAudit(file, event(i));
    const recent = await readRecentAudit(file, 500);
    expect(recent).toHaveLength(500);
    expect(recent[0]).toEqual(event(599));
    expect(recent[499]).toEqual(event(100));
    let rows = 0;
    for await (const page of auditRows(file, 128)) rows += page.length;
    expect(rows).toBe(600);
  });

  it('skips a damaged line', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cl-audit-'));
    dirs.push(dir);
    const file = path.join(dir, 'audit.ndjson');
    await writeFile(file, '{"at":"a","event":"login"}\n{broken\n{"at":"b","event":"logout"}\n');
    expect((await readRecentAudit(file, 10)).map((e) => e.at)).toEqual(['b', 'a']);
  });
});
