// Kill tests of the warehouse swap (pipeline/warehouse/swap.ts), shared by the integration test
// (small warehouse, every protocol step) and bench/swap-kill.ts (a large warehouse, random points):
// a reference warehouse takes the nightly files without interruption; the warehouse under test
// takes each nightly file in a run killed with SIGKILL (at a protocol step, or after a random
// delay), must then serve exactly the reference state before or after that night, and a clean
// re-run must bring it to the state after.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { openDb } from '../../pipeline/db.ts';

export const CLI = resolve(import.meta.dirname, '../../pipeline/cli.ts');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  millis: number;
}

/** Run the CLI; `killAfterMs` sends SIGKILL after that delay, `env` adds variables. */
export function cli(
  args: string[],
  opts: { killAfterMs?: number; env?: Record<string, string> } = {},
): Promise<CliRun> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer =
      opts.killAfterMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stderr, millis: performance.now() - started });
    });
  });
}

/**
 * What a warehouse holds, as one string: its loads, every complaint version, and its journal
 * generation. Equal strings = the same nightly state.
 */
export async function fingerprint(dbPath: string): Promise<string> {
  const db = await openDb(dbPath, { readOnly: true });
  try {
    const row = await db.one<Record<string, string | number>>(
      `select
         (select count(*) from load_runs) as loads,
         (select count(*) from complaint_versions) as versions,
         (select count(*) from complaint_versions where is_current) as current,
         (select coalesce(sum(hash(complaint_id, version_no, is_current, status, updated_at)), 0)
            from complaint_versions) as content,
         (select coalesce(max(seq), 0) from run_journal) as generation`,
    );
    return JSON.stringify(row);
  } finally {
    db.close();
  }
}

/**
 * Split a CSV export (one record per line) into a base file of `baseRows` rows and nightly files of
 * `nightRows` rows each, all with the header. Returns the paths.
 */
export async function splitExport(
  csv: string,
  dir: string,
  baseRows: number,
  nightRows: number,
  nights: number,
): Promise<{ base: string; nights: string[] }> {
  const lines = (await readFile(csv, 'utf8')).split('\n').filter((l) => l !== '');
  const [header, ...rows] = lines;
  if (rows.length < baseRows + nightRows * nights)
    throw new Error(`${csv} has ${rows.length} rows, fewer than the split needs`);
  const write = async (name: string, part: string[]) => {
    const path = join(dir, name);
    await writeFile(path, [header, ...part].join('\n') + '\n');
    return path;
  };
  const base = await write('base.csv', rows.slice(0, baseRows));
  const paths: string[] = [];
  for (let i = 0; i < nights; i++) {
    const from = baseRows + i * nightRows;
    paths.push(await write(`night-${i + 1}.csv`, rows.slice(from, from + nightRows)));
  }
  return { base, nights: paths };
}

export interface KillOutcome {
  night: number;
  /** The protocol step killed at, or the delay in ms. */
  point: string;
  /** Whether the killed run had already served its result. */
  servedAfterKill: 'before' | 'after';
  recoveredMs: number;
}

/**
 * Take `nights` in order onto `db`, each first in a run killed at `points[i]`, then (when the kill
 * left the night unserved) in a clean run; after each, compare with `expected[i]` (the reference
 * fingerprint after night i; `expected[-1]` is given as `before`). Throws on any mismatch.
 */
export async function killNights(o: {
  db: string;
  command: 'ingest' | 'run';
  nights: string[];
  points: ({ step: string } | { delayMs: number })[];
  before: string;
  expected: string[];
  extraArgs?: string[];
}): Promise<KillOutcome[]> {
  const outcomes: KillOutcome[] = [];
  let previous = o.before;
  for (let i = 0; i < o.nights.length; i++) {
    const args = [
      o.command,
      '--db',
      o.db,
      '--input',
      o.nights[i],
      '--max-reject-rate',
      '1',
      ...(o.extraArgs ?? []),
    ];
    const point = o.points[i];
    const killed = await cli(
      args,
      'step' in point
        ? { env: { COMPLAINT_LENS_KILL_AT: point.step } }
        : { killAfterMs: point.delayMs },
    );
    const label = 'step' in point ? point.step : `${point.delayMs} ms`;
    const after = await fingerprint(o.db);
    let served: KillOutcome['servedAfterKill'];
    if (after === previous) served = 'before';
    else if (after === o.expected[i]) served = 'after';
    else
      throw new Error(
        `night ${i + 1}, kill at ${label}: the served warehouse is neither the state before nor after the night\n${after}\nbefore ${previous}\nafter  ${o.expected[i]}`,
      );
    const started = performance.now();
    if (served === 'before') {
      const clean = await cli(args);
      if (clean.code !== 0)
        throw new Error(`night ${i + 1}: the run after the kill failed:\n${clean.stderr}`);
      const now = await fingerprint(o.db);
      if (now !== o.expected[i])
        throw new Error(
          `night ${i + 1}: after the kill at ${label} and a clean run the warehouse differs from the reference\n${now}\n${o.expected[i]}`,
        );
    } else if (killed.signal !== 'SIGKILL' && killed.code !== 0) {
      throw new Error(`night ${i + 1}: the run failed:\n${killed.stderr}`);
    }
    outcomes.push({
      night: i + 1,
      point: label,
      servedAfterKill: served,
      recoveredMs: performance.now() - started,
    });
    previous = o.expected[i];
  }
  return outcomes;
}
