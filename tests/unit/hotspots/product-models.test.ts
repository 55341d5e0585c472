// The product hot-spot models on hand-computed fixtures.
//
// Category K, products A, B, C, no volumes (history basis), history window 2 months. Quality
// complaints per month (Jan, Feb, Mar 2024): A 10, 10, 30; B 20, 20, 22; C 5, 5, 6. In March:
//   A: own Jan+Feb = 20 × peers' March 28 / peers' Jan+Feb 50 → E = 11.2, O = 30
//   B: 40 × 36 / 30 = 48, O = 22;  C: 10 × 52 / 60 = 8.667, O = 6
// Regions: B all 江苏, C all 广东, A 江苏 except 20 of its March complaints in 广东. Peers' regional
// shares over Jan–Mar for A: 广东 16/78, 江苏 62/78 → E(A, 广东, Mar) = 11.2 · 16/78.
// Causes (categories, no clusters): A also has 8 价格 complaints, B and C one each → for A:
// a = 8, b = 50, c = 2, d = 78.
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../pipeline/db.ts';
import {
  BATCH_MODELS,
  PRODUCT_MODELS,
  buildModels,
  loadComplaints,
  loadVolumes,
  openHotspotDb,
  type EnrichedRow,
} from '../../helpers/hotspotWarehouse.ts';
import { productHotspotReasons } from '../../../pipeline/contract/hotspotReasons.ts';

function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}
function pmf(k: number, mu: number): number {
  return Math.exp(k * Math.log(mu) - mu - logFactorial(k));
}
function midp(k: number, mu: number): number {
  let s = 0.5 * pmf(k, mu);
  for (let j = k + 1; j < k + 600; j++) s += pmf(j, mu);
  return s;
}

let id = 0;
function rows(
  product: string,
  month: string,
  n: number,
  region: string,
  category = '产品质量',
  productCategory = 'K',
): EnrichedRow[] {
  return Array.from({ length: n }, (_, i) => ({
    complaint_id: `p${id++}`,
    received_date: `2024-${month}-${String(1 + (i % 28)).padStart(2, '0')}`,
    product,
    product_category: productCategory,
    batch: null,
    region,
    category,
  }));
}

const FIXTURE: EnrichedRow[] = [
  ...rows('A', '01', 10, '江苏'),
  ...rows('A', '02', 10, '江苏'),
  ...rows('A', '03', 20, '广东'),
  ...rows('A', '03', 10, '江苏'),
  ...rows('A', '03', 8, '江苏', '价格'),
  ...rows('B', '01', 20, '江苏'),
  ...rows('B', '02', 20, '江苏'),
  ...rows('B', '03', 22, '江苏'),
  ...rows('B', '03', 1, '江苏', '价格'),
  ...rows('C', '01', 5, '广东'),
  ...rows('C', '02', 5, '广东'),
  ...rows('C', '03', 6, '广东'),
  ...rows('C', '03', 1, '广东', '价格'),
];

let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

async function build(
  fixture: EnrichedRow[],
  volumes: Parameters<typeof loadVolumes>[1] = [],
): Promise<Db> {
  const d = await openHotspotDb({
    as_of: '2024-03-31 23:59:59',
    hotspots_product_history_periods: '2',
    hotspots_product_min_baseline: '1',
  });
  await loadComplaints(d, fixture);
  if (volumes.length) await loadVolumes(d, volumes);
  await buildModels(d, [...BATCH_MODELS, ...PRODUCT_MODELS]);
  return d;
}

async function one(d: Db, where: string) {
  const r = await d.one(`select * from mart_product_hotspots where ${where}`);
  if (!r) throw new Error(`no row where ${where}`);
  // the reason as every reader words it (pipeline/messages/productHotspots.ts)
  const reasons = productHotspotReasons(r);
  return { ...r, reason_zh: reasons.reasonZh, reason_en: reasons.reasonEn } as Record<
    string,
    unknown
  >;
}

describe('product × month against the category (history basis)', () => {
  it('computes the expected counts by indirect standardisation', async () => {
    db = await build(FIXTURE);
    const march = `level = 'product_period' and period_start = date '2024-03-01'`;
    const a = await one(db, `${march} and product = 'A'`);
    expect(a.expected as number).toBeCloseTo(11.2, 10);
    expect(Number(a.observed)).toBe(30);
    expect((await one(db, `${march} and product = 'B'`)).expected as number).toBeCloseTo(48, 10);
    expect((await one(db, `${march} and product = 'C'`)).expected as number).toBeCloseTo(
      (10 * 52) / 60,
      10,
    );
    expect(a).toMatchObject({ basis: 'history', baseline_group: 'category', is_tested: true });
    // p, BH over the 3 tested months, flag and reason
    const p = midp(30, 11.2);
    expect(a.p_value as number).toBeCloseTo(p, 14);
    expect(a.q_value as number).toBeCloseTo(3 * p, 12);
    expect(a.is_hotspot).toBe(true);
    expect(a.reason_zh).toMatch(
      /^产品 A 2024-03：质量投诉 30 起，预期 11\.2 起（自身前 2 个月水平 × 同类产品同期变化），比率 2\.7 \[/,
    );
    expect((await one(db, `${march} and product = 'B'`)).is_hotspot).toBe(false);
    // January and February lack a full 2-month history
    const jan = await one(
      db,
      `level = 'product_period' and period_start = date '2024-01-01' and product = 'A'`,
    );
    expect(jan).toMatchObject({
      is_tested: false,
      untested_because: 'short_history',
    });
    expect(jan.reason_en).toContain('not tested (less than a full history window)');
    expect(jan.reason_zh).toContain('未检验（历史不足一个完整的比较窗口）');
  });

  it("puts the product's expectation on regions by the peers' regional shares", async () => {
    db = await build(FIXTURE);
    const gd = await one(
      db,
      `level = 'product_region_period' and product = 'A' and region = '广东' and period_start = date '2024-03-01'`,
    );
    expect(gd.expected as number).toBeCloseTo((11.2 * 16) / 78, 10);
    expect(Number(gd.observed)).toBe(20);
    expect(gd.region_share as number).toBeCloseTo(16 / 78, 12);
    expect(gd.is_hotspot).toBe(true);
    expect(gd.reason_zh).toContain('产品 A 在广东 2024-03：质量投诉 20 起');
    const js = await one(
      db,
      `level = 'product_region_period' and product = 'A' and region = '江苏' and period_start = date '2024-03-01'`,
    );
    expect(js.expected as number).toBeCloseTo((11.2 * 62) / 78, 10);
    expect(js.is_hotspot).toBe(false);
    // 3 tested product-months × 2 regions
    expect(Number(gd.tests_in_family)).toBe(6);
  });

  it('measures product × cause lift against the category peers', async () => {
    db = await build(FIXTURE);
    const price = await one(db, `level = 'product_cause' and product = 'A' and cause_key = '价格'`);
    expect(Number(price.observed)).toBe(8);
    expect(price.rate_ratio as number).toBeCloseTo(8 / 58 / (2 / 80), 10); // PRR
    expect(price.ror as number).toBeCloseTo((8 * 78) / (50 * 2), 10);
    expect(price.share as number).toBeCloseTo(8 / 58, 12);
    expect(price.baseline_share as number).toBeCloseTo(2 / 80, 12);
    // every (product, cause) pair of the category is a hypothesis: 3 products × 2 causes
    expect(Number(price.tests_in_family)).toBe(6);
    expect(price.cause_label).toBe('价格');
    expect(price.reason_en).toMatch(
      /^Product A: 价格 is 14% of its complaints \(category peers 3%\), lift 5\.5/,
    );
  });
});

describe('products without a category', () => {
  it('are tested against each other, and the mart says "no category" as NULL, not a placeholder', async () => {
    // the fixture without product categories: the three products pool as one peer group
    db = await build(FIXTURE.map((r) => ({ ...r, product_category: null })));
    const price = await one(db, `level = 'product_cause' and product = 'A' and cause_key = '价格'`);
    expect(price.baseline_share as number).toBeCloseTo(2 / 80, 12); // the same peers as above
    const categories = await db.all<{ product_category: string | null }>(
      `select distinct product_category from mart_product_hotspots`,
    );
    // a placeholder here became a drill filter (product_category=…) that matched no complaint
    expect(categories).toEqual([{ product_category: null }]);
  });
});

describe('causes specific to products', () => {
  const causeRows = (product: string, cause: string, n: number) =>
    ['01', '02', '03'].flatMap((m) => rows(product, m, n, '江苏', cause));

  it('are not compared across products when they are the export’s vocabulary per product', async () => {
    // each product has its own causes (as CFPB's Issue values per product), one shared cause
    db = await build([
      ...causeRows('A', 'a-only', 12),
      ...causeRows('B', 'b-only', 12),
      ...causeRows('C', 'c-only', 12),
      ...['A', 'B', 'C'].flatMap((p) => causeRows(p, 'shared', 2)),
    ]);
    const own = await one(db, `level = 'product_cause' and product = 'A' and cause_key = 'a-only'`);
    expect(own.is_tested).toBe(false);
    expect(own.is_hotspot).toBe(false);
    // a code and the share it cites; the catalogue words them (the SQL used to printf this)
    expect(own.untested_because).toBe('product_specific_cause');
    expect(Number(own.exclusive_share)).toBeCloseTo(36 / 42, 10);
    expect(own.reason_en).toContain(
      'not tested (no peer product has the cause, and 86% of complaints have such product-specific causes)',
    );
    expect(own.reason_zh).toContain('对照产品都没有该原因，且 86% 的投诉属于此类产品特有的原因');
    const shared = await one(
      db,
      `level = 'product_cause' and product = 'A' and cause_key = 'shared'`,
    );
    expect(shared.is_tested).toBe(true);
  });

  it('are tested where they are rare: a component only one product has', async () => {
    db = await build([
      ...['A', 'B', 'C'].flatMap((p) => [...causeRows(p, 'door', 10), ...causeRows(p, 'glass', 6)]),
      ...causeRows('A', 'a-only', 2), // 6 of 150 complaints: 4 %
    ]);
    const rare = await one(
      db,
      `level = 'product_cause' and product = 'A' and cause_key = 'a-only'`,
    );
    expect(rare.is_tested).toBe(true);
    expect(rare.is_hotspot).toBe(true);
  });
});

describe('product × month on the units basis', () => {
  it('gives a rate ratio of exactly 1 to products with the same complaints per age-weighted unit', async () => {
    // U1 has twice U2's units and twice its complaints, batch for batch, made on the same days.
    const fixture: EnrichedRow[] = [];
    const volumes: { product: string; batch: string; production_date: string; units: number }[] =
      [];
    for (const [w, day] of [
      [1, '2024-01-02'],
      [2, '2024-01-09'],
      [3, '2024-01-16'],
    ] as const) {
      for (const [product, units, copies] of [
        ['U1', 2000, 2],
        ['U2', 1000, 1],
      ] as const) {
        const batch = `${product}-${w}`;
        volumes.push({ product, batch, production_date: day, units });
        // U2's batch w gets w complaints in each of February and March; U1's twice as many, same days
        for (let i = 0; i < 2 * w; i++) {
          for (let c = 0; c < copies; c++) {
            fixture.push({
              complaint_id: `${batch}-${i}-${c}`,
              received_date: `2024-0${2 + (i % 2)}-1${i % 9}`,
              product,
              product_category: 'KU',
              batch,
              production_date: day,
              region: '广东',
              category: '产品质量',
            });
          }
        }
      }
    }
    fixture.push({
      complaint_id: 'start',
      received_date: '2024-01-02',
      product: 'U2',
      product_category: 'KU',
      batch: 'U2-1',
      production_date: '2024-01-02',
      category: '物流运输',
    });
    db = await build(fixture, volumes);
    const tested = await db.all<{ product: string; basis: string; rate_ratio: number }>(
      `select product, basis, rate_ratio from mart_product_hotspots where level = 'product_period' and is_tested and observed > 0 order by product, period_start`,
    );
    expect(tested.length).toBeGreaterThan(0);
    for (const r of tested) {
      expect(r.basis).toBe('units');
      expect(r.rate_ratio).toBeCloseTo(1, 10);
    }
  });
});
