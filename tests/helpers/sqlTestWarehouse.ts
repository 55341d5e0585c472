// Test helper (not app code): a warehouse file in a temp dir with the SQL macros (as the runner
// creates them: the dashboard calls some, e.g. pareto) and the given SQL statements, served to the
// server modules through COMPLAINT_LENS_DB for the tests of one file, removed after.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll } from 'vitest';
import { discoverMacros } from '../../pipeline/models/discover.ts';
import { closeWarehouse } from '../../web/src/lib/server/db.ts';

export function useSqlWarehouse(statements: readonly string[]): void {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'complaint-lens-sql-'));
    const file = path.join(dir, 'warehouse.duckdb');
    const instance = await DuckDBInstance.create(file);
    const conn = await instance.connect();
    for (const macro of await discoverMacros()) await conn.run(macro.sql);
    for (const sql of statements) await conn.run(sql);
    conn.closeSync();
    instance.closeSync();
    process.env.COMPLAINT_LENS_DB = file;
  });
  afterAll(async () => {
    await closeWarehouse();
    delete process.env.COMPLAINT_LENS_DB;
    await rm(dir, { recursive: true, force: true });
  });
}
