// `complaint-lens serve`: run the dashboard against a warehouse.
//
// The dashboard is a SvelteKit app (web/) built by adapter-node into web/build. serveDashboard()
// builds it when the build is missing or older than its sources (so `npm start` works on a fresh
// clone), then starts web/server.ts in a child process with the warehouse path in
// COMPLAINT_LENS_DB. A child process because DuckDB allows one configuration per file per process:
// the CLI may hold the warehouse open read-write while the dashboard reads it read-only.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { sessionSecret } from './auth/secret.ts';
import { usersFileFor } from './auth/users.ts';

export interface ServeOptions {
  /** Warehouse file; made absolute against the cwd. */
  db: string;
  host: string;
  /** 0 picks a free port (see the returned url). */
  port: number;
  log?: (message: string) => void;
  /**
   * 'none': no sign-in, everyone who reaches the port is admin — only on a loopback address
   * (refused otherwise), with a banner on every page. Default 'on' (docs/security.md).
   */
  auth?: 'on' | 'none';
  /** Local accounts file; default users.json beside the warehouse. */
  usersFile?: string;
  /** Extra `Host` values accepted besides localhost/127.0.0.1/[::1] (DNS-rebinding defence). */
  allowedHosts?: readonly string[];
}

export interface DashboardServer {
  /** Where the dashboard listens, e.g. http://127.0.0.1:3000 */
  url: string;
  close(): Promise<void>;
}

const repoRoot = path.resolve(import.meta.dirname, '..');
const webDir = path.join(repoRoot, 'web');
const buildDir = path.join(webDir, 'build');
const buildMarker = path.join(buildDir, 'handler.js');
const serverEntry = path.join(webDir, 'server.ts');
/** Inputs of the web build; a file newer than the build triggers a rebuild. */
// The dashboard bundles code from pipeline/ too (the contracts in sql/marts, the chart builders,
// the message catalogue, the roles): a change there makes the build stale as well.
const buildInputs = [
  path.join(webDir, 'src'),
  path.join(webDir, 'static'),
  path.join(webDir, 'vite.config.ts'),
  path.join(repoRoot, 'pipeline'),
  path.join(repoRoot, 'sql', 'marts'),
];

const stopGraceMs = 8_000;
const lockStaleMs = 10 * 60_000;

export async function serveDashboard(opts: ServeOptions): Promise<DashboardServer> {
  const log = opts.log ?? ((message: string) => console.error(message));
  await ensureWebBuild({ log });

  const db = path.resolve(opts.db);
  if (!existsSync(db))
    log(`warning: no warehouse at ${db} yet; the dashboard will say so until it exists`);
  const auth = await authEnvironment(opts, db, log);

  const child = spawn(process.execPath, [serverEntry], {
    cwd: repoRoot,
    env: {
      ...process.env,
      HOST: opts.host,
      PORT: String(opts.port),
      COMPLAINT_LENS_DB: db,
      // the dashboard's report downloads run this CLI (web/src/lib/server/reportDownload.ts)
      COMPLAINT_LENS_CLI: path.join(repoRoot, 'pipeline/cli.ts'),
      ...auth,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const recent: string[] = [];
  forwardLines(child, (line) => {
    recent.push(line);
    if (recent.length > 20) recent.shift();
    log(`[dashboard] ${line}`);
  });

  const url = await new Promise<string>((resolve, reject) => {
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      reject(
        new Error(
          `dashboard server stopped before listening (${signal ?? `exit ${code}`})` +
            (recent.length ? `:\n${recent.join('\n')}` : ''),
        ),
      );
    child.once('exit', onExit);
    child.once('error', reject);
    child.on('message', (message: { type?: string; url?: string }) => {
      if (message?.type === 'listening' && message.url) {
        child.off('exit', onExit);
        resolve(message.url);
      }
    });
  });
  log(`Dashboard on ${url} (warehouse ${db})`);

  return { url, close: () => stopChild(child) };
}

const loopbackHosts = new Set(['127.0.0.1', '::1', 'localhost']);

/** The dashboard's sign-in settings, as environment variables of its process. */
async function authEnvironment(
  opts: ServeOptions,
  db: string,
  log: (message: string) => void,
): Promise<Record<string, string>> {
  const usersFile = path.resolve(opts.usersFile ?? usersFileFor(db));
  const hosts = [...(opts.allowedHosts ?? []), opts.host].filter(
    (h) => h && h !== '0.0.0.0' && h !== '::',
  );
  if (hosts.length === 0 && !process.env.COMPLAINT_LENS_ALLOWED_HOSTS)
    log(
      `warning: listening on ${opts.host} but only localhost names are accepted in the Host ` +
        'header; add the name people use with --allowed-host (docs/security.md)',
    );
  const common = {
    // adapter-node's own limit, for bodies sent without a Content-Length (the gate checks the rest)
    BODY_SIZE_LIMIT: '256K',
    COMPLAINT_LENS_USERS: usersFile,
    COMPLAINT_LENS_AUDIT: path.join(path.dirname(usersFile), 'audit.ndjson'),
    COMPLAINT_LENS_ALLOWED_HOSTS: [process.env.COMPLAINT_LENS_ALLOWED_HOSTS ?? '', ...hosts]
      .filter(Boolean)
      .join(','),
  };
  if (opts.auth === 'none') {
    if (!loopbackHosts.has(opts.host))
      throw new Error(
        `--no-auth serves everything to anyone who reaches the port, so it only listens on ` +
          `127.0.0.1 (got --host ${opts.host}); use accounts to serve a network`,
      );
    log('NO SIGN-IN (--no-auth): local mode on 127.0.0.1; everyone on this machine is admin');
    return { ...common, COMPLAINT_LENS_AUTH: 'none' };
  }
  return {
    ...common,
    COMPLAINT_LENS_AUTH: 'on',
    COMPLAINT_LENS_SESSION_SECRET: await sessionSecret(usersFile),
  };
}

/**
 * Build web/ into web/build unless an up-to-date build exists. Serialised across processes with a
 * lock directory, so parallel test files or two `npm start`s never build over each other.
 */
export async function ensureWebBuild(
  opts: { log?: (message: string) => void; force?: boolean } = {},
): Promise<void> {
  const log = opts.log ?? ((message: string) => console.error(message));
  if (!opts.force && !(await buildIsStale())) return;
  await withBuildLock(async () => {
    if (!opts.force && !(await buildIsStale())) return; // another process built it meanwhile
    log(
      existsSync(buildMarker)
        ? 'Rebuilding the dashboard (sources changed)…'
        : 'Building the dashboard…',
    );
    const started = Date.now();
    await runViteBuild();
    log(`Dashboard built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
}

async function buildIsStale(): Promise<boolean> {
  let built: number;
  try {
    built = (await stat(buildMarker)).mtimeMs;
  } catch {
    return true;
  }
  for (const input of buildInputs) {
    if ((await newestMtime(input)) > built) return true;
  }
  return false;
}

async function newestMtime(file: string): Promise<number> {
  let info;
  try {
    info = await stat(file);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(file)) {
    newest = Math.max(newest, await newestMtime(path.join(file, entry)));
  }
  return newest;
}

async function runViteBuild(): Promise<void> {
  const require = createRequire(import.meta.url);
  const vitePackage = require.resolve('vite/package.json');
  const viteBin = path.join(path.dirname(vitePackage), 'bin', 'vite.js');
  // From the repository root: adapter-node reads the root package.json to externalise dependencies.
  const child = spawn(
    process.execPath,
    [viteBin, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  forwardLines(child, (line) => output.push(line));
  const [code, signal] = (await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c, s) => resolve([c, s]));
  })) as [number | null, NodeJS.Signals | null];
  if (code !== 0) {
    throw new Error(
      `dashboard build failed (${signal ?? `exit ${code}`}):\n${output.slice(-60).join('\n')}`,
    );
  }
}

async function withBuildLock(work: () => Promise<void>): Promise<void> {
  const id = createHash('sha256').update(webDir).digest('hex').slice(0, 12);
  const lock = path.join(os.tmpdir(), `complaint-lens-web-build-${id}.lock`);
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age =
        Date.now() -
        (await stat(lock).then(
          (s) => s.mtimeMs,
          () => Date.now(),
        ));
      if (age > lockStaleMs) await rm(lock, { recursive: true, force: true });
      else await delay(250); // another process is building; poll for its lock to go
    }
  }
  try {
    await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

function forwardLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) onLine(line.trimEnd());
    });
    stream.on('end', () => {
      if (pending.trim()) onLine(pending.trimEnd());
      pending = '';
    });
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
