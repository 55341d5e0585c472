// Atomic warehouse updates. A run copies the current warehouse to a private temporary file next to
// it, does all its work there, checkpoints, closes, fsyncs, and rename()s the copy over the served
// path. rename(2) within one directory is atomic, so readers see either yesterday's warehouse or
// today's, never a half-built one; a crash, kill -9 or error before the rename leaves the served
// file untouched (the orphaned temporary file is removed by the next run).
import { copyFile, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { openDb, type Db, type OpenOptions } from '../db.ts';
import { acquireLock } from './lock.ts';
import { applyBaseTables } from './init.ts';

export interface SwapOptions {
  timeZone?: string;
  /**
   * DuckDB memory_limit for the run. Beyond it DuckDB spills to a temporary directory beside the
   * warehouse, which is what keeps a multi-GB export inside a small machine's memory.
   */
  memoryLimit?: string;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  /** Test hook: called after the work and before the rename (used to simulate a crash). */
  beforeSwap?: () => Promise<void>;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function removeOrphans(dbPath: string, log?: SwapOptions['log']): Promise<void> {
  const dir = dirname(dbPath);
  const prefix = `${basename(dbPath)}.tmp-`;
  for (const name of await readdir(dir)) {
    if (name.startsWith(prefix)) {
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

/**
 * Run `work` against a private copy of the warehouse and swap it in when `work` resolves.
 * When `work` throws, the copy is deleted and the served warehouse is left as it was.
 */
export async function withWarehouseCopy<T>(
  dbPath: string,
  work: (db: Db) => Promise<T>,
  opts: SwapOptions = {},
): Promise<T> {
  await mkdir(dirname(dbPath), { recursive: true });
  const lock = await acquireLock(dbPath, (pid) => opts.log?.('taking over a stale lock', { pid }));
  const tmp = `${dbPath}.tmp-${process.pid}`;
  let db: Db | undefined;
  try {
    await removeOrphans(dbPath, opts.log);
    if (await exists(dbPath)) {
      if (await exists(`${dbPath}.wal`)) {
        // A WAL beside the served file means a writer bypassed complaint-lens; fold it in first.
        const w = await openDb(dbPath);
        await w.run('checkpoint');
        w.close();
      }
      await copyFile(dbPath, tmp);
    }
    const openOpts: OpenOptions = {
      timeZone: opts.timeZone,
      memoryLimit: opts.memoryLimit ?? process.env.COMPLAINT_LENS_MEMORY_LIMIT ?? '1GB',
    };
    db = await openDb(tmp, openOpts);
    await applyBaseTables(db);
    const result = await work(db);
    await db.run('checkpoint');
    db.close();
    db = undefined;
    await fsyncPath(tmp);
    await opts.beforeSwap?.();
    await rename(tmp, dbPath);
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
    await rm(tmp, { force: true });
    await rm(`${tmp}.wal`, { force: true });
    await rm(`${tmp}.tmp`, { force: true, recursive: true });
    await lock.release();
  }
}
