// The model runner on toy models in a temporary sql/ directory: dependency order, --select,
// cycles, failures, data tests, macros, materialisation and bookkeeping (model_runs,
// data_test_results, cfg_* tables).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../pipeline/db.ts';
import { BuildError, buildModels, CycleError } from '../../../pipeline/models/index.ts';
import { count, fixtureDb, insertComplaints, rows, testConfig } from './helpers.ts';

const dirs: string[] = [];
let db: Db | undefined;

afterEach(() => {
  db?.close();
  db = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const TOY: Record<string, string> = {
  'staging/stg_a.sql': '-- stg_a: toy\nselect complaint_id, received_at from complaints;\n',
  // int_b sorts before int_c but reads it: the order must come from the SQL, not the file names.
  'intermediate/int_b.sql':
    'with c as (select * from int_c), final as (select * from c) select * from final',
  'intermediate/int_c.sql': 'select complaint_id from stg_a -- trailing comment',
  // `join … using` makes DuckDB's getTableNames return nothing: the tokenizer must still see int_b.
  'marts/mart_d.sql': 'select b.complaint_id from int_b as b join stg_a using (complaint_id)',
  'marts/mart_e.sql': 'select count(*) as n from stg_a',
  'tests/t_ok.sql': '-- severity: error\nselect * from mart_d where complaint_id is null',
  'tests/t_warn.sql':
    '-- severity: warn\n-- every row is "offending": exercises warn\nselect * from stg_a',
};

function sqlDir(files: Record<string, string | null>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cl-runner-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    if (text === null) continue;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function freshDb(): Promise<Db> {
  db = await fixtureDb();
  await insertComplaints(db, [
    { complaint_id: 'X1', received_at: '2024-01-01 10:00:00' },
    { complaint_id: 'X2', received_at: '2024-01-02 10:00:00' },
  ]);
  return db;
}

describe('buildModels', () => {
  it('runs every model in dependency order, views for staging, tables otherwise, and records it', async () => {
    const d = await freshDb();
    const logs: string[] = [];
    const summary = await buildModels(d, {
      sqlDir: sqlDir(TOY),
      config: testConfig(),
      log: (m) => logs.push(m),
    });
    expect(summary.ok).toBe(true);
    expect(summary.runId).toBe(1);
    expect(summary.models.map((m) => m.model)).toEqual([
      'stg_a',
      'int_c',
      'int_b',
      'mart_d',
      'mart_e',
    ]);
    expect(summary.models.find((m) => m.model === 'mart_d')!.dependsOn).toEqual(['int_b', 'stg_a']);
    expect(summary.models.map((m) => m.rows)).toEqual([2, 2, 2, 2, 1]);

    const kinds = await rows(
      d,
      `select table_name, table_type from information_schema.tables
       where table_name in ('stg_a', 'int_b', 'int_c', 'mart_d', 'mart_e') order by table_name`,
    );
    expect(kinds).toEqual([
      { table_name: 'int_b', table_type: 'BASE TABLE' },
      { table_name: 'int_c', table_type: 'BASE TABLE' },
      { table_name: 'mart_d', table_type: 'BASE TABLE' },
      { table_name: 'mart_e', table_type: 'BASE TABLE' },
      { table_name: 'stg_a', table_type: 'VIEW' },
    ]);

    const runs = await rows(
      d,
      'select run_id, model, rows, status, milliseconds >= 0 as timed from model_runs order by started_at, model',
    );
    expect(runs).toHaveLength(5);
    expect(runs.every((r) => r.run_id === 1 && r.status === 'success' && r.timed === true)).toBe(
      true,
    );

    const tests = await rows(
      d,
      'select test, severity, failures, status from data_test_results order by test',
    );
    expect(tests).toEqual([
      { test: 't_ok', severity: 'error', failures: 0, status: 'pass' },
      { test: 't_warn', severity: 'warn', failures: 2, status: 'warn' },
    ]);
    expect(logs.some((l) => l.includes('mart_d'))).toBe(true);

    // Config reached SQL as tables.
    expect(await d.scalar("select value from cfg_settings where key = 'as_of'")).toBe(
      '2024-03-10 00:00:00',
    );
    expect(
      Number(
        await d.scalar(
          "select resolution_sla_hours from cfg_category_sla where category = '物流运输'",
        ),
      ),
    ).toBe(72);

    // The next build gets the next run id.
    const again = await buildModels(d, { sqlDir: sqlDir(TOY), config: testConfig() });
    expect(again.runId).toBe(2);
    expect(await count(d, 'select count(*) from data_test_results')).toBe(2); // latest result per test
  });

  it('--select m builds just m; --select m+ builds m and everything downstream', async () => {
    const d = await freshDb();
    const dir = sqlDir(TOY);
    await buildModels(d, { sqlDir: dir, config: testConfig() });

    const just = await buildModels(d, { sqlDir: dir, config: testConfig(), select: 'int_b' });
    expect(just.models.map((m) => m.model)).toEqual(['int_b']);
    expect(
      await count(d, 'select count(*) from model_runs where run_id = $r', { r: just.runId }),
    ).toBe(1);

    const down = await buildModels(d, { sqlDir: dir, config: testConfig(), select: 'int_c+' });
    expect(down.models.map((m) => m.model)).toEqual(['int_c', 'int_b', 'mart_d']);
    // Only the tests reading a rebuilt model run on a --select build.
    expect(down.tests.map((t) => t.test)).toEqual(['t_ok']);

    const two = await buildModels(d, {
      sqlDir: dir,
      config: testConfig(),
      select: 'mart_e, stg_a',
    });
    expect(two.models.map((m) => m.model)).toEqual(['stg_a', 'mart_e']);

    await expect(
      buildModels(d, { sqlDir: dir, config: testConfig(), select: 'int_zz' }),
    ).rejects.toThrow(/no model named int_zz/);
  });

  it('refuses a dependency cycle and names it', async () => {
    const d = await freshDb();
    const dir = sqlDir({
      ...TOY,
      'intermediate/int_x.sql': 'select * from int_y',
      'intermediate/int_y.sql': 'select * from int_x',
    });
    const err = await buildModels(d, { sqlDir: dir, config: testConfig() }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CycleError);
    expect((err as CycleError).cycle).toEqual(['int_x', 'int_y', 'int_x']);
    expect(await count(d, 'select count(*) from model_runs')).toBe(0);
  });

  it('stops at a failing model: later models are skipped and recorded, and it throws', async () => {
    const d = await freshDb();
    const dir = sqlDir({
      ...TOY,
      'intermediate/int_c.sql': 'select complaint_id from no_such_table',
    });
    const err = await buildModels(d, { sqlDir: dir, config: testConfig() }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BuildError);
    const summary = (err as BuildError).summary;
    expect(summary.ok).toBe(false);
    expect(summary.models.map((m) => [m.model, m.status])).toEqual([
      ['stg_a', 'success'],
      ['int_c', 'error'],
      ['int_b', 'skipped'],
      ['mart_d', 'skipped'],
      ['mart_e', 'skipped'],
    ]);
    expect((err as Error).message).toMatch(/int_c.*no_such_table/s);
    expect(summary.tests).toEqual([]); // no data tests after a failed model
    const recorded = await rows(d, 'select model, status, message from model_runs order by model');
    expect(recorded.find((r) => r.model === 'int_c')).toMatchObject({ status: 'error' });
    expect(recorded.find((r) => r.model === 'mart_e')).toMatchObject({ status: 'skipped' });
    expect(
      await count(d, "select count(*) from information_schema.tables where table_name = 'mart_d'"),
    ).toBe(0);
  });

  it('fails the build on an error-level data test, not on a warn-level one', async () => {
    const d = await freshDb();
    const dir = sqlDir({
      ...TOY,
      'tests/t_dup.sql':
        "-- severity: error\nselect complaint_id from stg_a where complaint_id = 'X1'",
    });
    const err = await buildModels(d, { sqlDir: dir, config: testConfig() }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BuildError);
    expect((err as Error).message).toMatch(/t_dup \(1 rows\)/);
    // Models were built and the results recorded before throwing.
    expect((err as BuildError).summary.models.every((m) => m.status === 'success')).toBe(true);
    const result = await rows(
      d,
      "select status, failures, sample from data_test_results where test = 't_dup'",
    );
    expect(result[0]).toMatchObject({ status: 'fail', failures: 1 });
    expect(JSON.parse(result[0].sample as string)).toEqual([{ complaint_id: 'X1' }]);
  });

  it('records a broken data test as an error; it blocks only when error-level', async () => {
    // warn-level: recorded, warned about, the build succeeds (docs/data-tests.md) …
    const d = await freshDb();
    const warnings: string[] = [];
    const summary = await buildModels(d, {
      sqlDir: sqlDir({
        ...TOY,
        'tests/t_broken.sql': '-- severity: warn\nselect * from no_such_model',
      }),
      config: testConfig(),
      warn: (m) => warnings.push(m),
    });
    expect(summary.ok).toBe(true);
    expect(await d.scalar("select status from data_test_results where test = 't_broken'")).toBe(
      'error',
    );
    expect(warnings.join('\n')).toMatch(/t_broken \(query failed: .*no_such_model/);
    // … error-level: the build fails.
    const e = await freshDb();
    const err = await buildModels(e, {
      sqlDir: sqlDir({
        ...TOY,
        'tests/t_broken.sql': '-- severity: error\nselect * from no_such_model',
      }),
      config: testConfig(),
    }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(BuildError);
    expect(await e.scalar("select status from data_test_results where test = 't_broken'")).toBe(
      'error',
    );
  });

  it('runs sql/macros/*.sql before the models', async () => {
    const d = await freshDb();
    const dir = sqlDir({
      'macros/a.sql':
        '-- toy macros\ncreate or replace macro twice(x) as 2 * x;\ncreate or replace macro thrice(x) as 3 * x;\n',
      'marts/mart_m.sql': 'select twice(21) as answer, thrice(1) as three',
    });
    await buildModels(d, { sqlDir: dir, config: testConfig() });
    expect(await rows(d, 'select * from mart_m')).toEqual([{ answer: 42, three: 3 }]);
  });

  it('switches a model between view and table (the materialized header)', async () => {
    const d = await freshDb();
    await buildModels(d, {
      sqlDir: sqlDir({ 'intermediate/int_v.sql': 'select 1 as x' }),
      config: testConfig(),
    });
    expect(
      await d.scalar("select table_type from information_schema.tables where table_name = 'int_v'"),
    ).toBe('BASE TABLE');
    await buildModels(d, {
      sqlDir: sqlDir({ 'intermediate/int_v.sql': '-- materialized: view\nselect 1 as x' }),
      config: testConfig(),
    });
    expect(
      await d.scalar("select table_type from information_schema.tables where table_name = 'int_v'"),
    ).toBe('VIEW');
    await buildModels(d, {
      sqlDir: sqlDir({ 'intermediate/int_v.sql': 'select 2 as x' }),
      config: testConfig(),
    });
    expect(
      await d.scalar("select table_type from information_schema.tables where table_name = 'int_v'"),
    ).toBe('BASE TABLE');
  });

  it('refuses files that are not one query', async () => {
    const d = await freshDb();
    await expect(
      buildModels(d, {
        sqlDir: sqlDir({ 'staging/stg_two.sql': 'select 1; select 2;' }),
        config: testConfig(),
      }),
    ).rejects.toThrow(/more than one statement/);
    await expect(
      buildModels(d, {
        sqlDir: sqlDir({ 'staging/stg_x.sql': 'select 1', 'marts/stg_x.sql': 'select 2' }),
        config: testConfig(),
      }),
    ).rejects.toThrow(/defined twice/);
    await expect(
      buildModels(d, {
        sqlDir: sqlDir({ 'staging/Bad-Name.sql': 'select 1' }),
        config: testConfig(),
      }),
    ).rejects.toThrow(/lower-case/);
  });
});
