// The root-cause SQL models (sql/intermediate/int_cluster_*.sql, sql/marts/mart_root_cause*.sql) and
// their data tests on fixture rows in an in-memory DuckDB: zero-filled weekly series, Pareto
// cumulative shares, the trend slope, lift flags with their multiple-testing control, refined
// categories, shares adding up.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../pipeline/db.ts';
import { ensureClusterTables } from '../../../pipeline/cluster/store.ts';

const SQL = fileURLToPath(new URL('../../../sql/', import.meta.url));
const MODELS = [
  'intermediate/int_cluster_assignments',
  'intermediate/int_cluster_lift',
  'marts/mart_root_cause_weekly',
  'marts/mart_root_causes',
  'marts/mart_root_cause_pareto',
];

function sqlOf(file: string): string {
  return readFileSync(join(SQL, file), 'utf8').replace(/;\s*$/, '');
}

let db: Db;

beforeAll(async () => {
  db = await openDb(':memory:', { threads: 1 });
  await db.run(readFileSync(join(SQL, 'macros/stats.sql'), 'utf8'));
  await db.run(readFileSync(join(SQL, 'macros/pareto.sql'), 'utf8'));
  await ensureClusterTables(db);
  // 3 clusters over 12 weeks (Mondays from 2026-01-05):
  //   1 "压缩机噪音": 10 a week, half of them on product P1 batch B1 (P1/B1 is 5 % of the rest);
  //   2 "物流慢": growing, week w has 2 + 2w complaints;
  //   3 "发票": 3 complaints in week 0 only (then silent: zero-filled weeks).
  // plus 20 unassigned complaints and 2 invalid ones (out of scope).
  await db.run(`
    create table int_complaints_enriched as
    with c1 as (
        select 'A' || w || '-' || i as complaint_id, w, i % 2 = 0 as hot, '产品质量' as category, 1 as cluster_id
        from range(12) t(w), range(10) s(i)
    ),
    c2 as (
        select 'B' || w || '-' || i as complaint_id, w, false as hot, '服务态度' as category, 2 as cluster_id
        from range(12) t(w), range(40) s(i) where i < 2 + 2 * w
    ),
    c3 as (
        select 'C0-' || i as complaint_id, 0 as w, false as hot, '合同/购销' as category, 3 as cluster_id from range(3) s(i)
    ),
    u as (
        select 'U' || i as complaint_id, i % 12 as w, false as hot, '其他' as category, null as cluster_id from range(20) s(i)
    ),
    bad as (
        select 'X' || i as complaint_id, 0 as w, false as hot, '其他' as category, null as cluster_id from range(2) s(i)
    ),
    background as (
        select 'P' || i as complaint_id, i % 12 as w, i % 20 = 0 as hot, '其他' as category, -1 as cluster_id from range(400) s(i)
    ),
    all_rows as (select * from c1 union all select * from c2 union all select * from c3 union all select * from u union all select * from bad union all select * from background)
    select
        complaint_id,
        timestamp '2026-01-05 10:00:00' + to_days(cast(w * 7 as integer)) as received_at,
        date '2026-01-05' + cast(w * 7 as integer) as week_start,
        date '2026-01-01' as month_start,
        case when hot then 'P1' else 'P' || (hash(complaint_id) % 10 + 2) end as product,
        '冰箱' as product_category,
        case when hot then 'B1' else 'B' || (hash(complaint_id) % 10 + 2) end as batch,
        '广东' as region,
        '客服热线' as channel,
        category,
        'type' as category_source,
        not starts_with(complaint_id, 'X') as is_valid,
        cluster_id as fixture_cluster
    from all_rows`);
  await db.run(
    `create table stg_complaints as select complaint_id, '描述 ' || complaint_id as description from int_complaints_enriched`,
  );
  // Background complaints belong to a 4th cluster so that lift has a reference population.
  await db.run(`insert into complaint_clusters
    select complaint_id, case when fixture_cluster = -1 then 4 else fixture_cluster end, 0.3, 1
    from int_complaints_enriched where is_valid`);
  await db.run(`insert into cluster_labels (cluster_id, label, category, category_share, complaints, active, created_build, updated_build, top_terms, representative_ids) values
    (1, '压缩机噪音 · 异响', '产品质量', 1.0, 120, true, 1, 1, ['压缩机噪音', '异响'], ['A0-0', 'A0-1', 'A0-2']),
    (2, '物流太慢 · 快递', '物流运输', 1.0, 156, true, 1, 1, ['物流太慢'], ['B0-0']),
    (3, '发票 · 抬头', '合同/购销', 1.0, 3, true, 1, 1, ['发票'], ['C0-0']),
    (4, '其他', '其他', 1.0, 400, true, 1, 1, [], []),
    (5, 'retired', '其他', 1.0, 0, false, 1, 1, [], [])`);
  for (const m of MODELS) await db.run(`create table ${m.split('/')[1]} as ${sqlOf(`${m}.sql`)}`);
});
afterAll(() => db.close());

describe('root-cause marts', () => {
  it('int_cluster_assignments: valid complaints only, refined category from the cluster', async () => {
    expect(Number(await db.scalar('select count(*) from int_cluster_assignments'))).toBe(
      120 + 156 + 3 + 20 + 400,
    );
    const r = await db.one<{
      category: string;
      refined_category: string;
      is_category_refined: boolean;
    }>("select * from int_cluster_assignments where complaint_id = 'B3-0'");
    expect(r).toMatchObject({
      category: '服务态度',
      refined_category: '物流运输',
      is_category_refined: true,
    });
    const u = await db.one<{ refined_category: string; is_unassigned: boolean }>(
      "select * from int_cluster_assignments where complaint_id = 'U1'",
    );
    expect(u).toMatchObject({ refined_category: '其他', is_unassigned: true });
  });

  it('mart_root_cause_weekly: every active cluster × every week, zero-filled', async () => {
    expect(Number(await db.scalar('select count(*) from mart_root_cause_weekly'))).toBe(4 * 12);
    const c3 = await db.all<{ complaints: number }>(
      'select complaints from mart_root_cause_weekly where cluster_id = 3 order by week',
    );
    expect(c3.map((r) => Number(r.complaints))).toEqual([3, ...Array(11).fill(0)]);
  });

  it('mart_root_causes: shares add up with the unassigned share; growing cluster has a positive slope', async () => {
    const rows = await db.all<{
      cluster_id: number;
      complaints: number;
      share: number;
      trend_slope: number;
      unassigned_share: number;
      first_seen: string;
      representative_texts: string[];
    }>('select * from mart_root_causes order by cluster_id');
    expect(rows.map((r) => r.cluster_id)).toEqual([1, 2, 3, 4]);
    const total = rows.reduce((s, r) => s + Number(r.share), 0) + Number(rows[0].unassigned_share);
    expect(total).toBeCloseTo(1, 9);
    expect(Number(rows[0].trend_slope)).toBeCloseTo(0, 9);
    // Cluster 2: weeks 0..10 in the window (week 11 is the last, excluded) → 2 + 2w, slope 2.
    expect(Number(rows[1].trend_slope)).toBeCloseTo(2, 9);
    expect(rows[0].representative_texts).toEqual(['描述 A0-0', '描述 A0-1', '描述 A0-2']);
  });

  it('int_cluster_lift: the hot product/batch of cluster 1 is flagged, with BH control', async () => {
    const hot = await db.all<{
      cluster_id: number;
      dimension: string;
      value: string;
      lift: number;
      q_value: number;
    }>('select * from int_cluster_lift where over_represented order by 1, 2');
    expect(hot.map((h) => `${h.cluster_id}:${h.dimension}:${h.value}`)).toEqual([
      '1:batch:B1',
      '1:product:P1',
    ]);
    expect(hot.every((h) => h.lift > 3 && h.q_value < 1e-6)).toBe(true);
    const causes = await db.one<{ hot_batches: string[] }>(
      'select hot_batches from mart_root_causes where cluster_id = 1',
    );
    expect(causes!.hot_batches[0]).toMatch(/^B1 ×/);
  });

  it('mart_root_cause_pareto: ranked by volume, cumulative share reaches 1, vital few up to 80 %', async () => {
    const rows = await db.all<{
      rank: number;
      cluster_id: number;
      cumulative_share: number;
      is_vital_few: boolean;
    }>('select * from mart_root_cause_pareto order by rank');
    expect(rows.map((r) => r.cluster_id)).toEqual([4, 2, 1, 3]);
    expect(Number(rows.at(-1)!.cumulative_share)).toBeCloseTo(1, 9);
    expect(rows.map((r) => r.is_vital_few)).toEqual([true, true, false, false]);
  });

  it('the cluster data tests pass on consistent data and catch an orphan assignment', async () => {
    const tests = readdirSync(join(SQL, 'tests')).filter((f) => f.includes('cluster'));
    expect(tests.length).toBeGreaterThanOrEqual(5);
    for (const t of tests) {
      if (t.startsWith('warn_')) continue;
      expect(Number(await db.scalar(`select count(*) from (${sqlOf(`tests/${t}`)})`)), t).toBe(0);
    }
    await db.run("insert into complaint_clusters values ('ORPHAN', 5, 0.1, 1)");
    expect(
      Number(
        await db.scalar(
          `select count(*) from (${sqlOf('tests/relationships_complaint_clusters_cluster_labels.sql')})`,
        ),
      ),
    ).toBe(1);
    await db.run("delete from complaint_clusters where complaint_id = 'ORPHAN'");
    await db.run(
      'insert into mart_root_cause_weekly select * from mart_root_cause_weekly where cluster_id = 3 limit 1',
    );
    const reconcile = await db.all<{ check_name: string }>(
      sqlOf('tests/cluster_marts_reconcile.sql'),
    );
    expect(reconcile.map((r) => r.check_name).sort()).toEqual(['weekly', 'weekly grain']);
  });
});
