// Atomic warehouse updates whose cost follows the change (docs/warehouse-swap.md).
//
// Two files: the served warehouse (`P`) and a private standby (`P.standby`), the warehouse as it
// was one or more runs ago. A run brings the standby up to the served generation by replaying the
// run journal entries it misses (journal.ts: last night's nightly file, hashed, and its build),
// does tonight's work on it, records tonight's entry, checkpoints, fsyncs and rename()s it over
// `P`; the file that was served becomes the next standby (through a hard link, so `P` never stops
// naming a complete warehouse). No step reads or writes the whole warehouse: a night costs its own
// work plus the replay of the previous night's, both growing with the change — unless copying `P`
// is estimated cheaper than the replay (a small warehouse), when the standby is copied. It is also
// rebuilt by copying `P` (the old design's cost) when it cannot be trusted: none yet, a run
// was interrupted while writing it, a journal entry cannot be replayed (its file moved or changed,
// or the command was not journalled), or a replay failed.
//
// Guarantees: rename(2) within one directory is atomic, so readers see yesterday's warehouse or
// today's, never a half-built one; `kill -9` at any point leaves `P` as it was or as the finished
// run left it (a `.dirty` marker, written before the standby is touched and removed only after it
// is served, makes the next run discard a half-written standby); one writer at a time (lock.ts).
import {
  copyFile,
  link,
  mkdir,
  open,
  readdir,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { openDb, quotedString, type Db, type OpenOptions } from '../db.ts';
import { acquireLock } from './lock.ts';
import { applyBaseTables } from './init.ts';
import {
  generation,
  readJournal,
  recordRequest,
  requestFiles,
  staleStamp,
  type JournalEntry,
  type RunRequest,
} from './journal.ts';
import { runMemoryLimit } from './memory.ts';

export interface SwapOptions {
  timeZone?: string;
  /**
   * DuckDB memory_limit for the run (default: memory.ts). Beyond it DuckDB spills to a temporary
   * directory beside the warehouse, which is what keeps a multi-GB export inside a small machine's memory.
   */
  memoryLimit?: string;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  /** What this run does, recorded in the journal. Without it the run cannot be replayed. */
  request?: RunRequest;
  /** Re-does a journalled request on the standby (the CLI's ingest + build). */
  replay?: (db: Db, request: RunRequest) => Promise<void>;
  /** Test hook: called after the work and before the rename (used to simulate a crash). */
  beforeSwap?: () => Promise<void>;
}

/** Protocol steps, in order; COMPLAINT_LENS_KILL_AT=<step> kills the process there (kill tests). */
export const SWAP_STEPS = [
  'locked',
  'marked-dirty',
  'standby-open',
  'caught-up',
  'worked',
  'closed',
  'linked',
  'renamed',
  'unmarked',
] as const;
export type SwapStep = (typeof SWAP_STEPS)[number];

async function step(name: SwapStep): Promise<void> {
  if (process.env.COMPLAINT_LENS_KILL_AT === name) {
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => {}); // never resumes
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export function standbyPath(dbPath: string): string {
  return `${dbPath}.standby`;
}
function dirtyPath(dbPath: string): string {
  return `${dbPath}.standby.dirty`;
}

/** Leftovers of interrupted runs: the old design's copies and the swap's hard links. */
async function removeOrphans(dbPath: string, log?: SwapOptions['log']): Promise<void> {
  const dir = dirname(dbPath);
  const prefixes = [`${basename(dbPath)}.tmp-`, `${basename(dbPath)}.prev-`];
  for (const name of await readdir(dir)) {
    if (prefixes.some((p) => name.startsWith(p))) {
      log?.('removing temporary file left by an interrupted run', { file: name });
      await rm(join(dir, name), { force: true, recursive: true });
    }
  }
}

async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** A DuckDB file and its side files (write-ahead log, spill directory). */
async function removeDbFiles(path: string): Promise<void> {
  await rm(path, { force: true });
  await rm(`${path}.wal`, { force: true });
  await rm(`${path}.tmp`, { force: true, recursive: true });
}

/**
 * Why the standby cannot catch up on `missing` by replay, or null when it can. Every entry must
 * be journalled with its request, consecutive, and every file it read unchanged.
 */
async function replayProblem(
  missing: readonly JournalEntry[],
  from: number,
  canReplay: boolean,
): Promise<string | null> {
  let expected = from + 1;
  for (const entry of missing) {
    if (entry.seq !== expected) return `journal entry ${expected} is missing`;
    expected++;
    if (!canReplay) return 'this command cannot replay earlier runs';
    if (!entry.request) return `run ${entry.seq} was not journalled with its request`;
    for (const file of requestFiles(entry.request)) {
      const stale = await staleStamp(file);
      if (stale) return `run ${entry.seq} cannot be replayed: ${stale}`;
    }
  }
  return null;
}

/**
 * Sequential copy throughput assumed when weighing a copy of the served file against a replay
 * (MB/s, including writing it back to disk); COMPLAINT_LENS_COPY_MB_PER_S overrides it.
 */
const COPY_MB_PER_S = 200;

/**
 * A reason to copy instead of replaying, or null. COMPLAINT_LENS_STANDBY=replay|copy forces one
 * (tests, benchmarks); by default (auto) the standby is copied when that is estimated cheaper than
 * replaying the runs it misses: while the warehouse is small a copy costs less than re-doing a
 * night, and the replay pays off as the warehouse grows and the nights stay small.
 */
async function copyIsCheaper(
  dbPath: string,
  missing: readonly JournalEntry[],
): Promise<string | null> {
  const mode = process.env.COMPLAINT_LENS_STANDBY ?? 'auto';
  if (missing.length === 0 || mode === 'replay') return null;
  if (mode === 'copy') return 'COMPLAINT_LENS_STANDBY=copy';
  const rate = Number(process.env.COMPLAINT_LENS_COPY_MB_PER_S ?? COPY_MB_PER_S);
  const copyMs = ((await stat(dbPath)).size / 2 ** 20 / rate) * 1000;
  const replayMs = missing.reduce((sum, e) => sum + (e.workMs ?? Infinity), 0);
  return replayMs > copyMs
    ? `copying (~${(copyMs / 1000).toFixed(1)} s) is estimated cheaper than replaying ${missing.length} run(s) (~${(replayMs / 1000).toFixed(1)} s)`
    : null;
}

interface Standby {
  db: Db;
  /** The generation the standby is at after catching up (= the served one). */
  generation: number;
}

/**
 * Open the standby and bring it to the served generation: by replay when it can, else by copying
 * the served file. `servedExists` false: a fresh warehouse.
 */
async function prepareStandby(
  dbPath: string,
  servedExists: boolean,
  openOpts: OpenOptions,
  opts: SwapOptions,
): Promise<Standby> {
  const standby = standbyPath(dbPath);
  const log = opts.log;
  const copyServed = async (reason: string): Promise<Standby> => {
    log?.('standby warehouse rebuilt by copying the served one', { reason });
    await removeDbFiles(standby);
    await copyFile(dbPath, standby);
    const db = await openDb(standby, openOpts);
    await applyBaseTables(db);
    return { db, generation: generation(await readJournal(db)) };
  };

  if (!servedExists) {
    await removeDbFiles(standby);
    const db = await openDb(standby, openOpts);
    await applyBaseTables(db);
    return { db, generation: 0 };
  }
  if (!(await exists(standby))) return copyServed('no standby warehouse yet');
  if (await exists(`${standby}.wal`))
    return copyServed('the standby holds an unfinished write-ahead log');

  let db: Db;
  try {
    db = await openDb(standby, openOpts);
  } catch (err) {
    // e.g. a dashboard still reading the previous generation holds it open read-only.
    return copyServed(`the standby cannot be opened: ${(err as Error).message}`);
  }
  try {
    await applyBaseTables(db);
    const own = generation(await readJournal(db));
    await db.run(`attach ${quotedString(dbPath)} as served_warehouse (read_only)`);
    let served: JournalEntry[];
    try {
      served = await readJournal(db, 'served_warehouse');
    } finally {
      await db.run('detach served_warehouse');
    }
    const servedGeneration = generation(served);
    if (own > servedGeneration || (own < servedGeneration && served.length === 0)) {
      throw new Error(`standby generation ${own}, served generation ${servedGeneration}`);
    }
    const missing = served.filter((e) => e.seq > own);
    const problem =
      (await replayProblem(missing, own, opts.replay !== undefined)) ??
      (await copyIsCheaper(dbPath, missing));
    if (problem) throw new Error(problem);
    for (const entry of missing) {
      await opts.replay!(db, entry.request!);
      await recordRequest(db, entry);
    }
    return { db, generation: servedGeneration };
  } catch (err) {
    try {
      db.close();
    } catch {
      // already closed
    }
    return copyServed((err as Error).message);
  }
}

/**
 * Run `work` against the standby warehouse and serve it when `work` resolves. When `work` throws
 * (or the process dies), the served warehouse is left as it was and the standby is discarded.
 */
export async function withWarehouseCopy<T>(
  dbPath: string,
  work: (db: Db) => Promise<T>,
  opts: SwapOptions = {},
): Promise<T> {
  await mkdir(dirname(dbPath), { recursive: true });
  const lock = await acquireLock(dbPath, (pid) => opts.log?.('taking over a stale lock', { pid }));
  await step('locked');
  const standby = standbyPath(dbPath);
  const dirty = dirtyPath(dbPath);
  const prev = `${dbPath}.prev-${process.pid}`;
  let db: Db | undefined;
  let served = false;
  try {
    await removeOrphans(dbPath, opts.log);
    const servedExists = await exists(dbPath);
    if (servedExists && (await exists(`${dbPath}.wal`))) {
      // A WAL beside the served file means a writer bypassed complaint-lens; fold it in first.
      const w = await openDb(dbPath);
      await w.run('checkpoint');
      w.close();
    }
    // From here until the standby is served, a crash leaves this marker: the next run then
    // discards the half-written standby instead of trusting it.
    if (await exists(dirty)) {
      opts.log?.('the previous run was interrupted while writing the standby: discarding it');
      await removeDbFiles(standby);
    }
    await writeFile(dirty, String(process.pid));
    await fsyncPath(dirty);
    await step('marked-dirty');

    const openOpts: OpenOptions = {
      timeZone: opts.timeZone,
      memoryLimit: opts.memoryLimit ?? runMemoryLimit(),
    };
    const prepared = await prepareStandby(dbPath, servedExists, openOpts, opts);
    db = prepared.db;
    await step('standby-open');
    await step('caught-up');
    const workStarted = performance.now();
    const result = await work(db);
    await recordRequest(db, {
      seq: prepared.generation + 1,
      request: opts.request ?? null,
      workMs: performance.now() - workStarted,
    });
    await step('worked');
    await db.run('checkpoint');
    db.close();
    db = undefined;
    await fsyncPath(standby);
    await step('closed');
    await opts.beforeSwap?.();
    // Keep the served file's inode under a second name, serve the standby, then let the old
    // file become the next standby. `P` names a complete warehouse at every instant.
    if (servedExists) await link(dbPath, prev);
    await step('linked');
    await rename(standby, dbPath);
    served = true;
    await fsyncPath(dirname(dbPath));
    await step('renamed');
    await rm(dirty, { force: true });
    await step('unmarked');
    if (servedExists) await rename(prev, standby);
    await fsyncPath(dirname(dbPath));
    return result;
  } finally {
    if (db) {
      try {
        db.close();
      } catch {
        // already closed
      }
    }
    if (!served) {
      // The standby holds part of a failed run: discard it (the next run copies the served file).
      await removeDbFiles(standby);
      await rm(dirty, { force: true });
    }
    await rm(prev, { force: true });
    await rm(`${standby}.tmp`, { force: true, recursive: true });
    await lock.release();
  }
}
