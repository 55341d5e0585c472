// mart_data_quality on hand-written load bookkeeping, and the core data tests in sql/tests/
// catching what they are for (each broken fixture must fail the build, or warn).
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../pipeline/db.ts';
import { BuildError } from '../../../pipeline/models/index.ts';
import { build, fixtureDb, insertComplaints, rows, type ComplaintRow } from './helpers.ts';

let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

const BASIC: ComplaintRow[] = [
  {
    complaint_id: 'D1',
    received_at: '2024-01-02 10:00:00',
    complaint_type: '质量',
    status: 'open',
  },
  {
    complaint_id: 'D2',
    received_at: '2024-01-03 10:00:00',
    complaint_type: '物流',
    status: 'closed',
    resolved_at: '2024-01-04 10:00:00',
  },
];

async function warehouse(): Promise<Db> {
  db = await fixtureDb();
  await insertComplaints(db, BASIC);
  return db;
}

describe('mart_data_quality', () => {
  it('reports each load, each field and each reject reason', async () => {
    const d = await warehouse();
    await d.run(`
      insert into load_runs (run_id, file, started_at, status, rows_read, rows_new, rows_updated, rows_unchanged, rows_rejected)
      values (2, 'a.csv', timestamp '2024-02-01 09:00', 'success', 10, 6, 2, 0, 2),
             (3, 'b.csv', timestamp '2024-02-02 09:00', 'success', 5, 0, 0, 5, 0)`);
    await d.run(`
      insert into field_quality values
        (2, 'a.csv', 'received_at', '受理时间', 10, 0, 1, '昨天'),
        (2, 'a.csv', 'channel', '渠道', 10, 4, 0, null),
        (2, 'a.csv', 'satisfaction', '满意度', 10, 2, 3, '还凑合')`);
    await d.run(`
      insert into rejects values
        (2, 'a.csv', 3, 'missing_complaint_id', 'no id', 'raw3', null),
        (2, 'a.csv', 7, 'unparseable_received_at', 'bad date', 'raw7', 'X7')`);
    await build(d);

    const load = await rows(
      d,
      "select * from mart_data_quality where run_id = 2 and row_type = 'load'",
    );
    expect(load).toHaveLength(1);
    expect(load[0]).toMatchObject({
      file: 'a.csv',
      name: null,
      rows_read: 10,
      rows_rejected: 2,
      reject_rate: 0.2,
      accounting_ok: true,
      rejects: 2,
      is_latest_run: false,
    });

    const fields = await rows(
      d,
      "select name, source_header, field_rows, null_rate, unparsed_rate, missing_rate, unparsed_example from mart_data_quality where run_id = 2 and row_type = 'field' order by name",
    );
    expect(fields).toEqual([
      {
        name: 'channel',
        source_header: '渠道',
        field_rows: 10,
        null_rate: 0.4,
        unparsed_rate: 0,
        missing_rate: 0.4,
        unparsed_example: null,
      },
      {
        name: 'received_at',
        source_header: '受理时间',
        field_rows: 10,
        null_rate: 0,
        unparsed_rate: 0.1,
        missing_rate: 0.1,
        unparsed_example: '昨天',
      },
      {
        name: 'satisfaction',
        source_header: '满意度',
        field_rows: 10,
        null_rate: 0.2,
        unparsed_rate: 0.3,
        missing_rate: 0.5,
        unparsed_example: '还凑合',
      },
    ]);

    const reasons = await rows(
      d,
      "select name, rejects, reject_share, example_message, example_row_number from mart_data_quality where run_id = 2 and row_type = 'reject_reason' order by name",
    );
    expect(reasons).toEqual([
      {
        name: 'missing_complaint_id',
        rejects: 1,
        reject_share: 0.1,
        example_message: 'no id',
        example_row_number: 3,
      },
      {
        name: 'unparseable_received_at',
        rejects: 1,
        reject_share: 0.1,
        example_message: 'bad date',
        example_row_number: 7,
      },
    ]);

    const latest = await rows(
      d,
      "select run_id, file, is_latest_run, rejects from mart_data_quality where row_type = 'load' order by run_id",
    );
    expect(latest).toEqual([
      { run_id: 1, file: 'fixture.csv', is_latest_run: false, rejects: 0 },
      { run_id: 2, file: 'a.csv', is_latest_run: false, rejects: 2 },
      { run_id: 3, file: 'b.csv', is_latest_run: true, rejects: 0 },
    ]);
  });
});

describe('core data tests', () => {
  /** Tests that found problems, and whether they blocked the build (integrity tests only). */
  async function findings(
    setup: (d: Db) => Promise<void>,
  ): Promise<{ blocked: boolean; tests: string[] }> {
    const d = await warehouse();
    await setup(d);
    const outcome = await build(d).then(
      (summary) => ({ blocked: false, summary }),
      (e: unknown) => {
        expect(e).toBeInstanceOf(BuildError);
        return { blocked: true, summary: (e as BuildError).summary };
      },
    );
    return {
      blocked: outcome.blocked,
      tests: outcome.summary.tests.filter((t) => t.status !== 'pass').map((t) => t.test),
    };
  }

  /** Tests that found problems in a build that must have been blocked by them. */
  async function failingTests(setup: (d: Db) => Promise<void>): Promise<string[]> {
    const { blocked, tests } = await findings(setup);
    expect(blocked, 'the build should fail').toBe(true);
    return tests;
  }

  it('pass on consistent data', async () => {
    const d = await warehouse();
    const summary = await build(d);
    expect(summary.tests.filter((t) => t.status !== 'pass')).toEqual([]);
    expect(summary.tests).toHaveLength(17);
  });

  it('catch a broken accounting identity', async () => {
    expect(
      await failingTests((d) => d.run('update load_runs set rows_read = rows_read + 1')),
    ).toEqual(['accounting_load_runs']);
  });

  it('warn about a status outside the codes and a satisfaction outside 0–1, without blocking', async () => {
    // Analytic checks (docs/data-tests.md): recorded and shown, never blocking the swap.
    const { blocked, tests: failed } = await findings(async (d) => {
      await d.run("update complaint_versions set status = 'pending' where complaint_id = 'D1'");
      await d.run("update complaint_versions set satisfaction = 1.5 where complaint_id = 'D2'");
    });
    // The out-of-range satisfaction also pushes satisfaction_avg above 1 in the KPI marts.
    expect(failed).toEqual([
      'accepted_range_complaints_measures',
      'accepted_values_complaints_status',
      'kpi_rates_in_range',
    ]);
    expect(blocked).toBe(false);
  });

  it('catch a complaint with two current versions, and a duplicated version key', async () => {
    // A second current version of D1 (ingest keeps exactly one) …
    const twoCurrent = await failingTests((d) =>
      d.run(
        "insert into complaint_versions select * replace (2 as version_no) from complaint_versions where complaint_id = 'D1'",
      ),
    );
    // … which also multiplies D1 in the enriched table (its joins are on complaint_id).
    expect(twoCurrent).toEqual([
      'relationships_complaints_versions',
      'unique_int_complaints_enriched_complaint_id',
    ]);
    db?.close();
    // The same (complaint_id, version_no) stored twice, once as a non-current copy.
    const sameKey = await failingTests((d) =>
      d.run(
        "insert into complaint_versions select * replace (false as is_current) from complaint_versions where complaint_id = 'D1'",
      ),
    );
    expect(sameKey).toEqual(['unique_complaints_keys']);
  });

  it('catch broken references (versions, load runs)', async () => {
    const failed = await failingTests(async (d) => {
      // D1 loses its current version (it would silently vanish from every KPI) …
      await d.run("update complaint_versions set is_current = false where complaint_id = 'D1'");
      // … D2 claims a load run that was never recorded, and a reject has no load.
      await d.run("update complaint_versions set load_run_id = 98 where complaint_id = 'D2'");
      await d.run("insert into rejects values (99, 'ghost.csv', 1, 'bad', null, 'raw', null)");
    });
    expect(failed).toEqual([
      'relationships_complaints_versions',
      'relationships_rejects_load_runs',
    ]);
  });

  it('only warn about a negative duration, which becomes NULL', async () => {
    const d = await warehouse();
    await d.run(
      "update complaint_versions set first_response_at = timestamp '2024-01-01 00:00' where complaint_id = 'D1'",
    );
    const summary = await build(d);
    expect(summary.tests.find((t) => t.test === 'warn_negative_durations')).toMatchObject({
      status: 'warn',
      failures: 1,
    });
    const r = await rows(
      d,
      "select first_response_hours, first_response_sla_met, has_time_error from int_complaints_enriched where complaint_id = 'D1'",
    );
    expect(r[0]).toEqual({
      first_response_hours: null,
      first_response_sla_met: null,
      has_time_error: true,
    });
  });
});
