// Fail fast on a warehouse path the run could never write (issue 13, defect 12: `--db
// /proc/nope/db.duckdb` spun at 100 % CPU in a recursive mkdir for ten minutes). Missing directories
// are created one level at a time, so an impossible parent fails on its first mkdir with a plain
// message instead of looping; the directory must then be writable.
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export class DbPathError extends Error {}

export async function prepareDbDir(dbPath: string): Promise<void> {
  const target = resolve(dbPath);
  const existing = await stat(target).catch(() => null);
  if (existing?.isDirectory())
    throw new DbPathError(
      `--db ${dbPath} is a directory; give a file path such as ${dbPath}/warehouse.duckdb`,
    );
  const missing: string[] = [];
  let dir = dirname(target);
  for (;;) {
    const s = await stat(dir).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : e));
    if (s instanceof Error) throw new DbPathError(`--db ${dbPath}: cannot use ${dir} (${s.code})`);
    if (s) {
      if (!s.isDirectory()) throw new DbPathError(`--db ${dbPath}: ${dir} is not a directory`);
      break;
    }
    missing.unshift(dir);
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  for (const d of missing) {
    try {
      await mkdir(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new DbPathError(
          `--db ${dbPath}: cannot create the directory ${d} (${(e as NodeJS.ErrnoException).code})`,
        );
    }
  }
  try {
    await access(dirname(target), constants.W_OK);
  } catch {
    throw new DbPathError(`--db ${dbPath}: the directory ${dirname(target)} is not writable`);
  }
}
