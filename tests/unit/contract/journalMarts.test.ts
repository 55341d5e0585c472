// The journal marts (sql/journal/): views over the run journal and the complaint versions, created
// with the base tables by applyBaseTables, so they exist and are current right after an ingest.
// Their columns and kinds against their contracts, what they derive, and that the contract check
// covers them without taking them for built models.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkMartContracts } from '../../../pipeline/contract/check.ts';
import { kindOfDuckDbType } from '../../../pipeline/contract/define.ts';
import { journalMarts, martRow, type JournalMartName } from '../../../pipeline/contract/marts.ts';
import { openDb, type Db } from '../../../pipeline/db.ts';
import { applyBaseTables } from '../../../pipeline/warehouse/init.ts';
import { modelTableStatements } from '../../helpers/modelTables.ts';

let db: Db;
beforeEach(async () => {
  db = await openDb(':memory:');
  await applyBaseTables(db);
});
afterEach(() => db.close());

describe('journal marts', () => {
  it.each(Object.keys(journalMarts) as JournalMartName[])(
    '%s is created by applyBaseTables with the declared columns and kinds',
    async (name) => {
      const actual = await db.all<{ column_name: string; data_type: string }>(
        `select column_name, data_type from information_schema.columns
         where table_name = $name order by ordinal_position`,
        { name },
      );
      expect(
        actual.map((c) => [c.column_name, kindOfDuckDbType(c.data_type) ?? c.data_type]),
      ).toEqual(Object.entries(journalMarts[name].columns));
    },
  );

  it('are current as soon as the journal is written, and applying again keeps them', async () => {
    await db.run(
      `insert into load_runs (run_id, file, kind, started_at, status, rows_read, rows_new, rows_rejected)
       values (1, 'a.csv', 'complaints', timestamp '2026-01-01 02:00:00', 'ok', 5, 4, 1),
              (2, 'a.csv', 'complaints', timestamp '2026-01-02 02:00:00', 'ok', 5, 4, 0)`,
    );
    await applyBaseTables(db); // the next write
    const rows = (await db.all('select * from mart_load_runs order by run_id')).map((json) =>
      martRow('mart_load_runs', json),
    );
    expect(rows.map((r) => [r.run_id, r.accounting_ok])).toEqual([
      [1, true],
      [2, false],
    ]);
  });

  it('mart_load_mappings marks each file’s latest load and ranks files by recency', async () => {
    await db.run(
      `insert into load_runs (run_id, file, kind, started_at, status, derivation)
       values (2, 'b.csv', 'complaints', timestamp '2026-01-02 02:00:00', 'ok', 'batch = model_year');
       insert into load_mappings values
         (1, 'a.csv', 0, 'id', 'complaint_id', 'synonym', 1, ''),
         (1, 'b.csv', 0, 'id', 'complaint_id', 'synonym', 1, ''),
         (2, 'b.csv', 0, '编号', 'complaint_id', 'synonym', 1, '')`,
    );
    const rows = (await db.all('select * from mart_load_mappings order by run_id, file')).map(
      (json) => martRow('mart_load_mappings', json),
    );
    expect(
      rows.map((r) => [r.run_id, r.file, r.is_latest_of_file, r.file_recency, r.derivation]),
    ).toEqual([
      [1, 'a.csv', true, 2, null],
      [1, 'b.csv', false, 1, null],
      [2, 'b.csv', true, 1, 'batch = model_year'],
    ]);
  });

  it('mart_data_tests and mart_model_runs hold the latest build only', async () => {
    await db.run(
      `insert into data_test_results values (6, 'old', 'error', 9, 'fail', null), (7, 't', 'warn', 1, 'warn', null);
       insert into model_runs values
         (6, 'm', timestamp '2026-01-01 02:00:00', 1, 5, 'success', null),
         (7, 'm', timestamp '2026-01-02 02:00:01', 1, 5, 'success', null),
         (7, 'n', timestamp '2026-01-02 02:00:00', null, 1, 'error', 'boom')`,
    );
    expect((await db.all('select test from mart_data_tests')).map((r) => r.test)).toEqual(['t']);
    const runs = (await db.all('select * from mart_model_runs order by model')).map((json) =>
      martRow('mart_model_runs', json),
    );
    expect(runs.map((r) => [r.run_id, r.model, r.build_started_at, r.is_failed])).toEqual([
      [7, 'm', '2026-01-02 02:00:00', false],
      [7, 'n', '2026-01-02 02:00:00', true],
    ]);
  });
});

describe('mart_actions', () => {
  it('lists the actions file’s rows as loaded, the product trimmed as stg_actions trims it', async () => {
    await db.run(
      `insert into actions values
         ('P1 ', 'B1', 'leak', 'leak', 'recall', date '2026-01-05', null, 'R-7', 'a.csv'),
         ('P1', 'B1', null, '', 'containment', date '2026-01-02', date '2026-01-04', null, 'a.csv')`,
    );
    const rows = (await db.all('select * from mart_actions order by opened_on')).map((json) =>
      martRow('mart_actions', json),
    );
    expect(
      rows.map((r) => [r.product, r.action_type, r.component, r.opened_on, r.closed_on]),
    ).toEqual([
      ['P1', 'containment', null, '2026-01-02', '2026-01-04'],
      ['P1', 'recall', 'leak', '2026-01-05', null],
    ]);
  });
});

describe('checkMartContracts and the journal marts', () => {
  it('a warehouse never built (journal marts only) is unbuilt, not built', async () => {
    expect(await checkMartContracts(db)).toEqual({ state: 'unbuilt', problems: [] });
  });

  it('a journal mart that differs from its contract makes the warehouse outdated', async () => {
    await db.run('create or replace view mart_rejects as select run_id, file, reason from rejects');
    const check = await checkMartContracts(db);
    expect(check.state).toBe('outdated');
    expect(check.problems).toEqual(['mart_rejects lacks row_number, message, raw, complaint_id']);
  });

  it('a built warehouse (model marts as declared) is ok', async () => {
    for (const statement of modelTableStatements()) await db.run(statement);
    expect(await checkMartContracts(db)).toEqual({ state: 'ok', problems: [] });
  });
});
