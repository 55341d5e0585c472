// Test and bench helper: the SQL models and macros read from sql/ and built into a fixture
// warehouse, as the runner does (`create or replace table <model> as <its query>`). The model
// harnesses of the trend, hot-spot and recommendation tests (and the benches that evaluate those
// models) share it instead of each reading and building the files their own way.
import { readFileSync, readdirSync } from 'node:fs';
import { quotedIdentifier, type Db } from '../../pipeline/db.ts';
import { stripTrailingSemicolon } from '../../pipeline/models/sqlText.ts';

export const SQL_DIR = new URL('../../sql/', import.meta.url);

/** A model's query, from its path under sql/ without `.sql` (e.g. `marts/mart_batch_hotspots`). */
export function modelSql(path: string): string {
  return stripTrailingSemicolon(readFileSync(new URL(`${path}.sql`, SQL_DIR), 'utf8'));
}

export function modelName(path: string): string {
  return path.split('/').pop()!;
}

/** The macro files of sql/macros (all, in name order, or the named ones), as the runner runs them. */
export async function runMacros(db: Pick<Db, 'run'>, names?: readonly string[]): Promise<void> {
  const files =
    names?.map((n) => `${n}.sql`) ??
    readdirSync(new URL('macros/', SQL_DIR))
      .filter((f) => f.endsWith('.sql'))
      .sort();
  for (const file of files) await db.run(readFileSync(new URL(`macros/${file}`, SQL_DIR), 'utf8'));
}

/**
 * Build models from their files, in the given order, as tables. `skip` names models the test has
 * created as fixtures. Returns milliseconds per model.
 */
export async function buildModelFiles(
  db: Db,
  paths: readonly string[],
  skip: readonly string[] = [],
): Promise<Record<string, number>> {
  const times: Record<string, number> = {};
  for (const path of paths) {
    const name = modelName(path);
    if (skip.includes(name)) continue;
    const started = performance.now();
    await db.run(`create or replace table ${quotedIdentifier(name)} as\n${modelSql(path)}`);
    times[name] = performance.now() - started;
  }
  return times;
}
