// bench:auth — the dashboard under load with sign-in on (docs/security.md, issue 18 item 6).
//
//   npm run bench:auth [-- --db bench/out/web-1000000/warehouse.duckdb] [--clients 50]
//                         [--seconds 60] [--no-write]
//
// 1. Warehouse: --db (default: the 1M-complaint warehouse bench:web builds; build it first with
//    `npm run bench:web` or the two commands in its header).
// 2. Server: the production build started by serveDashboard() with sign-in on and a users file of
//    10 accounts (3 viewers, 4 analysts, 3 admins) in a temp dir — the warehouse directory is not
//    touched.
// 3. --clients sessions sign in through the real form POST (scrypt check, signed cookie), outside
//    the timed window; then each client loops for --seconds over the pages its role may open —
//    page HTML and __data.json, with and without filters taken from the warehouse — one request
//    after another (keep-alive). Any status but 200 counts as an error (every URL is allowed to
//    its client, so a 401/403 would be a bug). Reported: requests, errors, req/s, p50/p95/max.
// 4. Baseline, same run: the same loop for the same time without sign-in (--no-auth server), so
//    the cost of the session check, the role rules and the audit log is the difference.
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Role } from '../pipeline/auth/roles.ts';
import { addUser } from '../pipeline/auth/users.ts';
import { openDb } from '../pipeline/db.ts';
import { serveDashboard, type DashboardServer } from '../pipeline/serve.ts';
import { writeBenchSection } from './doc.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SECTION = '## Dashboard with sign-in (bench:auth)';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: join(ROOT, 'bench/out/web-1000000/warehouse.duckdb') },
    clients: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '60' },
    'no-write': { type: 'boolean', default: false },
  },
});
const clients = Number(args.clients);
const seconds = Number(args.seconds);
const accounts: Array<[string, Role]> = [
  ...[1, 2, 3].map((i): [string, Role] => [`viewer${i}`, 'viewer']),
  ...[1, 2, 3, 4].map((i): [string, Role] => [`analyst${i}`, 'analyst']),
  ...[1, 2, 3].map((i): [string, Role] => [`admin${i}`, 'admin']),
];
const password = (name: string) => `bench-password-${name}`;

/** Pages per role, with filters whose values come from the warehouse. */
async function urlsByRole(db: string): Promise<Record<Role, string[]>> {
  const warehouse = await openDb(db, { readOnly: true });
  try {
    const top = async (column: string) =>
      (
        await warehouse.all<{ v: string }>(
          `select ${column} as v from complaints where ${column} is not null
           group by 1 order by count(*) desc limit 3`,
        )
      ).map((r) => encodeURIComponent(String(r.v)));
    const [regions, products, channels] = await Promise.all([
      top('region'),
      top('product'),
      top('channel'),
    ]);
    const filters = [
      '',
      ...regions.map((r) => `?region=${r}`),
      ...products.map((p) => `?product=${p}`),
      ...channels.map((c, i) => `?channel=${c}&region=${regions[i % regions.length]}`),
    ];
    const viewerPages = ['/', '/trends', '/hotspots', '/root-causes', '/recommendations'];
    const analystPages = [...viewerPages, '/complaints', '/pipeline'];
    const expand = (pages: string[]) =>
      pages.flatMap((page) =>
        filters.flatMap((f) => [`${page}${f}`, `${page === '/' ? '' : page}/__data.json${f}`]),
      );
    return {
      viewer: expand(viewerPages),
      analyst: expand(analystPages),
      admin: [...expand(analystPages), '/admin', '/admin/__data.json'],
    };
  } finally {
    warehouse.close();
  }
}

async function signIn(base: string, name: string): Promise<string> {
  const response = await fetch(new URL('/login', base), {
    method: 'POST',
    redirect: 'manual',
    headers: {
      origin: new URL(base).origin,
      accept: 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ name, password: password(name), next: '/' }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('cl_session='));
  if (response.status !== 303 || !cookie) throw new Error(`sign-in of ${name}: ${response.status}`);
  return cookie.split(';')[0];
}

interface Load {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  max: number;
  byStatus: Record<string, number>;
}

async function load(
  base: string,
  sessions: Array<{ cookie?: string; urls: string[] }>,
): Promise<Load> {
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  const byStatus: Record<string, number> = {};
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    sessions.map(async ({ cookie, urls }, client) => {
      for (let i = client; performance.now() < deadline; i++) {
        const url = new URL(urls[i % urls.length], base);
        const t0 = performance.now();
        try {
          const response = await fetch(url, {
            headers: { ...(cookie ? { cookie } : {}), accept: 'text/html' },
            redirect: 'manual',
          });
          await response.arrayBuffer();
          byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
          if (response.status !== 200) errors++;
        } catch {
          errors++;
          byStatus.network = (byStatus.network ?? 0) + 1;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: at(0.5),
    p95: at(0.95),
    max: latencies.at(-1) ?? 0,
    byStatus,
  };
}

/** Every URL once, one after another: both servers start the timed loop with warm caches. */
async function warm(base: string, session: { cookie?: string; urls: string[] }): Promise<void> {
  for (const url of session.urls) {
    const response = await fetch(new URL(url, base), {
      headers: session.cookie ? { cookie: session.cookie } : {},
      redirect: 'manual',
    });
    await response.arrayBuffer();
  }
}

const dir = await mkdtemp(join(tmpdir(), 'cl-bench-auth-'));
const servers: DashboardServer[] = [];
try {
  const usersFile = join(dir, 'users.json');
  for (const [name, role] of accounts) await addUser(usersFile, name, role, password(name));
  const urls = await urlsByRole(args.db);
  const common = { db: args.db, host: '127.0.0.1', port: 0, log: () => {}, usersFile };

  const server = await serveDashboard({ ...common, auth: 'on' });
  servers.push(server);
  const signInStarted = performance.now();
  const sessions: Array<{ cookie: string; urls: string[]; role: Role }> = [];
  for (let c = 0; c < clients; c++) {
    const [name, role] = accounts[c % accounts.length];
    sessions.push({ cookie: await signIn(server.url, name), urls: urls[role], role });
  }
  const signInMs = (performance.now() - signInStarted) / clients;
  console.log(`${clients} sessions signed in (${signInMs.toFixed(0)} ms each, sequential)`);
  await warm(
    server.url,
    sessions.find((s) => s.role === 'admin')!,
  );
  const signedIn = await load(server.url, sessions);
  console.log('signed in:', signedIn);
  await server.close();

  const open = await serveDashboard({ ...common, auth: 'none' });
  servers.push(open);
  await warm(open.url, { urls: urls.admin });
  const baseline = await load(
    open.url,
    sessions.map((s) => ({ urls: s.urls })),
  );
  console.log('no sign-in (baseline):', baseline);

  const fmt = (l: Load) =>
    `${l.requests.toLocaleString('en')} requests, ${l.errors} errors, ${l.rps.toFixed(0)} req/s, p50 ${l.p50.toFixed(0)} ms, p95 ${l.p95.toFixed(0)} ms, max ${l.max.toFixed(0)} ms`;
  const rows = (
    await openDb(args.db, { readOnly: true }).then(async (db) => {
      try {
        return Number(await db.scalar('select count(*) from complaints'));
      } finally {
        db.close();
      }
    })
  ).toLocaleString('en');
  const section = [
    SECTION,
    '',
    `Measured ${new Date().toISOString().slice(0, 16)} UTC on ${cpus().length} cores (load average ${loadavg()[0].toFixed(1)} at the end, shared machine) over a warehouse of ${rows} complaints: \`npm run bench:auth\` (bench/auth-load.ts).`,
    '',
    `${clients} concurrent clients, each its own session (10 accounts: 3 viewers, 4 analysts, 3 admins; signed in through the form, ${signInMs.toFixed(0)} ms per sign-in), loop for ${seconds} s over the pages their role may open — 7 pages × 13 filter sets, HTML and \`__data.json\` (${urls.analyst.length} URLs for an analyst). Any status but 200 is an error.`,
    '',
    `| run | result |`,
    `| --- | --- |`,
    `| sign-in on | ${fmt(signedIn)} |`,
    `| no sign-in (--no-auth, same URLs, same run) | ${fmt(baseline)} |`,
    '',
    'Why sign-in costs throughput: rendered pages are kept per user (a page names who is signed in and differs by role), so 10 accounts render each page up to 10 times where the no-auth server renders it once; the query results behind them are shared. The session check itself is an HMAC and a users-file stat per request. On a shared machine the two runs see different background load (the load average above), so compare them as a range, not to the millisecond.',
    '',
  ].join('\n');
  console.log(section);
  if (!args['no-write']) writeBenchSection(SECTION, section);
  if (signedIn.errors > 0) process.exitCode = 1;
} finally {
  for (const s of servers) await s.close();
  await rm(dir, { recursive: true, force: true });
}
