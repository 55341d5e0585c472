// Test/bench helper for the trend models: an in-memory (or file) warehouse with the base tables,
// the cfg_* tables, the SQL macro files, and any subset of the models built in dependency order.
// It mirrors what the model runner does (pipeline/models/runner.ts) and can build just the
// upstream closure of some targets.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quotedIdentifier, type Db } from '../../pipeline/db.ts';
import { defaultConfig, type Config } from '../../pipeline/config.ts';
import { writeConfigTables } from '../../pipeline/models/configTables.ts';
import { modelSettingsTableSql } from '../../pipeline/models/modelSettings.ts';
import { discoverModels, type ModelFile } from '../../pipeline/models/discover.ts';
import { buildGraph } from '../../pipeline/models/graph.ts';
import { runMacros } from './modelSql.ts';
import { openTestDb } from './warehouse.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SQL_DIR = join(ROOT, 'sql');

export { runMacros };

export interface WarehouseOptions {
  /** kpi.asOf, 'YYYY-MM-DD HH:MM:SS' local. */
  asOf: string;
  /** Extra cfg_settings rows (trend_* keys) written after the runner's ones. */
  settings?: Record<string, string>;
  config?: Config;
  path?: string;
}

/** A warehouse with base tables, cfg tables and macros, ready for fixture rows. */
export async function openWarehouse(opts: WarehouseOptions): Promise<Db> {
  const db = await openTestDb({ path: opts.path });
  await configure(db, opts);
  return db;
}

export async function configure(db: Db, opts: WarehouseOptions): Promise<void> {
  const config = opts.config ?? defaultConfig();
  config.kpi.asOf = opts.asOf;
  await writeConfigTables(db, config);
  for (const [key, value] of Object.entries(opts.settings ?? {})) {
    await db.run('insert or replace into cfg_settings values ($key, $value)', { key, value });
  }
  await db.run(modelSettingsTableSql());
  await runMacros(db);
}

let modelsCache: ModelFile[] | undefined;
export async function models(): Promise<ModelFile[]> {
  modelsCache ??= await discoverModels(SQL_DIR);
  return modelsCache;
}

/** Names of the targets and everything they read, in build order. */
export async function upstream(db: Db, targets: readonly string[]): Promise<string[]> {
  const all = await models();
  const graph = buildGraph(all, (sql) => db.conn.getTableNames(sql, false));
  const need = new Set<string>();
  const stack = [...targets];
  while (stack.length > 0) {
    const m = stack.pop()!;
    if (need.has(m)) continue;
    if (!graph.deps.has(m)) throw new Error(`no model named ${m}`);
    need.add(m);
    stack.push(...(graph.deps.get(m) ?? []));
  }
  return graph.order.filter((m) => need.has(m));
}

/** Build models in order (create or replace table/view, like the runner). */
export async function buildModels(
  db: Db,
  names: readonly string[],
  timings?: Map<string, number>,
): Promise<void> {
  const byName = new Map((await models()).map((m) => [m.name, m]));
  for (const name of names) {
    const model = byName.get(name);
    if (!model) throw new Error(`no model named ${name}`);
    const started = performance.now();
    const id = quotedIdentifier(name);
    const existing = await db.scalar<string>(
      `select table_type from information_schema.tables where table_schema = current_schema() and table_name = $name`,
      { name },
    );
    // An incremental model is built whole here, as the runner does on its first night.
    const kind = model.materialized === 'view' ? 'view' : 'table';
    if (existing === 'VIEW' && kind === 'table') await db.run(`drop view ${id}`);
    if (existing === 'BASE TABLE' && kind === 'view') await db.run(`drop table ${id}`);
    try {
      await db.run(`create or replace ${kind} ${id} as\n${model.sql}`);
    } catch (err) {
      throw new Error(`${model.file}: ${(err as Error).message}`);
    }
    timings?.set(name, performance.now() - started);
  }
}

/** Build the targets and their upstream models. */
export async function buildUpTo(
  db: Db,
  targets: readonly string[],
  timings?: Map<string, number>,
): Promise<void> {
  await buildModels(db, await upstream(db, targets), timings);
}

/** An empty complaint_clusters table (the clustering step's output) when none exists. */
export async function ensureClusters(db: Db): Promise<void> {
  await db.run(
    'create table if not exists complaint_clusters (complaint_id varchar, cluster_id varchar, distance double)',
  );
}

export interface FixtureComplaint {
  id: string;
  at: string;
  channel?: string | null;
  product?: string | null;
  product_category?: string | null;
  region?: string | null;
  department?: string | null;
  complaint_type?: string | null;
  status?: string | null;
}

/** Insert fixture complaints as current versions (`complaints` is the view of them; lineage columns are placeholders). */
export async function insertComplaints(db: Db, rows: readonly FixtureComplaint[]): Promise<void> {
  const cols = [
    'complaint_id',
    'received_at',
    'channel',
    'product',
    'product_category',
    'region',
    'department',
    'complaint_type',
    'status',
  ] as const;
  await db.run(
    `create or replace temp table tr_fixture (${cols.map((c) => `${c} varchar`).join(', ')})`,
  );
  const appender = await db.conn.createAppender('tr_fixture');
  try {
    for (const r of rows) {
      const values = [
        r.id,
        r.at,
        r.channel,
        r.product,
        r.product_category,
        r.region,
        r.department,
        r.complaint_type,
        r.status,
      ];
      for (const v of values) {
        if (v === null || v === undefined) appender.appendNull();
        else appender.appendVarchar(v);
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  await db.run(`
    insert into complaint_versions by name
    select
        complaint_id, cast(received_at as timestamp) as received_at, channel, product, product_category, region,
        department, complaint_type, status, complaint_id as row_hash, 1 as version_no, true as is_current,
        1 as first_loaded_run, 1 as load_run_id, 'fixture' as source_file
    from tr_fixture`);
  await db.run('drop table tr_fixture');
}
