// One writer at a time: an exclusive lock file beside the warehouse holding the owner's pid.
// O_EXCL creation is atomic; a lock whose pid no longer runs (kill -9, power loss) is stale and
// is taken over, so a crashed run never blocks the next night's cron.
import { open, readFile, unlink } from 'node:fs/promises';

export class LockError extends Error {}

export interface Lock {
  path: string;
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function acquireLock(dbPath: string, onStale?: (pid: number) => void): Promise<Lock> {
  const path = `${dbPath}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(JSON.stringify({ pid: process.pid, started: new Date().toISOString() }));
      await fh.close();
      return {
        path,
        async release() {
          await unlink(path).catch(() => undefined);
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner: { pid?: number; started?: string } = {};
      try {
        owner = JSON.parse(await readFile(path, 'utf8'));
      } catch {
        // Half-written lock file: its writer died between open and write; treat as stale.
      }
      if (owner.pid && owner.pid !== process.pid && alive(owner.pid)) {
        throw new LockError(
          `another complaint-lens run (pid ${owner.pid}, started ${owner.started ?? '?'}) is writing ${dbPath}; ` +
            `wait for it to finish, or remove ${path} if that process is not complaint-lens`,
        );
      }
      onStale?.(owner.pid ?? 0);
      await unlink(path).catch(() => undefined);
    }
  }
  throw new LockError(`could not acquire ${path}`);
}
