// The rate test's fallback baseline (issue 16 item 3, docs/statistics.md "Fallback baseline"): a
// product with too few same-age batches is tested against its product line's (then all products')
// same-age profile, scaled to the product's own level over its other batches, with the exact
// conditional test. Hand-computed fixture, no volumes file (complaints per batch), at least 2
// comparator batches (SETTINGS), age buckets [0, 30) and [30, ∞), observed 2024-01-01 … 03-30:
//   line 'cat':   Y1–Y4 made 2024-01-01, each 2 complaints at age < 30 and 1 later, the last on 03-30 (30 + 60 days
//                 of exposure): pool rates r(0) = 8/120 = 1/15, r(1) = 4/240 = 1/60 — product level;
//                 X1 made 2024-01-01, 20 complaints (3 young, 17 later); X2 made 2023-12-01 (left-
//                 truncated: only 90 days at age ≥ 30 in the window), 2 complaints. X has one
//                 comparator of its own: X1 falls back to the line (Y's four batches):
//                   E_X1 = 30/15 + 60/60 = 3, E_X2 = 90/60 = 1.5, w = E_X1 / E_X2 = 2,
//                   expected = O_X2 · w = 4, ratio 5, conditional test 20 of 22 at p0 = 2/3;
//   line 'solo':  W1 made 2024-01-01, the only batch of W: no sibling to scale a wider baseline;
//   line 'other': Z1, Z2 made 2024-01-01, 3 complaints each: the line has no other product, so
//                 all products' pool is used, w = 1, expected 3.
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../pipeline/db.ts';
import {
  BATCH_MODELS,
  buildModels,
  loadComplaints,
  openHotspotDb,
  type EnrichedRow,
  batchRow,
} from '../../helpers/hotspotWarehouse.ts';

const SETTINGS = { hotspots_min_comparator_batches: '2', hotspots_age_bucket_edges: '30' };

let nextId = 0;
function complaints(
  product: string,
  line: string,
  batch: string,
  production: string,
  dates: string[],
  category = '产品质量',
): EnrichedRow[] {
  return dates.map((d) => ({
    complaint_id: `f${nextId++}`,
    received_date: d,
    product,
    product_category: line,
    batch,
    production_date: production,
    region: '广东',
    category,
  }));
}

const days = (from: string, n: number, step: number) =>
  Array.from({ length: n }, (_, i) =>
    new Date(Date.parse(from) + i * step * 86_400_000).toISOString().slice(0, 10),
  );

const ROWS: EnrichedRow[] = [
  // not a quality complaint: only fixes data_start
  ...complaints('Y', 'cat', 'Y1', '2024-01-01', ['2024-01-01'], '物流运输'),
  ...['Y1', 'Y2', 'Y3', 'Y4'].flatMap((b) =>
    complaints('Y', 'cat', b, '2024-01-01', ['2024-01-05', '2024-01-20', '2024-03-30']),
  ),
  ...complaints('X', 'cat', 'X1', '2024-01-01', [
    ...days('2024-01-03', 3, 7),
    ...days('2024-02-01', 17, 3),
  ]),
  ...complaints('X', 'cat', 'X2', '2023-12-01', ['2024-02-10', '2024-03-10']),
  ...complaints('W', 'solo', 'W1', '2024-01-01', ['2024-01-10', '2024-02-10']),
  ...complaints('Z', 'other', 'Z1', '2024-01-01', ['2024-01-10', '2024-02-10', '2024-03-10']),
  ...complaints('Z', 'other', 'Z2', '2024-01-01', ['2024-01-11', '2024-02-11', '2024-03-11']),
];

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}
function binomPmf(k: number, n: number, p: number): number {
  return Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log(1 - p));
}
function binomUpper(k: number, n: number, p: number): number {
  let s = 0;
  for (let j = k; j <= n; j++) s += binomPmf(j, n, p);
  return s;
}

let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

async function build(): Promise<Db> {
  const d = await openHotspotDb({ as_of: '2024-03-30 23:59:59', ...SETTINGS });
  await loadComplaints(d, ROWS);
  await buildModels(d, BATCH_MODELS);
  return d;
}

const batch = batchRow;

describe('rate test: fallback baseline where the product has too few comparable batches', () => {
  it("tests a product with 2 batches against its line's age profile scaled to its own level", async () => {
    db = await build();
    const y1 = await batch(db, 'Y1');
    expect(y1).toMatchObject({ is_tested: true, rate_baseline_level: 'product' });
    expect(Number(y1.expected)).toBeCloseTo(3, 10); // 30·6/90 + 60·3/180, leave-one-out

    const x1 = await batch(db, 'X1');
    expect(x1).toMatchObject({
      is_tested: true,
      rate_baseline_level: 'product_line',
      rate_reference_complaints: 2,
      dispersion_factor: 1, // fewer than 10 batches: pure Poisson
    });
    expect(Number(x1.comparator_batches)).toBe(4); // Y1–Y4: the line without product X
    expect(Number(x1.observed)).toBe(20);
    expect(Number(x1.expected)).toBeCloseTo(4, 10);
    expect(Number(x1.rate_ratio)).toBeCloseTo(5, 10);
    // exact conditional mid-p: 20 of 22 at p0 = w / (1 + w) = 2/3
    const p0 = 2 / 3;
    const midp = 0.5 * (binomUpper(20, 22, p0) + binomUpper(21, 22, p0));
    expect(Number(x1.p_value)).toBeCloseTo(midp, 12);
    // Clopper–Pearson limits of the share, mapped to the ratio: the lower one leaves α/2 above
    const lower = Number(x1.rate_ratio_lower);
    const upper = Number(x1.rate_ratio_upper);
    expect(lower).toBeLessThan(5);
    expect(upper).toBeGreaterThan(5);
    const share = (r: number) => (2 * r) / (1 + 2 * r);
    expect(binomUpper(20, 22, share(lower))).toBeCloseTo(0.025, 9);
    expect(binomUpper(21, 22, share(upper))).toBeCloseTo(0.975, 9);
    expect(x1.reason_en).toContain(
      "4.0 expected (too few same-age batches of the product: the product line's same-age baseline, scaled to the product's level over its other batches (2 complaints); no volumes, batches assumed similar in size)",
    );
    expect(x1.reason_zh).toContain(
      '预期 4.0 起（该产品同龄批次不足，用同产品线同龄基线，按该产品其他批次（2 起）折算到其水平，未提供产量、假定批量相近）',
    );
    // X2 is tested the same way against X1 (w = 1/2, expected 20/2 = 10)
    const x2 = await batch(db, 'X2');
    expect(x2).toMatchObject({
      rate_baseline_level: 'product_line',
      rate_reference_complaints: 20,
    });
    expect(Number(x2.expected)).toBeCloseTo(10, 10);
  });

  it('goes on to all products when the line has no other product, and says when nothing works', async () => {
    db = await build();
    const z1 = await batch(db, 'Z1');
    expect(z1).toMatchObject({ rate_baseline_level: 'all_products', rate_reference_complaints: 3 });
    expect(Number(z1.expected)).toBeCloseTo(3, 10);
    expect(z1.reason_en).toContain(
      "all products' same-age baseline, scaled to the product's level",
    );
    expect(z1.reason_zh).toContain('用全部产品同龄基线');

    const w1 = await batch(db, 'W1');
    expect(w1).toMatchObject({
      is_tested: false,
      rate_baseline_level: null,
      untested_because: 'no_comparable_batches',
    });
    expect(w1.reason_en).toContain('nor a wider baseline: the product has no other batch');
    expect(w1.reason_zh).toContain('该产品没有其他同龄可比的批次');
  });

  it('puts the fallback tests in the one Benjamini–Hochberg family of the date', async () => {
    db = await build();
    // rate tests: Y1–Y4 (product), X1, X2 (line), Z1, Z2 (all products) = 8; cause mix (no
    // volumes, categories as causes): one per cause each product has shown — Y 2, X, W, Z 1 each,
    // on the 8 rate-tested batches and W1 (its mix is a route of its own): 4·2 + 2 + 1 + 2 = 13;
    // without the fallback only Y1–Y4 would be rate-tested (17)
    const family = Number(
      await db.scalar(`select max(tests_in_family) from mart_batch_hotspots where is_tested`),
    );
    expect(family).toBe(21);
    const rates = await db.all<{ batch: string; q_value: number; p_value: number }>(
      `select batch, q_value, p_value from mart_batch_hotspots where batch in ('X1', 'Z1') order by batch`,
    );
    for (const r of rates) expect(r.q_value).toBeGreaterThanOrEqual(r.p_value);
  });
});
