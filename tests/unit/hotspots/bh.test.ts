// Benjamini–Hochberg inside the marts, on the textbook example: the 15 p-values of Benjamini &
// Hochberg (1995, section 4.1, a study of myocardial infarction treatments). At q = 0.05 the
// step-up procedure rejects the four smallest; the adjusted values are R's p.adjust(p, "BH").
// The p-values are fed to the marts through fixture rows of their intermediate inputs.
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../pipeline/db.ts';
import {
  BATCH_MODELS,
  PRODUCT_MODELS,
  buildModels,
  loadComplaints,
  openHotspotDb,
} from '../../helpers/hotspotWarehouse.ts';

const P = [
  0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719,
  0.6528, 0.759, 1.0,
];
// p.adjust(P, method = "BH") in R 4.3
const Q_R = [
  0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.06385714, 0.06385714, 0.0645, 0.0765, 0.486, 0.5811818,
  0.714875, 0.7532308, 0.8132143, 1.0,
];

/** Independent step-up implementation, for the batch mart's weighted p-values. */
function bh(p: number[]): number[] {
  const m = p.length;
  const order = p.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const q = new Array<number>(m);
  let running = 1;
  for (let r = m; r >= 1; r--) {
    const [v, i] = order[r - 1];
    running = Math.min(running, (v * m) / r);
    q[i] = Math.min(1, running);
  }
  return q;
}

let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

async function baseDb(): Promise<Db> {
  const d = await openHotspotDb({ as_of: '2024-06-30 23:59:59' });
  // one complaint fixes the observation window (2024-01-01 … 2024-06-30)
  await loadComplaints(d, [
    {
      complaint_id: 'w1',
      received_date: '2024-01-01',
      product: 'W',
      batch: 'W1',
      production_date: '2023-12-01',
    },
    {
      complaint_id: 'w2',
      received_date: '2024-06-30',
      product: 'W',
      batch: 'W1',
      production_date: '2023-12-01',
    },
  ]);
  return d;
}

describe('Benjamini–Hochberg on the 15 p-values of Benjamini & Hochberg (1995)', () => {
  it('reproduces the independent step-up implementation (check of the check)', () => {
    bh(P).forEach((q, i) => expect(q).toBeCloseTo(Q_R[i], 6));
  });

  it('mart_product_hotspots: q-values equal p.adjust(p, "BH"), four hot spots at q ≤ 0.05', async () => {
    db = await baseDb();
    await buildModels(db, [
      BATCH_MODELS[0],
      BATCH_MODELS[1],
      BATCH_MODELS[2],
      BATCH_MODELS[3],
      BATCH_MODELS[4],
      ...PRODUCT_MODELS,
    ]);
    await db.run(
      'delete from int_product_period_tests; delete from int_product_region_tests; delete from int_product_cause_tests',
    );
    for (const [i, p] of P.entries()) {
      await db.run(
        `insert into int_product_period_tests by name
         select 'product_period' as level, $product as product, 'X' as product_category, date '2024-06-01' as period_start,
                'units' as basis, 'category' as baseline_group, 20 as complaints, 20 as observed, 2.0 as expected,
                true as is_tested, 10.0 as rate_ratio, 1.0 as phi, $p as p_value`,
        { product: `P${String(i + 1).padStart(2, '0')}`, p },
      );
    }
    await buildModels(db, ['marts/mart_product_hotspots']);
    const rows = await db.all<{
      product: string;
      q_value: number;
      tests_in_family: number;
      is_hotspot: boolean;
    }>(
      `select product, q_value, tests_in_family, is_hotspot from mart_product_hotspots order by product`,
    );
    expect(rows.map((r) => Number(r.tests_in_family))).toEqual(new Array(15).fill(15));
    rows.forEach((r, i) => expect(r.q_value).toBeCloseTo(Q_R[i], 6));
    expect(rows.filter((r) => r.is_hotspot).map((r) => r.product)).toEqual([
      'P01',
      'P02',
      'P03',
      'P04',
    ]);
  });

  it.each(['units', 'batch'] as const)(
    'mart_batch_hotspots (%s basis, no complaints to give causes): one BH over every test of a date',
    async (basis) => {
      db = await baseDb();
      await buildModels(db, BATCH_MODELS);
      await db.run(
        'delete from int_batch_rate_tests; delete from int_batch_mix_tests; delete from int_batch_catalogue',
      );
      for (const [i, p] of P.entries()) {
        const batch = `B${String(i + 1).padStart(2, '0')}`;
        await db.run(
          `insert into int_batch_catalogue by name
           select $id as batch_id, 1 as product_id, 'T' as product, $batch as batch, date '2024-01-15' as production_date,
                  'volumes' as production_date_source, 1000 as units, $basis as exposure_basis, 1000.0 as exposure_units,
                  167 as age_days, 20 as complaints, 20 as complaints_in_scope, 20 as quality_complaints`,
          { id: i + 1, batch, basis },
        );
        await db.run(
          `insert into int_batch_rate_tests by name
           select $id as batch_id, 'T' as product, $batch as batch, date '2024-06-30' as eval_date, $basis as exposure_basis,
                  167 as age_days, 20 as observed_all_ages, 20 as observed, 2.0 as expected, 20 as comparator_batches,
                  false as screened_from_baseline, 1.0 as phi, true as is_tested, 10.0 as rate_ratio, $p as p_value,
                  1.5 as min_rate_ratio_lower, 3 as min_complaints, 0.05 as max_q, true as is_current, 0.0001 as p_ratio_above_min`,
          { id: i + 1, batch, p, basis },
        );
      }
      await buildModels(db, ['marts/mart_batch_hotspots']);
      const rows = await db.all<{
        batch: string;
        combined_p_value: number;
        q_value: number;
        tests_in_family: number;
        is_hotspot: boolean;
        flag_basis: string[];
      }>(
        `select batch, combined_p_value, q_value, tests_in_family, is_hotspot, flag_basis from mart_batch_hotspots order by batch`,
      );
      // no cause was seen, so the family is the 15 rate tests on both bases: the textbook q-values
      const expected = bh(P);
      rows.forEach((r, i) => {
        expect(Number(r.tests_in_family)).toBe(15);
        expect(r.combined_p_value).toBeCloseTo(P[i], 12);
        expect(r.q_value).toBeCloseTo(expected[i], 10);
        expect(r.q_value).toBeCloseTo(Q_R[i], 6);
      });
      const hot = rows.filter((r) => r.is_hotspot).map((r) => r.batch);
      expect(hot).toEqual(['B01', 'B02', 'B03', 'B04']);
      expect(rows[0].flag_basis).toEqual(['rate']);
      // the hot spots' one order (sql/macros/ranking.sql): by q-value, here equal ratios and counts
      const ranks = await db.all<{ batch: string; rank: number | null }>(
        'select batch, rank from mart_batch_hotspots order by batch',
      );
      expect(ranks.map((r) => (r.rank === null ? null : Number(r.rank)))).toEqual([
        1,
        2,
        3,
        4,
        ...Array<null>(11).fill(null),
      ]);
    },
  );
});
