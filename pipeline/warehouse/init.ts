// Create the base tables (idempotent) in a warehouse, then the journal marts: one view per file of
// sql/journal/, over the run journal and the complaint versions (pipeline/contract/marts.ts). Every
// write applies this, so the journal marts exist before any build and are never stale: the
// Pipeline page a user opens right after `complaint-lens ingest` reads them.
import { readFile } from 'node:fs/promises';
import { quotedIdentifier, type Db } from '../db.ts';
import { journalMarts } from '../contract/marts.ts';
import { stripTrailingSemicolon } from '../models/sqlText.ts';

const BASE_TABLES = new URL('./base_tables.sql', import.meta.url);
const JOURNAL_DIR = new URL('../../sql/journal/', import.meta.url);

/** base_tables.sql, then `create or replace view` for each journal mart: the whole DDL. */
export async function baseTablesSql(): Promise<string> {
  const views = await Promise.all(
    Object.keys(journalMarts).map(async (name) => {
      const sql = stripTrailingSemicolon(
        await readFile(new URL(`${name}.sql`, JOURNAL_DIR), 'utf8'),
      );
      return `create or replace view ${quotedIdentifier(name)} as\n${sql};`;
    }),
  );
  return [await readFile(BASE_TABLES, 'utf8'), ...views].join('\n\n');
}

export async function applyBaseTables(db: Db): Promise<void> {
  await db.run(await baseTablesSql());
}
