// Create the base tables (idempotent) in a warehouse.
import { readFile } from 'node:fs/promises';
import type { Db } from '../db.ts';

const BASE_TABLES = new URL('./base_tables.sql', import.meta.url);

export async function applyBaseTables(db: Db): Promise<void> {
  await db.run(await readFile(BASE_TABLES, 'utf8'));
}
