// Incremental models (pipeline/models/incremental.ts): a nightly build of an incremental model gives
// exactly what a full refresh gives on the same data — for the real int_complaint_categories,
// int_complaint_severity (repeat groups) and int_complaints_enriched (as-of, volumes) over the
// core models — and rebuilds in full when asked (--full-refresh) or when its configuration changes.
// tests/integration/incremental-cli.test.ts checks the same through the CLI with clustering and
// the marts.
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../pipeline/db.ts';
import { buildModels, coreSqlDir } from '../../../pipeline/models/index.ts';
import {
  fixtureDb,
  insertComplaints,
  insertVolumes,
  loadNight,
  testConfig,
  type ComplaintRow,
} from './helpers.ts';

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

    await loadNight(db, 2, [
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

const CHAIN = [
  'int_complaint_categories',
  'int_complaint_repeats',
  'int_complaint_severity',
  'int_complaints_enriched',
];

async function buildChain(db: Db, asOf: string, fullRefresh = false, select?: string) {
  const logs: string[] = [];
  await buildModels(db, {
    sqlDir,
    config: testConfig({}, asOf),
    fullRefresh,
    log: (m) => logs.push(m),
    skipTests: true,
    ...(select ? { select } : {}),
  });
  return Object.fromEntries(
    CHAIN.map((m) => [m, logs.find((l) => l.trimStart().startsWith(`${m} `)) ?? '']),
  );
}

async function chainRows(db: Db) {
  const out: Record<string, unknown[]> = {};
  for (const m of CHAIN) out[m] = await db.all(`select * from ${m} order by complaint_id`);
  return out;
}

function row(id: string, over: Partial<ComplaintRow>): ComplaintRow {
  return {
    complaint_id: id,
    received_at: '2024-02-01 10:00:00',
    channel: '客服热线',
    customer_id: 'C1',
    product: 'P1',
    description: '冰箱不制冷',
    status: 'resolved',
    first_response_at: '2024-02-01 12:00:00',
    resolved_at: '2024-02-02 10:00:00',
    ...over,
  };
}

describe('incremental enrichment chain (categories, repeats → severity → enriched)', () => {
  it('equals a full refresh after loads that move repeat groups, the as-of time and statuses', async () => {
    const db = await fixtureDb();
    dbs.push(db);
    await insertComplaints(db, [
      row('A1', { received_at: '2024-02-01 10:00:00' }),
      row('A2', { received_at: '2024-02-10 10:00:00' }), // repeat of A1
      row('B1', { customer_id: 'C2', product: 'P2', received_at: '2024-02-03 09:00:00' }),
      row('B2', { customer_id: 'C2', product: 'P2', received_at: '2024-02-05 09:00:00' }), // repeat of B1
      // open and not responded to: its SLA flags move with the as-of time alone
      row('O1', {
        customer_id: 'C9',
        status: 'open',
        first_response_at: null,
        resolved_at: null,
        received_at: '2024-03-08 10:00:00',
      }),
      row('R1', { customer_id: 'C8', product: 'P9', received_at: '2024-01-15 10:00:00' }),
    ]);
    const first = await buildChain(db, '2024-03-10 00:00:00');
    for (const m of CHAIN) expect(first[m]).toMatch(/\[full: /);

    await loadNight(db, 2, [
      // a new complaint before A1 of the same customer and product: A1 (unchanged) becomes a repeat
      row('A0', { received_at: '2024-01-25 10:00:00' }),
      // B1 moves to another customer: B2 (unchanged) is no longer a repeat
      row('B1', { customer_id: 'C3', product: 'P2', received_at: '2024-02-03 09:00:00' }),
      // a resolved complaint reopened, and a new text that changes its category and severity
      row('R1', {
        customer_id: 'C8',
        product: 'P9',
        status: 'open',
        resolved_at: null,
        description: '电源起火冒烟',
        received_at: '2024-01-15 10:00:00',
      }),
    ]);
    // a week later: O1 passes its response and resolution deadlines without a new version
    const night = await buildChain(db, '2024-03-17 00:00:00');
    expect(night.int_complaint_categories).toMatch(/\[incremental: 3 changed keys\]/);
    expect(night.int_complaint_repeats).toMatch(/\[incremental: /);
    expect(night.int_complaint_severity).toMatch(/\[incremental: /);
    expect(night.int_complaints_enriched).toMatch(/\[incremental: /);
    const incremental = await chainRows(db);

    const full = await buildChain(db, '2024-03-17 00:00:00', true);
    for (const m of CHAIN) expect(full[m]).toMatch(/\[full: --full-refresh\]/);
    const refreshed = await chainRows(db);
    expect(incremental).toEqual(refreshed);
    // the cases above did change something (else equality proves nothing)
    const flags = await db.all<{
      complaint_id: string;
      is_repeat: boolean;
      is_overdue_open: boolean;
    }>(
      `select complaint_id, is_repeat, is_overdue_open from int_complaints_enriched
       where complaint_id in ('A1', 'B2', 'O1') order by 1`,
    );
    expect(flags.map((f) => [f.complaint_id, f.is_repeat, f.is_overdue_open])).toEqual([
      ['A1', true, false],
      ['B2', false, false],
      ['O1', false, true],
    ]);
  });

  it('rebuilds in full when the products with volumes change or an upstream model was not built', async () => {
    const db = await fixtureDb();
    dbs.push(db);
    await insertComplaints(db, [row('V1', {})]);
    await buildChain(db, '2024-03-10 00:00:00');
    await insertVolumes(db, [{ product: 'P1', batch: 'B', production_date: null, units: 10 }]);
    const after = await buildChain(db, '2024-03-10 00:00:00');
    expect(after.int_complaint_categories).toMatch(/\[incremental: 0/);
    expect(after.int_complaints_enriched).toMatch(
      /\[full: its SQL, configuration or macros changed\]/,
    );
    const alone = await buildChain(db, '2024-03-10 00:00:00', false, 'int_complaints_enriched');
    expect(alone.int_complaints_enriched).toMatch(
      /\[full: int_complaint_categories, which it reads, was not built/,
    );
  });
});
