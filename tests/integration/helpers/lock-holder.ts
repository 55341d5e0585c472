// A process that tries to take the warehouse lock, reports the outcome on stdout, and holds the lock
// for HOLD_MS (so that every contender of a race tries while it is held). Used by lock-race.test.ts.
import { appendFile } from 'node:fs/promises';
import { acquireLock, LockError } from '../../../pipeline/warehouse/lock.ts';

const [db, journal, holdMs, goAt] = process.argv.slice(2);
// Start together: every contender waits for the same wall-clock instant after loading its modules.
await new Promise((r) => setTimeout(r, Math.max(0, Number(goAt) - Date.now())));
try {
  const lock = await acquireLock(db);
  // The "load": a line in a shared journal, written only while the lock is held.
  await appendFile(journal, `${process.pid}\n`);
  process.stdout.write('acquired\n');
  await new Promise((r) => setTimeout(r, Number(holdMs)));
  await lock.release();
} catch (e) {
  process.stdout.write(e instanceof LockError ? `refused ${e.message}\n` : `error ${String(e)}\n`);
  process.exitCode = e instanceof LockError ? 1 : 2;
}
