// Runs the real CLI as a child process (the way cron does) and reads the warehouse it wrote.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';
import { openDb } from '../../pipeline/db.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'pipeline/cli.ts');
export const FIXTURES = join(ROOT, 'tests/fixtures');

/** The --json summary (pipeline/cli.ts): field names analysts' cron wrappers rely on. */
export interface FileJson {
  file: string;
  kind: string;
  status: string;
  format: string;
  encoding: string | null;
  rows_read: number;
  rows_new: number;
  rows_updated: number;
  rows_unchanged: number;
  rows_rejected: number;
  message?: string;
}
export interface RunJson {
  status: string;
  run_id: number;
  files: FileJson[];
  totals: Record<string, number>;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The parsed last stdout line; null when the command printed no JSON (tests then fail on use). */
  json: RunJson;
}

export function runCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      let json: RunJson | null = null;
      try {
        json = stdout.trim() ? (JSON.parse(stdout.trim().split('\n').pop()!) as RunJson) : null;
      } catch {
        json = null;
      }
      resolvePromise({ code: code ?? -1, stdout, stderr, json: json as RunJson });
    });
  });
}

/** Temporary directories of the importing test file, removed after its tests. */
const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

export async function tempDir(parent: string = tmpdir()): Promise<string> {
  const dir = await mkdtemp(join(parent, 'cl-it-'));
  created.push(dir);
  return dir;
}

export async function query<T = Record<string, unknown>>(
  dbPath: string,
  sql: string,
): Promise<T[]> {
  const db = await openDb(dbPath, { readOnly: true });
  try {
    return await db.all<T & Record<string, unknown>>(sql);
  } finally {
    db.close();
  }
}

export async function fileHash(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

/** Bucket counts of a summary's file entry, for compact assertions. */
export function buckets(f: {
  rows_read: number;
  rows_new: number;
  rows_updated: number;
  rows_unchanged: number;
  rows_rejected: number;
}) {
  return {
    read: f.rows_read,
    new: f.rows_new,
    updated: f.rows_updated,
    unchanged: f.rows_unchanged,
    rejected: f.rows_rejected,
  };
}
