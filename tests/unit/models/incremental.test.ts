// Incremental models (pipeline/models/incremental.ts): a nightly build of an incremental model gives
// exactly what a full refresh gives on the same data — for the real int_complaint_categories over
// the core models — and rebuilds in full when asked (--full-refresh) or when its configuration
// changes.
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../pipeline/db.ts';
import { buildModels, coreSqlDir } from '../../../pipeline/models/index.ts';
import { fixtureDb, insertComplaints, testConfig, type ComplaintRow } from './helpers.ts';

const dbs: Db[] = [];
afterEach(() => {
  for (const d of dbs.splice(0)) d.close();
});

const MODEL = 'int_complaint_categories';
const sqlDir = coreSqlDir();

function complaint(id: string, type: string | null, description: string): ComplaintRow {
  return {
    complaint_id: id,
    received_at: '2024-02-01 10:00:00',
    complaint_type: type,
    description,
    channel: '客服热线',
    status: 'open',
  };
}

/** A later load: new complaints, and a new current version of an existing one. */
async function nightlyLoad(db: Db, run: number, rows: ComplaintRow[]): Promise<void> {
  for (const r of rows) {
    await db.run(
      `update complaint_versions set is_current = false where complaint_id = $id and is_current`,
      { id: r.complaint_id },
    );
    await db.run(
      `insert into complaint_versions (complaint_id, received_at, complaint_type, description, channel, status,
                                       row_hash, version_no, is_current, first_loaded_run, load_run_id, source_file)
       select $id, $received::timestamp, $type, $description, $channel, $status, 'h' || $run,
              coalesce((select max(version_no) from complaint_versions where complaint_id = $id), 0) + 1,
              true, $run, $run, 'night.csv'`,
      {
        id: r.complaint_id,
        received: r.received_at,
        type: r.complaint_type ?? null,
        description: r.description ?? null,
        channel: r.channel ?? null,
        status: r.status ?? null,
        run: run,
      },
    );
    await db.run(
      `insert or ignore into load_runs (run_id, file, started_at, status, rows_read, rows_new)
       values ($run, 'night.csv', timestamp '2024-02-02', 'success', 0, 0)`,
      { run },
    );
  }
}

async function build(
  db: Db,
  fullRefresh = false,
  user: Record<string, unknown> = {},
  asOf?: string,
) {
  const logs: string[] = [];
  await buildModels(db, {
    sqlDir,
    config: testConfig(user, asOf),
    fullRefresh,
    log: (m) => logs.push(m),
    skipTests: true,
  });
  return logs.find((l) => l.includes(MODEL)) ?? '';
}

async function rowsOf(db: Db) {
  return db.all(`select * from ${MODEL} order by complaint_id`);
}

describe('incremental int_complaint_categories', () => {
  it('equals a full refresh after nightly loads of new and updated complaints', async () => {
    const db = await fixtureDb();
    dbs.push(db);
    await insertComplaints(db, [
      complaint('A1', '产品质量', '冰箱不制冷'),
      complaint('A2', null, '快递送货太慢，包装破损'),
      complaint('A3', '服务态度', '客服态度差'),
    ]);
    expect(await build(db)).toMatch(/\[full: no table yet\]/);

    await nightlyLoad(db, 2, [
      complaint('A2', '物流运输', '快递送货太慢'), // a new version changes its category
      complaint('A4', null, '价格太贵，收费不合理'),
    ]);
    expect(await build(db)).toMatch(/\[incremental: 2 changed keys\]/);
    const incremental = await rowsOf(db);

    expect(await build(db, true)).toMatch(/\[full: --full-refresh\]/);
    const full = await rowsOf(db);
    expect(incremental).toEqual(full);
    expect(full.map((r) => r.complaint_id)).toEqual(['A1', 'A2', 'A3', 'A4']);
    // Nothing loaded since: nothing to redo.
    expect(await build(db)).toMatch(/\[incremental: 0 changed keys\]/);
    expect(await rowsOf(db)).toEqual(full);
  });

  it('rebuilds in full when the configuration changes, not when only the as-of time does', async () => {
    const db = await fixtureDb();
    dbs.push(db);
    await insertComplaints(db, [complaint('B1', null, '冰箱不制冷')]);
    await build(db);
    expect(await build(db, false, {}, '2024-03-11 00:00:00')).toMatch(/\[incremental: 0/);
    expect(await build(db, false, { taxonomy: { minTextScore: 5 } })).toMatch(
      /\[full: its SQL, configuration or macros changed\]/,
    );
  });
});
