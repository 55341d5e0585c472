// The hot-spot heatmap's rules, in SQL: the batch-age buckets (int_batch_age_buckets, from the
// settings hotspots_heatmap_age_starts and the tests' hotspots_age_bucket_edges), the bucket each
// batch of mart_batch_hotspots gets (age_bucket, at every edge), and a cell's arithmetic
// (heatmap_cells, sql/macros/heatmap.sql: the ratio only from hotspots_heatmap_min_expected
// expected complaints) as mart_batch_heatmap and mart_batch_age_buckets publish them.
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../pipeline/db.ts';
import {
  BATCH_MODELS,
  buildModels,
  loadComplaints,
  openHotspotDb,
  type EnrichedRow,
} from '../../helpers/hotspotWarehouse.ts';

let db: Db | undefined;

/** A row with its numbers (integers and decimals are read as strings) as numbers. */
const plain = (row: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [
      k,
      typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v,
    ]),
  );

/** db.all with plain rows. */
const all = async (sql: string) => (await db!.all(sql)).map(plain);

afterEach(() => {
  db?.close();
  db = undefined;
});

async function buckets(settings: Record<string, string> = {}) {
  db = await openHotspotDb(settings);
  await buildModels(db, [
    'intermediate/int_batch_hotspot_settings',
    'intermediate/int_batch_age_buckets',
  ]);
  const rows = (await db.all('select * from int_batch_age_buckets order by bucket_index')).map(
    plain,
  );
  db.close();
  db = undefined;
  return rows.map((r) => [r.age_bucket, r.bucket_index, r.start_days, r.end_days]);
}

describe('int_batch_age_buckets', () => {
  it('has the heatmap buckets the dashboard showed before they were a setting', async () => {
    expect(await buckets()).toEqual([
      ['0-29', 1, 0, 29],
      ['30-59', 2, 30, 59],
      ['60-89', 3, 60, 89],
      ['90-179', 4, 90, 179],
      ['180-359', 5, 180, 359],
      ['360-719', 6, 360, 719],
      ['720+', 7, 720, null],
    ]);
  });

  it('moves each start to the first test edge at or after it, dropping those past the last', async () => {
    expect(
      (
        await buckets({
          hotspots_age_bucket_edges: '45,100,200,400',
          hotspots_heatmap_age_starts: '30,60,90,180,360,720',
        })
      ).map((b) => b[0]),
    ).toEqual(['0-44', '45-99', '100-199', '200-399', '400+']);
    // unsorted, repeated, without 0: still one bucket per distinct start, from 0
    expect(
      (
        await buckets({
          hotspots_age_bucket_edges: '30,60,90',
          hotspots_heatmap_age_starts: '90,30,31,30',
        })
      ).map((b) => b[0]),
    ).toEqual(['0-29', '30-59', '60-89', '90+']);
    expect((await buckets({ hotspots_heatmap_age_starts: '0' })).map((b) => b[0])).toEqual(['0+']);
  });
});

describe('mart_batch_hotspots.age_bucket', () => {
  it('puts a batch of every age at each edge in its bucket', async () => {
    // one batch per age (production date = data end − age), one complaint each on the data end
    const dataEnd = Date.UTC(2025, 9, 30);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const ages = [0, 1, 29, 30, 59, 60, 89, 90, 179, 180, 359, 360, 719, 720, 1500];
    const rows: EnrichedRow[] = ages.map((age) => ({
      complaint_id: `c${age}`,
      received_date: day(dataEnd),
      product: 'P',
      batch: `B${age}`,
      production_date: day(dataEnd - age * 86_400_000),
    }));
    db = await openHotspotDb({ as_of: '2025-10-30 23:59:59' });
    await loadComplaints(db, rows);
    await buildModels(db, BATCH_MODELS);
    const got = await all('select age_days, age_bucket from mart_batch_hotspots order by age_days');
    expect(got.map((r) => [r.age_days, r.age_bucket])).toEqual([
      [0, '0-29'],
      [1, '0-29'],
      [29, '0-29'],
      [30, '30-59'],
      [59, '30-59'],
      [60, '60-89'],
      [89, '60-89'],
      [90, '90-179'],
      [179, '90-179'],
      [180, '180-359'],
      [359, '180-359'],
      [360, '360-719'],
      [719, '360-719'],
      [720, '720+'],
      [1500, '720+'],
    ]);
    // the heatmap: one cell per bucket of P, in the buckets' order, with their bounds
    const cells = await all(
      `select age_bucket, age_bucket_index, age_bucket_start_days, age_bucket_end_days, batches
       from mart_batch_heatmap order by age_bucket_index`,
    );
    expect(
      cells.map((c) => [c.age_bucket, c.age_bucket_start_days, c.age_bucket_end_days, c.batches]),
    ).toEqual([
      ['0-29', 0, 29, 3],
      ['30-59', 30, 59, 2],
      ['60-89', 60, 89, 2],
      ['90-179', 90, 179, 2],
      ['180-359', 180, 359, 2],
      ['360-719', 360, 719, 2],
      ['720+', 720, null, 2],
    ]);
  });
});

describe('heatmap_cells and mart_batch_heatmap', () => {
  async function cellsDb(settings: Record<string, string> = {}) {
    const d = await openHotspotDb(settings);
    await buildModels(d, [
      'intermediate/int_batch_hotspot_settings',
      'intermediate/int_batch_age_buckets',
    ]);
    // a fixture mart_batch_hotspots with the columns the heatmap reads
    await d.run(`create table mart_batch_hotspots as
      select * from (values
        ('P', 'cat', 'A1', '90-179', 10, 1000, 6, 0.5, 5.0, true),
        ('P', 'cat', 'A2', '90-179', 2, 1000, 1, 0.49, 2.0, false),
        ('P', 'cat', 'A3', '0-29', 1, 0, 1, 1.0, 1.0, false),
        ('P', 'cat', 'A4', '30-59', 0, null, null, null, null, false),
        ('P', 'cat', 'A5', null, 3, 100, 3, 1.0, 3.0, true),
        ('Q', 'cat2', 'B1', '90-179', 4, 200, 3, 3.0, 1.0, false)
      ) as t(product, product_category, batch, age_bucket, complaints, units, observed, expected,
             rate_ratio, is_hotspot)`);
    await buildModels(d, ['marts/mart_batch_heatmap', 'marts/mart_batch_age_buckets']);
    return d;
  }

  it('sums a product’s batches per bucket; the ratio needs the minimum expected', async () => {
    db = await cellsDb();
    const cells = await all('select * from mart_batch_heatmap order by product, age_bucket_index');
    expect(cells.map((c) => [c.product, c.age_bucket])).toEqual([
      ['P', '0-29'],
      ['P', '30-59'],
      ['P', '90-179'],
      ['Q', '90-179'],
    ]);
    const [young, noVolumes, p90, q90] = cells;
    // expected exactly 1.0 = the default minimum: a ratio; no units: no rate
    expect(young).toMatchObject({ batches: 1, complaints: 1, units: 0, ratio: 1, per_10k: null });
    // nothing expected at all
    expect(noVolumes).toMatchObject({ batches: 1, complaints: 0, observed: null, ratio: null });
    // 0.99 expected: below the minimum, no ratio; the hot batch's own ratio is kept
    expect(p90).toMatchObject({
      batches: 2,
      complaints: 12,
      units: 2000,
      observed: 7,
      hotspots: 1,
      hot_ratio: 5,
      ratio: null,
      per_10k: 60,
    });
    expect(p90.expected).toBeCloseTo(0.99, 12);
    expect(q90).toMatchObject({
      product_category: 'cat2',
      ratio: 1,
      per_10k: 200,
      hot_ratio: null,
    });
    const [bucketRow] = await db.all('select * from mart_batch_age_buckets where age_bucket = $b', {
      b: '720+',
    });
    expect(plain(bucketRow)).toMatchObject({
      bucket_index: 7,
      start_days: 720,
      end_days: null,
      min_expected_for_ratio: 1,
    });
  });

  it('takes the minimum expected from hotspots_heatmap_min_expected', async () => {
    db = await cellsDb({ hotspots_heatmap_min_expected: '0.9' });
    const [cell] = await db.all(
      `select * from mart_batch_heatmap where product = 'P' and age_bucket = '90-179'`,
    );
    expect(cell.ratio).toBeCloseTo(7 / 0.99, 12);
    const [q] = await db.all(
      `with a2 as (select * from mart_batch_hotspots where batch = 'A2')
       select * from heatmap_cells(a2, 0.49)`,
    );
    expect([Number(q.batches), Number(q.hotspots), q.hot_ratio]).toEqual([1, 0, null]);
    expect(q.ratio).toBeCloseTo(1 / 0.49, 12);
  });
});
