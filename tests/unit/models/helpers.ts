// Fixture helpers for the model unit tests: an in-memory warehouse with the base tables, rows
// written with bound parameters, and the runner over the core models with a fixed as-of time.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../../pipeline/db.ts';
import {
  CANONICAL_FIELDS,
  FIELD_SPECS,
  type CanonicalField,
  type FieldKind,
} from '../../../pipeline/schema/fields.ts';
import { openTestDb } from '../../helpers/warehouse.ts';
import { resolveConfig, type Config } from '../../../pipeline/config.ts';
import {
  buildModels,
  coreSqlDir,
  type BuildOptions,
  type BuildSummary,
} from '../../../pipeline/models/index.ts';

/**
 * One complaint as a test writes it: the canonical fields (pipeline/schema/fields.ts, declared once), each
 * optional but the id and the received time.
 */
export type ComplaintRow = { complaint_id: string; received_at: string } & Partial<
  Record<CanonicalField, string | number | null>
>;

const COLUMNS: readonly CanonicalField[] = CANONICAL_FIELDS;

/** The cast a field's parameter gets (complaint_versions' column types, base_tables.sql). */
const castOfKind: Partial<Record<FieldKind, string>> = {
  timestamp: '::timestamp',
  date: '::date',
  integer: '::integer',
  money: '::decimal(18, 2)',
  satisfaction: '::double',
  number: '::double',
};
const CASTS: Partial<Record<CanonicalField, string>> = Object.fromEntries(
  FIELD_SPECS.map((spec) => [spec.name, castOfKind[spec.kind]]),
);

export async function fixtureDb(): Promise<Db> {
  return openTestDb();
}

/**
 * Insert complaints as ingest would: one current version each in complaint_versions (the
 * complaints view shows the current ones), and a consistent load run 1.
 */
export async function insertComplaints(db: Db, rows: ComplaintRow[]): Promise<void> {
  const cols = [
    ...COLUMNS,
    'row_hash',
    'version_no',
    'is_current',
    'first_loaded_run',
    'load_run_id',
    'source_file',
  ];
  const values = [
    ...COLUMNS.map((c) => `$${c}${CASTS[c] ?? ''}`),
    `'h'`,
    '1',
    'true',
    '1',
    '1',
    `'fixture.csv'`,
  ];
  for (const row of rows) {
    const params: Record<string, string | number | null> = {};
    for (const c of COLUMNS) params[c] = row[c] ?? null;
    await db.run(
      `insert into complaint_versions (${cols.join(', ')}) values (${values.join(', ')})`,
      params,
    );
  }
  await db.run('delete from load_runs where run_id = 1');
  await db.run(`
    insert into load_runs (run_id, file, started_at, status, rows_read, rows_new)
    select 1, 'fixture.csv', timestamp '2024-01-01', 'success', count(*), count(*) from complaints`);
}

/**
 * A later load (run `run`, run 1 being insertComplaints'): each row becomes the new current version
 * of its complaint (a new complaint when its id is new), as ingest would write it.
 */
export async function loadNight(db: Db, run: number, rows: ComplaintRow[]): Promise<void> {
  const cols = [...COLUMNS, 'row_hash', 'version_no', 'is_current', 'first_loaded_run'];
  const values = [
    ...COLUMNS.map((c) => `$${c}${CASTS[c] ?? ''}`),
    `'h' || $run`,
    'coalesce((select max(version_no) from complaint_versions where complaint_id = $complaint_id), 0) + 1',
    'true',
    `coalesce((select min(first_loaded_run) from complaint_versions where complaint_id = $complaint_id), $run)`,
  ];
  for (const row of rows) {
    const params: Record<string, string | number | null> = { run };
    for (const c of COLUMNS) params[c] = row[c] ?? null;
    await db.run(
      'update complaint_versions set is_current = false where complaint_id = $id and is_current',
      { id: row.complaint_id },
    );
    await db.run(
      `insert into complaint_versions (${cols.join(', ')}, load_run_id, source_file)
       values (${values.join(', ')}, $run, 'night.csv')`,
      params,
    );
  }
  await db.run(
    `insert or ignore into load_runs (run_id, file, started_at, status, rows_read, rows_new)
     values ($run, 'night.csv', timestamp '2024-02-02', 'success', $n, 0)`,
    { run, n: rows.length },
  );
}

export async function insertVolumes(
  db: Db,
  rows: { product: string; batch: string; production_date: string | null; units: number }[],
): Promise<void> {
  for (const r of rows) {
    await db.run(
      `insert into volumes values ($product, $batch, $production_date::date, $units, 'volumes.csv')`,
      { product: r.product, batch: r.batch, production_date: r.production_date, units: r.units },
    );
  }
}

/** The configuration with a fixed as-of time (default 2024-03-10 00:00) and user overrides. */
export function testConfig(
  user: Record<string, unknown> = {},
  asOf = '2024-03-10 00:00:00',
): Config {
  const kpi = { asOf, ...((user.kpi as Record<string, unknown>) ?? {}) };
  return resolveConfig({ ...user, kpi }, 'test');
}

let coreDir: string | undefined;

/**
 * The core models copied once per content version to tmpdir()/cl-core-sql-<hash>: test workers
 * share it instead of each leaving a copy behind. Written to a private directory and renamed into
 * place, so a concurrent worker never reads a half-written copy.
 */
function sharedCoreSqlDir(): string {
  const staged = coreSqlDir();
  const hash = createHash('sha256');
  for (const sub of ['staging', 'intermediate', 'marts', 'tests', 'macros']) {
    for (const f of readdirSync(join(staged, sub)).sort())
      hash.update(`${sub}/${f}\0`).update(readFileSync(join(staged, sub, f)));
  }
  const target = join(tmpdir(), `cl-core-sql-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(target)) {
    rmSync(staged, { recursive: true, force: true });
    return target;
  }
  try {
    renameSync(staged, target);
  } catch {
    rmSync(staged, { recursive: true, force: true }); // another worker won the race
  }
  return target;
}

/**
 * Build the core models (and run their data tests) with the test configuration, from a copy of
 * just the core models (pipeline/models/coreModels.ts), so these tests do not depend on other
 * models in progress in the same tree.
 */
export async function build(db: Db, opts: Partial<BuildOptions> = {}): Promise<BuildSummary> {
  coreDir ??= sharedCoreSqlDir();
  return buildModels(db, { sqlDir: coreDir, ...opts, config: opts.config ?? testConfig() });
}

/** Columns whose values are text even when they look like numbers (ids, members like 12315). */
const TEXT_COLUMNS = new Set([
  'complaint_id',
  'previous_complaint_id',
  'customer_id',
  'member',
  'name',
  'channel',
  'sample',
  'value',
]);

/** Rows of a query as plain objects with numbers (DuckDB BIGINT/DECIMAL arrive as strings in JSON). */
export async function rows(
  db: Db,
  sql: string,
  params?: Record<string, string | number | null>,
): Promise<Record<string, unknown>[]> {
  const out = await db.all(sql, params);
  return out.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) && !TEXT_COLUMNS.has(k) ? Number(v) : v,
      ]),
    ),
  );
}

/** A count (or other number) from a query. */
export async function count(
  db: Db,
  sql: string,
  params?: Record<string, string | number | null>,
): Promise<number> {
  return Number(await db.scalar(sql, params));
}
