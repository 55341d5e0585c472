// One writer at a time: an exclusive lock file beside the warehouse.
//
// Why it cannot be stolen (issue 13, defect 1: two runs started together both exited 0 and one
// load was lost):
// - The lock's content (pid, host, start time, a random nonce) is written to a private file first
//   and then link(2)ed to the lock path. link fails with EEXIST when the lock exists, so creation is
//   atomic and nobody ever sees an empty or half-written lock.
// - A lock is stale only when its owner is provably gone: same host and the pid no longer runs.
//   A lock from another host, or one we cannot read, is never taken over automatically (an
//   unreadable lock older than UNREADABLE_STALE_MS — written by an older version that died between
//   open and write — is the only exception).
// - Taking over is serialised by a second O_EXCL file (`.lock.takeover`) held for milliseconds; under
//   it the taker re-reads the lock and removes it only if it is still byte-identical to what it judged
//   stale. A fresh lock always differs (new nonce), so two takers can never delete each other's lock.
import { randomBytes } from 'node:crypto';
import { link, open, readFile, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

export class LockError extends Error {}

export interface Lock {
  path: string;
  release(): Promise<void>;
}

interface Owner {
  pid?: number;
  host?: string;
  started?: string;
  nonce?: string;
}

/** An unreadable lock this old cannot be a run that is still writing its first bytes. */
const UNREADABLE_STALE_MS = 60_000;
/** A takeover file is held for a few milliseconds; one this old belongs to a taker that died. */
const TAKEOVER_STALE_MS = 10_000;
const ATTEMPTS = 20;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const code = (e: unknown) => (e as NodeJS.ErrnoException).code;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readOwner(path: string): Promise<{ text: string; owner: Owner | null } | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (code(e) === 'ENOENT') return null;
    throw e;
  }
  try {
    const owner = JSON.parse(text) as Owner;
    return { text, owner: owner && typeof owner === 'object' ? owner : null };
  } catch {
    return { text, owner: null };
  }
}

async function ageMs(path: string): Promise<number> {
  const s = await stat(path).catch(() => null);
  return s ? Date.now() - s.mtimeMs : 0;
}

/** Remove `path` only if it still holds exactly `staleText`, serialised by an O_EXCL takeover file. */
async function removeIfUnchanged(path: string, staleText: string): Promise<void> {
  const takeover = `${path}.takeover`;
  let fh;
  try {
    fh = await open(takeover, 'wx');
  } catch (e) {
    if (code(e) !== 'EEXIST') throw e;
    if ((await ageMs(takeover)) > TAKEOVER_STALE_MS) await unlink(takeover).catch(() => undefined);
    return; // someone else is taking over right now: the caller retries
  }
  try {
    await fh.close();
    const now = await readOwner(path);
    if (now && now.text === staleText) await unlink(path).catch(() => undefined);
  } finally {
    await unlink(takeover).catch(() => undefined);
  }
}

/** Drafts of runs that were killed between writing their draft and removing it. */
async function removeDeadDrafts(path: string): Promise<void> {
  const pattern = new RegExp(
    `^${basename(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.[0-9a-f]+$`,
  );
  for (const name of await readdir(dirname(path)).catch(() => [] as string[])) {
    const m = pattern.exec(name);
    if (m && !alive(Number(m[1]))) await unlink(join(dirname(path), name)).catch(() => undefined);
  }
}

function describe(owner: Owner, dbPath: string, path: string): string {
  const where = owner.host && owner.host !== hostname() ? ` on host ${owner.host}` : '';
  return (
    `another complaint-lens run (pid ${owner.pid ?? '?'}${where}, started ${owner.started ?? '?'}) is writing ${dbPath}; ` +
    `wait for it to finish, or remove ${path} if that process is not complaint-lens`
  );
}

export async function acquireLock(dbPath: string, onStale?: (pid: number) => void): Promise<Lock> {
  const path = `${dbPath}.lock`;
  const nonce = randomBytes(12).toString('hex');
  const mine = JSON.stringify({
    pid: process.pid,
    host: hostname(),
    started: new Date().toISOString(),
    nonce,
  } satisfies Owner);
  const draft = `${path}.${process.pid}.${nonce}`;
  await writeFile(draft, mine, { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        await link(draft, path);
        await removeDeadDrafts(path);
        return {
          path,
          async release() {
            // Only ever remove our own lock (a manual removal may have let another run in).
            const now = await readOwner(path).catch(() => null);
            if (now?.text === mine) await unlink(path).catch(() => undefined);
          },
        };
      } catch (e) {
        if (code(e) !== 'EEXIST') throw e;
      }
      const current = await readOwner(path);
      if (!current) continue; // released between our link and our read: try again
      const owner = current.owner;
      if (!owner || typeof owner.pid !== 'number') {
        if ((await ageMs(path)) < UNREADABLE_STALE_MS)
          throw new LockError(
            `${path} exists but cannot be read as a complaint-lens lock; another run may be starting. ` +
              `Remove it if no complaint-lens run is active.`,
          );
      } else if (owner.host && owner.host !== hostname()) {
        throw new LockError(describe(owner, dbPath, path));
      } else if (alive(owner.pid)) {
        throw new LockError(describe(owner, dbPath, path));
      }
      onStale?.(owner?.pid ?? 0);
      await removeIfUnchanged(path, current.text);
      await sleep(5 + Math.random() * 20);
    }
    throw new LockError(`could not acquire ${path} after ${ATTEMPTS} attempts`);
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}
