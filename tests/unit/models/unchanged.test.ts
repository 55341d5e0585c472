// Kept tables (pipeline/models/unchanged.ts): a table model whose inputs hold the rows they held at
// its last build is kept, not rebuilt — and every table then equals what `--full-refresh` builds
// from the same data. Over the core models: a re-build of unchanged data keeps every table model;
// a new as-of, a status change, new volumes and a changed setting rebuild exactly what reads them;
// --full-refresh and --select rebuild regardless.
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../pipeline/db.ts';
import type { BuildSummary } from '../../../pipeline/models/index.ts';
import { openDb } from '../../../pipeline/db.ts';
import {
  InputTracker,
  tableFingerprint,
  type TrackedModel,
} from '../../../pipeline/models/unchanged.ts';
import {
  build,
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

const TABLES = [
  'int_kpi_aggregates',
  'int_kpi_units',
  'int_kpi_periods',
  'mart_kpis_monthly',
  'mart_kpis_weekly',
  'mart_data_quality',
];

function complaint(id: string, day: number, extra: Partial<ComplaintRow> = {}): ComplaintRow {
  return {
    complaint_id: id,
    received_at: `2024-02-${String(day).padStart(2, '0')} 10:00:00`,
    customer_id: `C${id}`,
    product: 'P1',
    batch: 'B1',
    complaint_type: '产品质量',
    description: '冰箱不制冷',
    channel: '客服热线',
    status: 'open',
    first_response_at: `2024-02-${String(day).padStart(2, '0')} 12:00:00`,
    ...extra,
  };
}

/** Models kept in a build, by name. */
function kept(summary: BuildSummary): string[] {
  return summary.models.filter((m) => m.message === 'kept: inputs unchanged').map((m) => m.model);
}

async function snapshot(db: Db): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) out[t] = await db.all(`select * from ${t} order by all`);
  return out;
}

/** Build (keeping what it may), then check every table equals a --full-refresh of the same data. */
async function buildAndCompare(db: Db, asOf?: string, user: Record<string, unknown> = {}) {
  const config = testConfig(user, asOf);
  const summary = await build(db, { config, skipTests: true });
  const after = await snapshot(db);
  // The fingerprints the incremental builds updated by their deltas are the tables' own.
  const stored = await db.all<{ model: string; fingerprint: string }>(
    'select model, fingerprint from model_fingerprints order by model',
  );
  expect(stored.length).toBeGreaterThan(8);
  for (const { model, fingerprint } of stored) {
    if (/^\d+:\d+$/.test(fingerprint)) {
      expect(fingerprint, model).toBe(await tableFingerprint(db, model));
    }
  }
  const full = await build(db, { config, skipTests: true, fullRefresh: true });
  expect(kept(full)).toEqual([]);
  expect(after).toEqual(await snapshot(db));
  return summary;
}

describe('kept tables', () => {
  it('keeps what a change does not reach and equals a full refresh after each night', async () => {
    const db = await fixtureDb();
    dbs.push(db);
    await insertComplaints(db, [
      complaint('A1', 1),
      complaint('A2', 2, { status: 'closed', resolved_at: '2024-02-03 10:00:00' }),
      complaint('A3', 5, { product: 'P2', batch: 'B2', complaint_type: '物流运输' }),
    ]);
    const first = await build(db, { skipTests: true });
    expect(kept(first)).toEqual([]);

    // Nothing changed: every table model is kept.
    const again = await buildAndCompare(db);
    expect(kept(again).sort()).toEqual([...TABLES].sort());

    // A new as-of rebuilds the models that read it (units in field, periods); the enrichment redoes
    // its open complaints' rows, but they come out the same, so the aggregates over them are kept.
    const asOf = await buildAndCompare(db, '2024-03-20 00:00:00');
    expect(kept(asOf).sort()).toEqual([
      'int_kpi_aggregates',
      'mart_data_quality',
      'mart_kpis_monthly',
      'mart_kpis_weekly',
    ]);

    // A status change and a new complaint: the KPIs are rebuilt.
    await loadNight(db, 2, [
      complaint('A1', 1, { status: 'closed', resolved_at: '2024-02-10 10:00:00' }),
      complaint('A4', 9),
    ]);
    const night = await buildAndCompare(db, '2024-03-20 00:00:00');
    expect(kept(night)).toEqual([]);

    // Volumes (a base table read through stg_volumes) rebuild what reads them.
    await insertVolumes(db, [{ product: 'P1', batch: 'B1', production_date: null, units: 100 }]);
    const volumes = await buildAndCompare(db, '2024-03-20 00:00:00');
    expect(kept(volumes)).toEqual(['mart_data_quality']);

    // A setting (cfg_settings) rebuilds the models that read it.
    const sla = await buildAndCompare(db, '2024-03-20 00:00:00', {
      sla: { firstResponseHours: 1 },
    });
    expect(kept(sla)).toEqual(['mart_data_quality']);
  });

  it('rebuilds on --full-refresh and what --select names', async () => {
    const db = await fixtureDb();
    dbs.push(db);
    await insertComplaints(db, [complaint('A1', 1), complaint('A2', 3)]);
    await build(db, { skipTests: true });
    expect(kept(await build(db, { skipTests: true, fullRefresh: true }))).toEqual([]);
    const selected = await build(db, { skipTests: true, select: 'int_kpi_aggregates+' });
    expect(selected.models.map((m) => m.model)).toContain('mart_kpis_monthly');
    expect(kept(selected)).toEqual([]);
    // Kept again once nothing changed.
    expect(kept(await build(db, { skipTests: true })).sort()).toEqual([...TABLES].sort());
  });

  it('rebuilds a table whose own table is gone', async () => {
    const db = await fixtureDb();
    dbs.push(db);
    await insertComplaints(db, [complaint('A1', 1)]);
    await build(db, { skipTests: true });
    await db.run('drop table mart_kpis_weekly');
    const summary = await build(db, { skipTests: true });
    expect(kept(summary)).not.toContain('mart_kpis_weekly');
    expect(Number(await db.scalar('select count(*) from mart_kpis_weekly'))).toBeGreaterThan(0);
  });
});

describe('InputTracker', () => {
  it('represents a big table by its inputs, and its dependants follow them', async () => {
    const db = await openDb(':memory:');
    dbs.push(db);
    await db.run('create table src as select range as a from range(10)');
    const model = (name: string, sql: string, deps: string[]): TrackedModel => ({
      name,
      sql,
      materialized: 'table',
      deps,
      identifiers: new Set(sql.toLowerCase().match(/\w+/g)),
    });
    const big = model('big', 'select a * 2 as b from src', []);
    const small = model('small', 'select sum(b) as s from big', ['big']);
    // A threshold of 0 values: every table is represented by its inputs.
    const tracker = () => new InputTracker(db, new Map([big, small].map((m) => [m.name, m])), 0);
    async function night(): Promise<string[]> {
      const t = tracker();
      await t.init();
      const built: string[] = [];
      for (const m of [big, small]) {
        const d = await t.decide(m);
        if (d.keep) continue;
        await db.run(`create or replace table ${m.name} as ${m.sql}`);
        await t.record(m.name, d.inputs);
        built.push(m.name);
      }
      return built;
    }
    expect(await night()).toEqual(['big', 'small']);
    const fp = await db.scalar<string>(
      `select fingerprint from model_fingerprints where model = 'big'`,
    );
    expect(fp).toMatch(/^inputs:[0-9a-f]{32}$/);
    expect(await night()).toEqual([]);
    await db.run('insert into src values (10)');
    expect(await night()).toEqual(['big', 'small']);
    expect(Number(await db.scalar('select s from small'))).toBe(110);
    expect(await night()).toEqual([]);
  });
});
