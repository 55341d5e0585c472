// Root-cause queries against a tiny warehouse, and the pure helpers (lift parsing, concentration
// lists).
import { describe, expect, it } from 'vitest';
import { concentrationList, loadCluster, loadRootCauses, parseLiftItem } from './rootCauses.ts';
import { useSqlWarehouse } from '../../../../tests/helpers/sqlTestWarehouse.ts';

// cluster 1: 6 complaints (5 of product A, 4 in batch BA1; c6 is after-sales), cluster 2: 3,
// cluster 3: 1
useSqlWarehouse([
  `
    create table mart_complaints as
    select * from (values
      ('c1', timestamp '2025-01-06 09:00', 'A', 'Fridge', 'BA1', 'East', 1, 'leak', '产品质量'),
      ('c2', timestamp '2025-01-07 09:00', 'A', 'Fridge', 'BA1', 'East', 1, 'leak', '产品质量'),
      ('c3', timestamp '2025-01-20 09:00', 'A', 'Fridge', 'BA1', 'West', 1, 'leak', '产品质量'),
      ('c4', timestamp '2025-02-03 09:00', 'A', 'Fridge', 'BA1', 'West', 1, 'leak', '产品质量'),
      ('c5', timestamp '2025-02-04 09:00', 'A', 'Fridge', 'BA2', 'West', 1, 'leak', '产品质量'),
      ('c6', timestamp '2025-02-05 09:00', 'B', 'Washer', null, 'North', 1, 'leak', '售后维修'),
      ('c7', timestamp '2025-01-08 09:00', 'B', 'Washer', 'BB1', 'North', 2, 'noise', '产品质量'),
      ('c8', timestamp '2025-01-09 09:00', 'B', 'Washer', 'BB1', 'North', 2, 'noise', '产品质量'),
      ('c9', timestamp '2025-02-10 09:00', 'A', 'Fridge', 'BA2', 'East', 2, 'noise', '产品质量'),
      ('c10', timestamp '2025-02-11 09:00', 'B', 'Washer', 'BB2', 'South', 3, 'late', '物流运输')
    ) as t(complaint_id, received_at, product, product_category, batch, region, cluster_id, cluster_label,
           category)`,
  `
    create table mart_root_causes as
    select * from (values
      (1, 'leak', '产品质量', 6, 0.6, ['leak', 'water'], ['c1', 'c3'], ['<b>water</b> on floor', 'drips'],
       timestamp '2025-01-06 09:00', timestamp '2025-02-05 09:00', 0.12, 1.5, ['A ×1.4'], ['BA1 ×2.5'], cast(null as varchar[])),
      (2, 'noise', '产品质量', 3, 0.3, ['noise'], ['c7'], ['loud'],
       timestamp '2025-01-08 09:00', timestamp '2025-02-10 09:00', -0.2, 0.5, null, null, ['North ×3.3']),
      (3, 'late', '物流运输', 1, 0.1, ['late'], ['c10'], ['late'],
       timestamp '2025-02-11 09:00', timestamp '2025-02-11 09:00', null, null, null, null, null)
    ) as t(cluster_id, label, category, complaints, share, top_terms, representative_ids, representative_texts,
           first_seen, last_seen, trend_slope_pct, recent_weekly, hot_products, hot_batches, hot_regions)`,
  `
    create table mart_root_cause_pareto as
    select * from (values (1, 1, 6, 0.6, true), (2, 2, 3, 0.9, true), (3, 3, 1, 1.0, false))
      as t(rank, cluster_id, complaints, cumulative_share, is_vital_few)`,
]);

describe('loadRootCauses', () => {
  it('counts the treemap by each complaint’s own category, as the Overview does', async () => {
    const data = (await loadRootCauses({}))!;
    const byCategory = (category: string) =>
      data.byCategory
        .filter((c) => c.category === category)
        .reduce((sum, c) => sum + c.complaints, 0);
    // cluster 1's dominant category is 产品质量, but its complaint c6 is 售后维修
    expect(byCategory('产品质量')).toBe(8);
    expect(byCategory('售后维修')).toBe(1);
    expect(byCategory('物流运输')).toBe(1);
    const filtered = (await loadRootCauses({ region: 'North' }))!;
    expect(filtered.byCategory.reduce((sum, c) => sum + c.complaints, 0)).toBe(3);
  });

  it('reads the Pareto mart without filters', async () => {
    const data = (await loadRootCauses({}))!;
    expect(data.source).toBe('mart');
    expect(data.total).toBe(10);
    expect(
      data.rows.map((r) => [r.clusterId, r.rank, r.complaints, r.cumulativeShare, r.vitalFew]),
    ).toEqual([
      ['1', 1, 6, 0.6, true],
      ['2', 2, 3, 0.9, true],
      ['3', 3, 1, 1, false],
    ]);
    expect(data.rows[0]).toMatchObject({
      label: 'leak',
      category: '产品质量',
      trendPct: 0.12,
      share: 0.6,
    });
  });

  it('counts the complaints under the filters, the rows /complaints lists', async () => {
    const data = (await loadRootCauses({ product: 'B' }))!;
    expect(data.source).toBe('complaints');
    expect(data.rows.map((r) => [r.clusterId, r.complaints])).toEqual([
      ['2', 2],
      ['1', 1],
      ['3', 1],
    ]);
    expect(data.total).toBe(4);
    // ranked by the mart's rule (sql/macros/pareto.sql): ties by cluster id, the vital few are
    // the clusters needed to reach 80 %, the crossing one included
    expect(data.rows.map((r) => [r.rank, r.share, r.cumulativeShare, r.vitalFew])).toEqual([
      [1, 0.5, 0.5, true],
      [2, 0.25, 0.75, true],
      [3, 0.25, 1, true], // 75 % before it: it crosses 80 %
    ]);
    const dated = (await loadRootCauses({ from: '2025-02-01', to: '2025-02-05' }))!;
    expect(dated.rows.map((r) => [r.clusterId, r.complaints])).toEqual([['1', 3]]);
  });
});

describe('loadCluster', () => {
  it('returns the cluster with its weekly trend, representatives and concentration', async () => {
    const d = (await loadCluster(1, {}))!;
    expect(d).toMatchObject({
      clusterId: '1',
      label: 'leak',
      complaints: 6,
      filtered: 6,
      topTerms: ['leak', 'water'],
    });
    expect(d.representatives).toEqual([
      { id: 'c1', text: '<b>water</b> on floor' },
      { id: 'c3', text: 'drips' },
    ]);
    // weeks from the first to the last complaint of the data (all clusters), zero-filled
    expect(d.weekly[0]).toMatchObject({ week: '2025-01-06', weekEnd: '2025-01-12', complaints: 2 });
    expect(d.weekly.at(-1)).toMatchObject({ week: '2025-02-10', complaints: 0, complete: false });
    expect(d.weekly.reduce((s, w) => s + w.complaints, 0)).toBe(6);
    expect(d.products).toEqual([
      { name: 'A', complaints: 5, lift: 1.4 },
      { name: 'B', complaints: 1, lift: null },
    ]);
    expect(d.batches[0]).toEqual({ name: 'BA1', complaints: 4, lift: 2.5 });
    expect(d.regions.map((r) => r.name)).toEqual(['West', 'East', 'North']);
  });

  it('applies the filters to the counts and the timeline', async () => {
    const d = (await loadCluster(1, { region: 'East', from: '2025-01-01', to: '2025-01-31' }))!;
    expect(d.filtered).toBe(2);
    expect(d.complaints).toBe(6);
    // from the later of the data start and `from`, to the earlier of the data end and `to`
    expect(d.weekly.map((w) => w.week)).toEqual([
      '2025-01-06',
      '2025-01-13',
      '2025-01-20',
      '2025-01-27',
    ]);
    expect(d.weekly.reduce((s, w) => s + w.complaints, 0)).toBe(2);
  });

  it('returns undefined for an unknown cluster', async () => {
    expect(await loadCluster(99, {})).toBeUndefined();
  });
});

describe('lift items', () => {
  it('parses "name ×lift" from the mart lists', () => {
    expect(parseLiftItem('WQP8-S3 ×2.0')).toEqual({ name: 'WQP8-S3', lift: 2 });
    expect(parseLiftItem('甘肃 ×2.6')).toEqual({ name: '甘肃', lift: 2.6 });
    expect(parseLiftItem('A ×B ×3')).toEqual({ name: 'A ×B', lift: 3 });
    expect(parseLiftItem('plain')).toEqual({ name: 'plain', lift: null });
    expect(parseLiftItem('odd ×x')).toEqual({ name: 'odd ×x', lift: null });
  });

  it('lists flagged values first, then the biggest, without repeats', () => {
    const counts = new Map([
      ['a', 50],
      ['b', 3],
      ['c', 20],
      ['d', 0],
    ]);
    expect(
      concentrationList(
        [
          { name: 'b', lift: 2.0 },
          { name: 'd', lift: 9.0 }, // no complaints under the filters: dropped
          { name: 'c', lift: 4.0 },
        ],
        counts,
        3,
      ),
    ).toEqual([
      { name: 'c', complaints: 20, lift: 4 },
      { name: 'b', complaints: 3, lift: 2 },
      { name: 'a', complaints: 50, lift: null },
    ]);
  });
});
