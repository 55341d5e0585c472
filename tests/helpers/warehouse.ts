// Test helper (not app code): the one place tests make a warehouse. A test warehouse is either an
// in-memory (or file) database opened through pipeline/db.ts for model tests (openTestDb), or a
// file in its own temp dir written with DuckDB's own connection and then served to the dashboard's
// server modules through COMPLAINT_LENS_DB (warehouseDir, writeWarehouse, serveWarehouse). Both
// start the same way, as the pipeline does: the base tables and the journal marts over them
// (pipeline/warehouse/init.ts, as every write creates them) and the SQL macros (sql/macros, as the
// runner creates them), each when the test needs them.
// The specialised builders (hotspotWarehouse, trendWarehouse, exportTestWarehouse,
// sqlTestWarehouse, the model tests' fixtureDb) are thin layers of fixtures over this module;
// tests/e2e/sampleWarehouse.ts is the other kind: the real CLI run over sample-data/.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { openDb, type Db } from '../../pipeline/db.ts';
import { baseTablesSql } from '../../pipeline/warehouse/init.ts';
import { runMacros } from './modelSql.ts';

export interface WarehouseSetup {
  /** The base tables and the journal marts (pipeline/warehouse/init.ts). */
  baseTables?: boolean;
  /** The macro files of sql/macros. */
  macros?: boolean;
}

/** What every test warehouse starts with, through `run` (one statement or several). */
async function setUp(run: (sql: string) => Promise<unknown>, setup: WarehouseSetup): Promise<void> {
  if (setup.baseTables) await run(await baseTablesSql());
  if (setup.macros) await runMacros({ run: async (sql) => void (await run(sql)) });
}

/**
 * A database for model tests through pipeline/db.ts: in memory unless `path` is given, with the
 * base tables (unless `baseTables: false`) and the macros when asked for.
 */
export async function openTestDb(
  options: WarehouseSetup & { path?: string; threads?: number } = {},
): Promise<Db> {
  const db = await openDb(
    options.path ?? ':memory:',
    options.threads ? { threads: options.threads } : {},
  );
  await setUp((sql) => db.run(sql), {
    baseTables: options.baseTables ?? true,
    macros: options.macros,
  });
  return db;
}

export interface WarehouseDir {
  dir: string;
  /** `name` (default warehouse.duckdb) in the directory. */
  file(name?: string): string;
  remove(): Promise<void>;
}

/** A new temp directory for a test's warehouse files. */
export async function warehouseDir(prefix = 'complaint-lens-'): Promise<WarehouseDir> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return {
    dir,
    file: (name = 'warehouse.duckdb') => path.join(dir, name),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * Write the warehouse file `file` (base tables and macros when asked for, then `build`) and close
 * it, so the dashboard's server modules can open it read-only. Returns `file`.
 */
export async function writeWarehouse(
  file: string,
  build: (conn: DuckDBConnection) => Promise<void>,
  setup: WarehouseSetup = {},
): Promise<string> {
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  try {
    await setUp((sql) => conn.run(sql), setup);
    await build(conn);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return file;
}

/** Close the warehouse the dashboard's server modules have open, if any. */
async function closeServed(): Promise<void> {
  // imported here, so the model tests that only open databases do not load the dashboard's module
  const { closeWarehouse } = await import('../../web/src/lib/server/db.ts');
  await closeWarehouse();
}

/**
 * The dashboard's server modules read `file` from now on (COMPLAINT_LENS_DB); the warehouse they
 * had open is closed first (they re-check the path only once a second).
 */
export async function serveWarehouse(file: string): Promise<void> {
  await closeServed();
  process.env.COMPLAINT_LENS_DB = file;
}

/** Close the dashboard's warehouse and forget COMPLAINT_LENS_DB (before removing the files). */
export async function stopServingWarehouse(): Promise<void> {
  await closeServed();
  delete process.env.COMPLAINT_LENS_DB;
}
