// The marts the dashboard and the report read are exactly what their contracts declare
// (sql/marts/<mart>.contract.ts for the model marts, sql/journal/<mart>.contract.ts for the journal
// marts): the same columns, in order, of the declared kinds, and no two rows with the same key. Checked on the sample warehouse built by the real CLI (tests/e2e), so renaming,
// dropping, adding or retyping a mart column without its contract fails here, and the TypeScript
// row types derived from the contract cannot drift from the SQL.
import { copyFile, readdir, rm } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kindOfDuckDbType } from '../../pipeline/contract/define.ts';
import { KPI_DIMENSIONS, SERIES_DIMENSIONS } from '../../pipeline/contract/dimensions.ts';
import {
  BASELINE_LEVELS,
  BATCH_UNTESTED_CODES,
  FLAG_BASES,
  NOT_HOTSPOT_CODES,
  PRODUCT_BASELINE_GROUPS,
  PRODUCT_UNTESTED_CODES,
} from '../../pipeline/contract/hotspotCodes.ts';
import { journalMarts, marts, type MartName } from '../../pipeline/contract/marts.ts';
import { sampleWarehouse } from '../e2e/sampleWarehouse.ts';
import { ROOT, query, runCli, tempDir } from './cli-harness.ts';
import { checkMartContracts } from '../../pipeline/contract/check.ts';
import { openDb } from '../../pipeline/db.ts';

let dir: string;
let db: string;
beforeAll(async () => {
  dir = await tempDir();
  db = await sampleWarehouse(dir);
}, 600_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

const allMarts = { ...marts, ...journalMarts };

describe('mart contracts', () => {
  it.each([
    ['sql/marts', marts],
    ['sql/journal', journalMarts],
  ] as const)(
    'every mart in %s has a contract, and every contract a mart, registered',
    async (folder, registry) => {
      const files = await readdir(join(ROOT, folder));
      const models = files.filter((f) => f.endsWith('.sql')).map((f) => f.replace(/\.sql$/, ''));
      const contracts = files
        .filter((f) => f.endsWith('.contract.ts'))
        .map((f) => f.replace(/\.contract\.ts$/, ''));
      expect(contracts.sort()).toEqual(models.sort());
      expect(Object.keys(registry).sort()).toEqual(models.sort());
      for (const [name, contract] of Object.entries(registry)) expect(contract.name).toBe(name);
    },
  );

  it.each(Object.keys(allMarts) as MartName[])(
    '%s has the declared columns and kinds',
    async (name) => {
      const actual = await query<{ column_name: string; data_type: string }>(
        db,
        `select column_name, data_type from information_schema.columns
       where table_name = '${name}' order by ordinal_position`,
      );
      expect(actual.length, `${name} is not in the warehouse`).toBeGreaterThan(0);
      expect(
        actual.map((c) => [c.column_name, kindOfDuckDbType(c.data_type) ?? c.data_type]),
      ).toEqual(Object.entries(allMarts[name].columns));
    },
  );

  it.each(Object.keys(allMarts) as MartName[])(
    '%s has no two rows with the same key',
    async (name) => {
      const columns: readonly string[] = allMarts[name].key;
      const key = columns.map((k) => `"${k}"`).join(', ');
      const [row] = await query<{ rows: bigint; keys: bigint }>(
        db,
        `select count(*) as rows, count(distinct (${key})) as keys from ${name}`,
      );
      expect(Number(row.keys)).toBe(Number(row.rows));
    },
  );
});

describe('dimensions (pipeline/contract/dimensions.ts)', () => {
  const dimensionsOf = async (mart: string) =>
    (
      await query<{ dimension: string }>(
        db,
        `select distinct dimension from ${mart} order by dimension`,
      )
    ).map((r) => r.dimension);

  it('are the breakdowns the KPI and series marts carry', async () => {
    for (const mart of ['mart_kpis_monthly', 'mart_kpis_weekly'])
      expect(await dimensionsOf(mart), mart).toEqual([...KPI_DIMENSIONS].sort());
    for (const mart of ['mart_series_monthly', 'mart_series_weekly'])
      expect(await dimensionsOf(mart), mart).toEqual([...SERIES_DIMENSIONS].sort());
  });
});

describe('hot-spot reason codes (pipeline/contract/hotspotCodes.ts)', () => {
  // codes, not prose: every value the sample's hot-spot marts carry is a declared code, which the
  // catalogue words in both languages (tests/unit/messages/hotspots.test.ts)
  const valuesOf = async (mart: string, expression: string) =>
    (
      await query<{ value: string }>(
        db,
        `select distinct value from (select ${expression} as value from ${mart}) where value is not null`,
      )
    ).map((r) => r.value);

  it.each([
    ['mart_batch_hotspots', 'untested_because', BATCH_UNTESTED_CODES],
    ['mart_batch_hotspots', 'not_hotspot_because', NOT_HOTSPOT_CODES],
    ['mart_batch_hotspots', 'unnest(flag_basis)', FLAG_BASES],
    ['mart_batch_hotspots', 'rate_baseline_level', BASELINE_LEVELS],
    ['mart_batch_hotspots', 'mix_comparison_level', BASELINE_LEVELS],
    ['mart_product_hotspots', 'untested_because', PRODUCT_UNTESTED_CODES],
    ['mart_product_hotspots', 'baseline_group', PRODUCT_BASELINE_GROUPS],
  ] as const)('%s.%s', async (mart, expression, codes) => {
    const values = await valuesOf(mart, expression);
    for (const value of values) expect(codes as readonly string[], value).toContain(value);
  });

  it('the sample has reasons to word: untested batches and products, and ranked hot spots', async () => {
    expect((await valuesOf('mart_batch_hotspots', 'untested_because')).length).toBeGreaterThan(0);
    expect((await valuesOf('mart_product_hotspots', 'untested_because')).length).toBeGreaterThan(0);
    const [ranks] = await query<{ hot: bigint; ranked: bigint; top: number }>(
      db,
      `select count(*) filter (where is_hotspot) as hot, count(rank) as ranked, min(rank) as top
       from mart_batch_hotspots`,
    );
    expect(Number(ranks.ranked)).toBe(Number(ranks.hot));
    if (Number(ranks.hot) > 0) expect(Number(ranks.top)).toBe(1);
  });
});

describe('a warehouse built by another version (pipeline/contract/check.ts)', () => {
  it('the sample built by this version matches', async () => {
    const handle = await openDb(db, { readOnly: true });
    try {
      expect(await checkMartContracts(handle)).toEqual({ state: 'ok', problems: [] });
    } finally {
      handle.close();
    }
  });

  it('is refused by `serve` and `report` with what differs and the command that fixes it', async () => {
    const old = join(dir, 'older.duckdb');
    await copyFile(db, old);
    // what the previous version's mart_trend_alerts looked like: prose, no window or alarm limit
    const instance = await DuckDBInstance.create(old);
    const conn = await instance.connect();
    await conn.run(`alter table mart_trend_alerts drop column window_periods;
                    alter table mart_trend_alerts add column reason_zh varchar;
                    drop table mart_control_chart`);
    conn.closeSync();
    instance.closeSync();

    const expected = [
      'built by another version of Complaint Lens',
      'mart_control_chart is missing',
      'mart_trend_alerts lacks window_periods; has reason_zh no longer read',
      `complaint-lens build --db ${old}`,
    ];
    const serve = await runCli(['serve', '--db', old, '--no-auth', '--port', '1']);
    expect(serve.code).toBe(2);
    for (const text of expected) expect(serve.stderr).toContain(text);
    const report = await runCli(['report', '--db', old, '--out', join(dir, 'r.html')]);
    expect(report.code).toBe(2);
    for (const text of expected) expect(report.stderr).toContain(text);
  });

  it('an unbuilt warehouse (loaded, models never built) is refused by `report` with the build command', async () => {
    const unbuilt = join(dir, 'unbuilt.duckdb');
    await copyFile(db, unbuilt);
    const instance = await DuckDBInstance.create(unbuilt);
    const conn = await instance.connect();
    const models = new Set<string>(Object.keys(marts));
    const built = (
      await conn.runAndReadAll(
        `select table_name, table_type from information_schema.tables where starts_with(table_name, 'mart_')`,
      )
    ).getRowObjectsJson();
    // the model marts go; the journal marts (also mart_*, created by every write) stay, and must
    // not make the warehouse look built
    for (const m of built.filter((m) => models.has(String(m.table_name))))
      await conn.run(`drop ${m.table_type === 'VIEW' ? 'view' : 'table'} ${String(m.table_name)}`);
    const left = built.map((m) => String(m.table_name)).filter((n) => !models.has(n));
    expect(left.sort()).toEqual(Object.keys(journalMarts).sort());
    conn.closeSync();
    instance.closeSync();
    const handle = await openDb(unbuilt, { readOnly: true });
    try {
      expect(await checkMartContracts(handle)).toEqual({ state: 'unbuilt', problems: [] });
    } finally {
      handle.close();
    }
    const report = await runCli(['report', '--db', unbuilt, '--out', join(dir, 'u.html')]);
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('has no models yet');
    expect(report.stderr).toContain(`complaint-lens build --db ${unbuilt}`);
  });

  it('covers the run journal the readers take unguarded, and `build` migrates it', async () => {
    const old = join(dir, 'older-journal.duckdb');
    await copyFile(db, old);
    // a warehouse from before the column mappings were recorded
    const instance = await DuckDBInstance.create(old);
    const conn = await instance.connect();
    await conn.run(`drop table load_mappings;
                    alter table load_runs drop column derivation;
                    alter table load_runs drop column missing_fields`);
    conn.closeSync();
    instance.closeSync();

    const serve = await runCli(['serve', '--db', old, '--no-auth', '--port', '1']);
    expect(serve.code).toBe(2);
    expect(serve.stderr).toContain('load_mappings is missing');
    expect(serve.stderr).toContain('load_runs lacks derivation, missing_fields');
    const build = await runCli(['build', '--db', old]);
    expect(build.code, build.stderr).toBe(0);
    const handle = await openDb(old, { readOnly: true });
    try {
      expect(await checkMartContracts(handle)).toEqual({ state: 'ok', problems: [] });
    } finally {
      handle.close();
    }
  });
});
