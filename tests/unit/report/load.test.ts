// Reading a report from the marts: fixture rows in an in-memory DuckDB (only the columns the
// report reads in the marts a test is about, the other marts and cfg_* tables empty, as a built
// warehouse has them all), checked against the selection rules — which periods, which hot spots,
// which recommendations, and empty parts for empty marts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../pipeline/db.ts';
import { discoverMacros } from '../../../pipeline/models/discover.ts';
import {
  dataRange,
  latestCompletePeriodStart,
  loadReportData,
} from '../../../pipeline/report/load.ts';
import { parsePeriod } from '../../../pipeline/report/period.ts';
import { applyBaseTables } from '../../../pipeline/warehouse/init.ts';
import { modelTableStatements } from '../../helpers/modelTables.ts';

let db: Db;

beforeEach(async () => {
  db = await openDb(':memory:');
  await applyBaseTables(db); // every warehouse has them (pipeline/contract/check.ts)
  for (const macro of await discoverMacros()) await db.run(macro.sql); // as the runner does
  // mart_kpis_monthly without redispatch_rate: the report must show null, not fail
  await db.run(`
    create table mart_kpis_monthly as
    select * from (values
      (date '2025-10-01', true,  'all', 'all', 776, null, 0.72),
      (date '2026-08-01', true,  'all', 'all', 967, 981,  0.69),
      (date '2026-09-01', true,  'all', 'all', 811, 967,  0.72),
      (date '2026-10-01', true,  'all', 'all', 765, 811,  0.63),
      (date '2026-11-01', false, 'all', 'all', 20,  765,  null),
      (date '2026-10-01', true,  'category', '产品质量', 337, 320, null),
      (date '2026-10-01', true,  'category', '售后维修', 139, 190, null),
      (date '2026-10-01', true,  'category', '价格', 0, 5, null),
      (date '2026-10-01', true,  'region', '(unknown)', 500, 100, null),
      (date '2026-10-01', true,  'region', '四川', 60, 60, null),
      (date '2026-10-01', true,  'department', '售后服务部', 250, 330, null)
    ) t(period_start, is_complete, dimension, member, complaints, prev_complaints, resolved_within_sla_rate)`);
  await db.run(`
    create table mart_batch_hotspots as
    select * from (values
      ('B-OLD', 'P1', true,  2, date '2025-12-13', 1e-9, 28, '原因 old', 'reason old', date '2026-10-31'),
      ('B-NEW', 'P2', true,  3, date '2026-10-11', 1e-3, 12, '原因 new', 'reason new', date '2026-10-31'),
      ('B-LATER', 'P3', true, 1, date '2026-11-02', 1e-12, 50, '原因 later', 'reason later', date '2026-10-31'),
      ('B-NOT', 'P4', false, null, null, 0.5, 3, null, null, date '2026-10-31')
    ) t(batch, product, is_hotspot, rank, first_flagged_on, q_value, complaints, reason_zh, reason_en, as_of_date)`);
  // the full column contract of mart_recommendations
  await db.run(`
    create table mart_recommendations (
      rec_id varchar, rank integer, priority varchar, rule varchar, subject_kind varchar,
      subject_key varchar, message_args json, owner_department varchar, evidence_json json,
      score double, first_raised_on date, last_evidence_on date, complaints bigint, drill varchar,
      as_of_date date)`);
  await db.run(`
    insert into mart_recommendations
    select 'R' || i, i, case when i <= 3 then 'P1' when i <= 8 then 'P2' else 'P3' end, 'batch_hotspot',
           'batch', 'B' || i, json_object('batch', 'B' || i, 'product', 'P'), '质量管理部', '{}', 100 - i,
           -- R14 raised in October 2026, the others earlier; the evidence of R1..R4 ends before
           -- 2026-W43 (19–25 Oct), that of R5 inside it, the rest after it
           case when i = 14 then date '2026-10-20' else date '2026-01-01' end,
           case when i <= 4 then date '2026-10-01' when i = 5 then date '2026-10-20' else date '2026-10-31' end,
           i * 10, 'batch=B' || i, date '2026-10-31'
    from range(1, 16) t(i)`);
  // what else a build writes, empty (the report reads it unguarded: pipeline/report/load.ts)
  for (const statement of modelTableStatements()) await db.run(statement);
});

afterEach(() => db.close());

describe('latestCompletePeriodStart / dataRange', () => {
  it('finds the latest complete month and the range of the data', async () => {
    expect(await latestCompletePeriodStart(db, 'monthly')).toBe('2026-10-01');
    expect(await latestCompletePeriodStart(db, 'weekly')).toBeUndefined(); // no weekly mart
    expect(await dataRange(db, 'monthly')).toEqual({ first: '2025-10-01', last: '2026-11-01' });
  });
});

describe('loadReportData', () => {
  it('reads the month, the month before and the same month a year ago', async () => {
    const data = await loadReportData(db, parsePeriod('2026-10'));
    expect(data.kpis.current?.values.complaints).toBe(765);
    expect(data.kpis.previous?.values.complaints).toBe(811);
    expect(data.kpis.yearAgo?.values.complaints).toBe(776);
    expect(data.kpis.current?.values.resolved_within_sla_rate).toBe(0.63);
    expect(data.kpis.current?.values.redispatch_rate).toBeNull(); // column missing
    expect(data.trend.map((p) => p.periodStart)).toEqual([
      '2025-10-01',
      '2026-08-01',
      '2026-09-01',
      '2026-10-01',
    ]);
  });

  it('lists categories with complaints and movers by absolute change, without (unknown) or unchanged members', async () => {
    const data = await loadReportData(db, parsePeriod('2026-10'));
    expect(data.categories.map((c) => c.member)).toEqual(['产品质量', '售后维修']);
    expect(data.movers.map((m) => `${m.member} ${m.complaints - m.previous}`)).toEqual([
      '售后服务部 -80',
      '售后维修 -51',
      '产品质量 17',
      '价格 -5',
    ]);
  });

  it('takes the batch hot spots flagged by the end of the period, new ones first', async () => {
    const data = await loadReportData(db, parsePeriod('2026-10'));
    expect(data.batchHotspots.map((b) => [b.batch, b.isNew])).toEqual([
      ['B-NEW', true],
      ['B-OLD', false],
    ]);
    expect(data.warehouse.asOfDate).toBe('2026-10-31');
  });

  it('monthly: the top 10 recommendations plus those raised in the month', async () => {
    const data = await loadReportData(db, parsePeriod('2026-10'));
    expect(data.recommendations.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14]);
    expect(data.recommendations.find((r) => r.rank === 14)?.isNew).toBe(true);
    expect(data.recommendations[0]).toMatchObject({
      recId: 'R1',
      priority: 'P1',
      titleEn: 'Batch B1 (P) has abnormally many quality complaints',
      complaints: 10,
      drill: 'batch=B1',
    });
  });

  it('weekly: the top 5 recommendations with evidence in or after the week', async () => {
    const data = await loadReportData(db, parsePeriod('2026-W43'));
    expect(data.recommendations.map((r) => r.rank)).toEqual([5, 6, 7, 8, 9]);
  });

  it("ranks the period's root causes by the dashboard's Pareto rule (ties by cluster id)", async () => {
    await db.run(`
      insert into mart_root_cause_weekly (cluster_id, week, complaints, label)
      select * from (values
        (10, date '2026-10-05', 30, 'c10'), (10, date '2026-10-12', 20, 'c10'),
        (9, date '2026-10-05', 25, 'c9'), (2, date '2026-10-19', 25, 'c2'),
        (7, date '2026-09-28', 99, 'c7'), (3, date '2026-10-26', 0, 'c3')
      ) t(cluster_id, week, complaints, label)`);
    const causes = (await loadReportData(db, parsePeriod('2026-10'))).rootCauses;
    expect(causes.threshold).toBe(0.8);
    expect(
      causes.rows.map((r) => [r.clusterId, r.rank, r.complaints, r.cumulativeShare, r.vitalFew]),
    ).toEqual([
      ['10', 1, 50, 0.5, true],
      ['2', 2, 25, 0.75, true], // ties with 9: the lower cluster id first
      ['9', 3, 25, 1, true], // 75 % before it: it crosses 80 %
    ]);
  });

  it('reads the English category labels of the taxonomy, {} when it has none', async () => {
    expect((await loadReportData(db, parsePeriod('2026-10'))).categoryLabels).toEqual({});
    await db.run(
      `insert into mart_categories values ('产品质量', 1, 'product quality'), ('其他', 9, null)`,
    );
    expect((await loadReportData(db, parsePeriod('2026-10'))).categoryLabels).toEqual({
      产品质量: 'product quality',
    });
  });

  it('gives empty parts for empty marts', async () => {
    const data = await loadReportData(db, parsePeriod('2026-W43'));
    expect(data.kpis).toEqual({ current: null, previous: null, yearAgo: null }); // no weekly KPIs
    expect(data.trend).toEqual([]);
    expect(data.rootCauses).toMatchObject({ weeks: [], rows: [] });
    expect(data.productHotspots).toEqual([]);
    expect(data.alerts).toEqual([]);
    expect(data.dataQuality).toEqual({ runs: [], tests: null }); // nothing loaded, nothing tested
    await db.run('delete from mart_recommendations');
    expect((await loadReportData(db, parsePeriod('2026-10'))).recommendations).toEqual([]);
  });
});
