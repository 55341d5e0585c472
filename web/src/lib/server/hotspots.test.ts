// Hot-spot queries against a tiny warehouse (only the columns the dashboard reads). The heatmap's
// marts (mart_batch_heatmap, mart_batch_age_buckets) and the batch page's (weekly timeline, cause
// mix) are built from their SQL over the fixtures; tests/unit/hotspots/heatmap-models.test.ts and
// tests/unit/hotspots/batch-page-marts.test.ts cover their rules.
import { readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSort, type HotspotParams } from '../hotspots/params.ts';
import { loadBatch } from './hotspots/batch.ts';
import { batchWhere } from './hotspots/batchRows.ts';
import { loadAgeBuckets } from './hotspots/heatmap.ts';
import { loadHotspots } from './hotspots/list.ts';
import { MODEL_SETTINGS } from '../../../../pipeline/models/modelSettings.ts';
import { modelsBuilt } from './models.ts';
import { modelTableStatements } from '../../../../tests/helpers/modelTables.ts';
import { SQL_DIR, modelSql } from '../../../../tests/helpers/modelSql.ts';
import {
  serveWarehouse,
  stopServingWarehouse,
  warehouseDir,
  writeWarehouse,
  type WarehouseDir,
} from '../../../../tests/helpers/warehouse.ts';

let dir: WarehouseDir;

const view = (over: Partial<HotspotParams> = {}): HotspotParams => ({
  sort: defaultSort,
  show: 'all',
  age: null,
  metric: 'ratio',
  page: 1,
  ...over,
});

async function build(conn: DuckDBConnection, withMarts: boolean): Promise<void> {
  await conn.run('create table complaints (complaint_id varchar)');
  if (withMarts) {
    await conn.run(`
      create table mart_batch_hotspots as
      select * from (values
        -- product, category, batch, produced, age, units, complaints, observed, expected, ratio, lo, hi, q, hot, tested, untested
        ('P1', 'Fridge', 'B-HOT', date '2025-07-01', 120, 1000, 12, 10, 2.0, 5.0, 2.5, 9.0, 0.0001, true, true, null),
        ('P1', 'Fridge', 'B-OLD', date '2024-01-01', 667, 5000, 40, 30, 28.0, 1.07, 0.7, 1.5, 0.9, false, true, null),
        ('P1', 'Fridge', 'B-HIGH', date '2025-06-01', 150, 100, 3, 3, 0.2, 15.0, 3.0, 40.0, 0.2, false, true, null),
        ('P2', 'Washer', 'B-W1', date '2025-08-01', 89, 2000, 5, 4, 4.0, 1.0, 0.3, 2.5, 1.0, false, true, null),
        ('P2', 'Washer', 'B-NEW', date '2025-10-20', 10, 800, 0, 0, 0.1, null, null, null, null, false, false, 'too_young')
      ) as t(product, product_category, batch, production_date, age_days, units, complaints, observed, expected,
             rate_ratio, rate_ratio_lower, rate_ratio_upper, q_value, is_hotspot, is_tested, untested_because)`);
    await conn.run(`
      alter table mart_batch_hotspots add column units_at_risk bigint;
      update mart_batch_hotspots set units_at_risk = case when is_hotspot then units else 0 end;
      alter table mart_batch_hotspots add column flag_basis varchar[];
      update mart_batch_hotspots set flag_basis = case when is_hotspot then ['rate', 'cause_rate'] end;
      alter table mart_batch_hotspots add column first_flagged_on date;
      update mart_batch_hotspots set first_flagged_on = case when is_hotspot then date '2025-09-01' end;
      alter table mart_batch_hotspots add column as_of_date date default date '2025-10-30';
      alter table mart_batch_hotspots add column dominant_cluster_id varchar default '1';
      alter table mart_batch_hotspots add column dominant_cluster_label varchar default 'leak';
      alter table mart_batch_hotspots add column cause_rate_label varchar;
      alter table mart_batch_hotspots add column cause_rate_observed hugeint;
      alter table mart_batch_hotspots add column cause_rate_expected double;
      alter table mart_batch_hotspots add column cause_rate_ratio double;
      alter table mart_batch_hotspots add column comparator_batches bigint default 12;
      alter table mart_batch_hotspots add column rate_baseline_level varchar default 'product';
      alter table mart_batch_hotspots add column rate_reference_complaints bigint;
      alter table mart_batch_hotspots add column days_to_first_flag bigint;
      alter table mart_batch_hotspots add column is_covered_by_action boolean default false;
      alter table mart_batch_hotspots add column lead_time_days integer;
      update mart_batch_hotspots set is_covered_by_action = true, lead_time_days = 14 where batch = 'B-HOT';`);
    // actions: an open recall on B-HOT (two weeks after its first flag), a closed containment;
    // the journal mart over them from its SQL, as every write creates it
    await conn.run(`
      create table actions as
      select * from (values
        ('P1', 'B-HOT', null, '', 'containment', date '2025-09-05', date '2025-09-10', null, 'a.csv'),
        ('P1 ', 'B-HOT', 'leak', 'leak', 'recall', date '2025-09-15', null, 'R-7', 'a.csv'),
        ('P2', 'B-HOT', null, '', 'recall', date '2025-09-15', null, 'other product', 'a.csv')
      ) as t(product, batch, component, component_key, action_type, opened_on, closed_on, reference,
             source_file)`);
    await conn.run(`create view mart_actions as ${modelSql('journal/mart_actions')}`);
    // B-HOT: 12 complaints (8 'leak' = cluster 1), the other P1 batches 20 (2 leak, 18 noise)
    await conn.run(`
      create table mart_complaints as
      select 'H' || i as complaint_id, timestamp '2025-08-04 10:00:00' + to_days(cast(i * 5 as integer)) as received_at,
             'P1' as product, 'Fridge' as product_category, 'B-HOT' as batch,
             case when i < 8 then 1 else 2 end as cluster_id, case when i < 8 then 'leak' else 'noise' end as cluster_label,
             case when i % 3 = 0 then 'East' else 'West' end as region, 'quality' as category, 'open' as status,
             '<b>text</b> ' || i as description, 'app' as channel, 'QA' as department
      from range(12) t(i)
      union all
      select 'O' || i, timestamp '2025-02-03 10:00:00' + to_days(cast(i as integer)), 'P1', 'Fridge',
             case when i < 10 then 'B-OLD' else 'B-HIGH' end,
             case when i < 2 then 1 else 2 end, case when i < 2 then 'leak' else 'noise' end,
             'North', 'quality', 'closed', 'x', 'app', 'QA'
      from range(20) t(i)`);
    // the heatmap's buckets from the default settings, each batch's age_bucket as the mart joins
    // it, and the heatmap's marts from their SQL
    const setting = (key: string) => MODEL_SETTINGS[key].default;
    await conn.run(`
      create table int_batch_hotspot_settings as
      select [${setting('hotspots_heatmap_age_starts')}] as heatmap_age_starts,
             [0, ${setting('hotspots_age_bucket_edges')}] as age_bucket_starts,
             cast(${setting('hotspots_heatmap_min_expected')} as double) as heatmap_min_expected`);
    await conn.run(
      `create table int_batch_age_buckets as ${modelSql('intermediate/int_batch_age_buckets')}`,
    );
    await conn.run(`
      alter table mart_batch_hotspots add column age_bucket varchar;
      update mart_batch_hotspots set age_bucket = (
        select b.age_bucket from int_batch_age_buckets as b
        where age_days >= b.start_days and (b.end_days is null or age_days <= b.end_days));`);
    await conn.run(readFileSync(new URL('macros/heatmap.sql', SQL_DIR), 'utf8'));
    for (const mart of ['mart_batch_heatmap', 'mart_batch_age_buckets']) {
      await conn.run(`create table ${mart} as ${modelSql(`marts/${mart}`)}`);
    }
    // the batch page's marts, built from their SQL over these fixtures
    await conn.run(readFileSync(new URL('macros/mode.sql', SQL_DIR), 'utf8'));
    for (const mart of ['mart_batch_weekly', 'mart_batch_cause_mix']) {
      await conn.run(`create table ${mart} as ${modelSql(`marts/${mart}`)}`);
    }
    for (const statement of modelTableStatements()) await conn.run(statement);
  }
}

beforeAll(async () => {
  dir = await warehouseDir('complaint-lens-hotspots-');
  await writeWarehouse(dir.file(), (conn) => build(conn, true));
  await writeWarehouse(dir.file('bare.duckdb'), (conn) => build(conn, false));
  await serveWarehouse(dir.file());
});

afterAll(async () => {
  await stopServingWarehouse();
  await dir?.remove();
});

describe('loadAgeBuckets', () => {
  it('lists the warehouse’s buckets in order, the last open', async () => {
    const buckets = await loadAgeBuckets();
    expect(buckets.map((b) => b.key)).toEqual([
      '0-29',
      '30-59',
      '60-89',
      '90-179',
      '180-359',
      '360-719',
      '720+',
    ]);
    expect(buckets[3]).toEqual({ key: '90-179', min: 90, max: 179 });
    expect(buckets[6]).toEqual({ key: '720+', min: 720, max: null });
  });
});

describe('batchWhere', () => {
  it('binds every filter value and applies dates to the production date', () => {
    const where = batchWhere({
      product: "P1' or 1=1",
      from: '2025-01-01',
      to: '2025-12-31',
      channel: 'app',
    });
    expect(where.sql).toEqual([
      'product = $f_product',
      'production_date >= cast($f_from as date)',
      'production_date <= cast($f_to as date)',
    ]);
    expect(where.params).toEqual({
      f_product: "P1' or 1=1",
      f_from: '2025-01-01',
      f_to: '2025-12-31',
    });
  });
});

describe('loadHotspots', () => {
  it('keeps hot spots on top whatever the sort', async () => {
    const byRatio = await loadHotspots({}, view({ sort: { key: 'rate_ratio', desc: true } }));
    expect(byRatio!.table.rows.map((r) => r.batch)).toEqual([
      'B-HOT',
      'B-HIGH',
      'B-OLD',
      'B-W1',
      'B-NEW',
    ]);
    const byBatch = await loadHotspots({}, view({ sort: { key: 'batch', desc: false } }));
    expect(byBatch!.table.rows.map((r) => r.batch)).toEqual([
      'B-HOT',
      'B-HIGH',
      'B-NEW',
      'B-OLD',
      'B-W1',
    ]);
    expect(byBatch!.summary).toEqual({
      hotspots: 1,
      tested: 4,
      batches: 5,
      unitsAtRisk: 1000,
      latestFlag: '2025-09-01',
    });
    expect(byBatch!.asOf).toBe('2025-10-30');
  });

  it('filters by show, age bucket, product and production date', async () => {
    const batches = async (filters: object, over: Partial<HotspotParams>) =>
      (await loadHotspots(filters, view(over)))!.table.rows.map((r) => r.batch).sort();
    expect(await batches({}, { show: 'hotspots' })).toEqual(['B-HOT']);
    expect(await batches({}, { show: 'tested' })).toEqual(['B-HIGH', 'B-HOT', 'B-OLD', 'B-W1']);
    expect(await batches({}, { age: '90-179' })).toEqual(['B-HIGH', 'B-HOT']);
    expect(await batches({}, { age: '360-719' })).toEqual(['B-OLD']);
    expect(await batches({ product: 'P2' }, {})).toEqual(['B-NEW', 'B-W1']);
    expect(await batches({ from: '2025-07-01', to: '2025-08-01' }, {})).toEqual(['B-HOT', 'B-W1']);
  });

  it('aggregates the heatmap per product and age bucket', async () => {
    const data = await loadHotspots({ product: 'P1' }, view());
    const cells = Object.fromEntries(data!.heatmap.map((c) => [c.bucket, c]));
    expect(Object.keys(cells).sort()).toEqual(['360-719', '90-179']);
    // B-HOT + B-HIGH: observed 13 against expected 2.2
    expect(cells['90-179']).toMatchObject({ batches: 2, complaints: 15, units: 1100, hotspots: 1 });
    expect(cells['90-179'].ratio).toBeCloseTo(13 / 2.2, 10);
    expect(cells['90-179'].per10k).toBeCloseTo((15 * 10_000) / 1100, 10);
    // too few expected complaints for a ratio (B-NEW: 0.1 expected)
    const p2 = await loadHotspots({ product: 'P2' }, view());
    const young = p2!.heatmap.find((c) => c.bucket === '0-29')!;
    expect(young).toMatchObject({ batches: 1, ratio: null, per10k: 0 });
    expect(p2!.heatmap.find((c) => c.bucket === '60-89')!.ratio).toBe(1);
    expect(data!.ageBuckets).toHaveLength(7);
  });

  it('sums the selected batches when a filter selects batches, not products', async () => {
    // the whole product through the batch path: the mart's cells exactly
    const mart = (await loadHotspots({ product: 'P1' }, view())).heatmap;
    const all = (await loadHotspots({ product: 'P1', from: '2000-01-01' }, view())).heatmap;
    expect(all).toEqual(mart);
    // produced from July on: B-HOT alone in 90–179 (B-HIGH is from June), B-W1 in 60–89
    const july = (await loadHotspots({ from: '2025-07-01' }, view())).heatmap;
    expect(july.map((c) => [c.product, c.bucket, c.batches])).toEqual([
      ['P1', '90-179', 1],
      ['P2', '0-29', 1],
      ['P2', '60-89', 1],
    ]);
    expect(july[0]).toMatchObject({ complaints: 12, units: 1000, hotspots: 1, hotRatio: 5 });
    expect(july[0].ratio).toBeCloseTo(10 / 2.0, 10);
    // one batch
    const one = (await loadHotspots({ batch: 'B-HIGH' }, view())).heatmap;
    expect(one).toEqual([
      expect.objectContaining({ product: 'P1', bucket: '90-179', batches: 1, ratio: null }),
    ]);
  });

  it('pages the table', async () => {
    const data = await loadHotspots({}, view({ page: 99 }));
    expect(data!.table).toMatchObject({ total: 5, page: 1, pages: 1 });
  });
});

describe('loadBatch', () => {
  it('returns the batch with its weekly timeline, mix, regions and latest complaints', async () => {
    const batch = await loadBatch('B-HOT');
    expect(batch).toBeDefined();
    const d = batch!;
    expect(d.row).toMatchObject({
      batch: 'B-HOT',
      product: 'P1',
      isHotspot: true,
      comparatorBatches: 12,
      rateBaselineLevel: 'product',
      rateReferenceComplaints: null,
    });
    // worded from the row by the catalogue (pipeline/messages/batchHotspots.ts)
    expect(d.row.reasonEn).toMatch(
      /^Batch B-HOT: 10 quality complaints, 2\.0 expected .*ratio 5\.0 \[2\.5–9\.0\], q<0\.001; 0% are leak/,
    );
    expect(d.total).toBe(12);
    // zero-filled weeks from the production week to the data end, summing to the total
    expect(d.weekly[0].week).toBe('2025-06-30');
    expect(d.weekly.at(-1)!.week).toBe('2025-10-27');
    expect(d.weekly.at(-1)!.complete).toBe(false);
    expect(d.weekly.reduce((s, w) => s + w.complaints, 0)).toBe(12);
    expect(d.weekly.some((w) => w.complaints === 0)).toBe(true);
    expect(d.mix.map((m) => [m.clusterId, m.batchCount, m.baselineCount])).toEqual([
      ['1', 8, 2],
      ['2', 4, 18],
    ]);
    expect(d.baselineTotal).toBe(20);
    expect(d.regions).toEqual([
      { region: 'West', complaints: 8 },
      { region: 'East', complaints: 4 },
    ]);
    expect(d.latest).toHaveLength(12);
    expect(d.latest[0].complaintId).toBe('H11');
    expect(d.latest[0].description).toBe('<b>text</b> 11');
    // actions of this product's batch only, the recall open on the data end (2025-10-30)
    expect(d.actions).toEqual({
      list: [
        {
          actionType: 'containment',
          component: null,
          openedOn: '2025-09-05',
          closedOn: '2025-09-10',
          reference: null,
          open: false,
        },
        {
          actionType: 'recall',
          component: 'leak',
          openedOn: '2025-09-15',
          closedOn: null,
          reference: 'R-7',
          open: true,
        },
      ],
      covered: true,
      leadTimeDays: 14,
      firstFlaggedOn: '2025-09-01',
    });
  });

  it('returns undefined for an unknown batch', async () => {
    expect(await loadBatch('B-NONE')).toBeUndefined();
    expect(await loadBatch('B-HOT', 'P2')).toBeUndefined();
  });

  it('tells a warehouse whose models are not built (the page then says so)', async () => {
    await serveWarehouse(dir.file('bare.duckdb'));
    try {
      expect(await modelsBuilt()).toBe(false);
    } finally {
      await serveWarehouse(dir.file());
    }
  });
});
