// The batch hot-spot models on small hand-computed fixtures.
//
// Product P: four batches made 2024-01-01 (1,000, 1,000, 2,000 and 1,000 units), observed until
// 2024-03-30, age buckets [0, 30) and [30, ∞) days (so 30 + 60 days of exposure each). Quality
// complaints per bucket: B1 2+3, B2 1+1, B3 2+4, B4 0+15. B4 is far above the others: it is
// screened out of the baseline in pass 2, and the others' expectations are computed without it
// and without themselves (leave-one-out). Worked numbers (unit-days 30 000 per bucket-0 day of a
// 1,000-unit batch, etc.):
//   pass 1, B4: 30 000·(5−0)/120 000 + 60 000·(23−15)/240 000 = 1.25 + 2.00 = 3.25 → screened
//   pass 2, B1: 30 000·(5−2)/90 000 + 60 000·(8−3)/180 000 = 1.000 + 1.667 = 2.667
//           B2: 30 000·(5−1)/90 000 + 60 000·(8−1)/180 000 = 1.333 + 2.333 = 3.667
//           B3: 60 000·(5−2)/60 000 + 120 000·(8−4)/120 000 = 3.000 + 4.000 = 7.000
//           B4: 30 000·5/120 000 + 60 000·8/240 000 = 3.25 (the pool without B4)
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../pipeline/db.ts';
import { BATCH_UNTESTED_CODES } from '../../../pipeline/contract/hotspotCodes.ts';
import {
  BATCH_MODELS,
  buildModels,
  loadClusters,
  loadActionRows,
  loadComplaints,
  loadVolumes,
  openHotspotDb,
  type EnrichedRow,
  batchRow,
} from '../../helpers/hotspotWarehouse.ts';

const SETTINGS = { hotspots_min_comparator_batches: '2', hotspots_age_bucket_edges: '30' };

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
  for (let j = k + 1; j < k + 500; j++) s += pmf(j, mu);
  return s;
}

let nextId = 0;
function complaints(
  product: string,
  batch: string,
  production: string,
  dates: string[],
  category = '产品质量',
): EnrichedRow[] {
  return dates.map((d) => ({
    complaint_id: `c${nextId++}`,
    received_date: d,
    product,
    product_category: 'cat',
    batch,
    production_date: production,
    region: d < '2024-02-15' ? '广东' : '江苏',
    category,
  }));
}

const P_ROWS: EnrichedRow[] = [
  ...complaints('P', 'B1', '2024-01-01', ['2024-01-01'], '物流运输'), // not quality: only fixes data_start
  ...complaints('P', 'B1', '2024-01-01', [
    '2024-01-10',
    '2024-01-20',
    '2024-02-10',
    '2024-02-20',
    '2024-03-10',
  ]),
  ...complaints('P', 'B2', '2024-01-01', ['2024-01-15', '2024-02-15']),
  ...complaints('P', 'B3', '2024-01-01', [
    '2024-01-12',
    '2024-01-25',
    '2024-02-05',
    '2024-02-25',
    '2024-03-05',
    '2024-03-25',
  ]),
  ...complaints('P', 'B4', '2024-01-01', [
    '2024-02-01',
    '2024-02-03',
    '2024-02-06',
    '2024-02-09',
    '2024-02-12',
    '2024-02-16',
    '2024-02-20',
    '2024-02-24',
    '2024-02-28',
    '2024-03-03',
    '2024-03-08',
    '2024-03-13',
    '2024-03-18',
    '2024-03-23',
    '2024-03-29',
  ]),
  ...complaints('P', 'BX', '2024-01-01', ['2024-02-02']), // not in the volumes file
  // Q: no volumes → complaints per batch
  ...complaints('Q', 'Q1', '2024-01-01', ['2024-02-10', '2024-02-11', '2024-02-12']),
  ...complaints('Q', 'Q2', '2024-01-01', ['2024-02-13', '2024-02-14', '2024-02-15']),
  ...complaints('Q', 'Q3', '2024-01-01', [
    '2024-02-16',
    '2024-02-17',
    '2024-02-18',
    '2024-02-19',
    '2024-02-20',
    '2024-02-21',
  ]),
  // L: made before the export starts (left truncation); Y: made 5 days before its end
  ...complaints('L', 'L0', '2023-12-01', ['2024-01-05']),
  ...complaints('Y', 'Y1', '2024-03-25', ['2024-03-28', '2024-03-30']),
];

const P_VOLUMES = [
  { product: 'P', batch: 'B1', production_date: '2024-01-01', units: 1000 },
  { product: 'P', batch: 'B2', production_date: '2024-01-01', units: 1000 },
  { product: 'P', batch: 'B3', production_date: '2024-01-01', units: 2000 },
  { product: 'P', batch: 'B4', production_date: '2024-01-01', units: 1000 },
  { product: 'L', batch: 'L0', production_date: '2023-12-01', units: 500 },
  { product: 'Y', batch: 'Y1', production_date: '2024-03-25', units: 800 },
];

let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

async function build(
  asOf: string,
  rows: EnrichedRow[] = P_ROWS,
  clusters?: Parameters<typeof loadClusters>[1],
): Promise<Db> {
  const d = await openHotspotDb({ as_of: `${asOf} 23:59:59`, ...SETTINGS });
  await loadComplaints(d, rows);
  await loadVolumes(d, P_VOLUMES);
  if (clusters) await loadClusters(d, clusters);
  await buildModels(d, BATCH_MODELS, clusters ? ['int_batch_complaint_clusters'] : []);
  return d;
}

const batch = batchRow;

describe('observation window and catalogue', () => {
  it('runs from the first receipt to the last one not after as_of', async () => {
    db = await build('2024-03-30');
    const s = await db.one<{ data_start: string; data_end: string }>(
      'select data_start, data_end from int_batch_hotspot_settings',
    );
    expect(s).toEqual({ data_start: '2024-01-01', data_end: '2024-03-30' });
  });

  it('classifies batches: units, batch basis without volumes, untested with a reason code', async () => {
    db = await build('2024-03-30');
    const rows = await db.all<{
      batch: string;
      exposure_basis: string | null;
      untested_because: string | null;
    }>('select batch, exposure_basis, untested_because from mart_batch_hotspots order by batch');
    const by = Object.fromEntries(rows.map((r) => [r.batch, r]));
    expect(by.B1.exposure_basis).toBe('units');
    expect(by.Q1.exposure_basis).toBe('batch');
    expect(by.BX).toMatchObject({
      exposure_basis: null,
      untested_because: 'missing_from_volumes',
    });
    expect(by.Y1.untested_because).toBe('too_young');
    expect(by.L0.untested_because).toBe('no_comparable_batches');
    // codes, not prose: every code the models emit is one the catalogue words
    // (pipeline/contract/hotspotCodes.ts, tests/unit/messages/hotspots.test.ts)
    for (const r of rows)
      if (r.untested_because !== null) expect(BATCH_UNTESTED_CODES).toContain(r.untested_because);
  });

  it('counts exposure only inside the window (left truncation) and by age bucket', async () => {
    db = await build('2024-03-30');
    const l0 = await db.all<{ age_bucket: number; exposure_days: number; unit_days: number }>(
      `select e.age_bucket, e.exposure_days, e.unit_days from int_batch_exposure e join int_batch_catalogue c using (batch_id)
       where c.batch = 'L0' and e.eval_date = date '2024-03-30'`,
    );
    // bucket 0 (2023-12-01 … 12-30) is before the export: no row; bucket 1 from 2024-01-01: 90 days
    expect(l0).toEqual([{ age_bucket: 1, exposure_days: 90, unit_days: 45000 }]);
    const b3 = await db.all<{
      age_bucket: number;
      exposure_days: number;
      unit_days: number;
      observed: number;
    }>(
      `select e.age_bucket, e.exposure_days, e.unit_days, e.observed from int_batch_exposure e join int_batch_catalogue c using (batch_id)
       where c.batch = 'B3' and e.eval_date = date '2024-03-30' order by e.age_bucket`,
    );
    expect(b3).toEqual([
      { age_bucket: 0, exposure_days: 30, unit_days: 60000, observed: 2 },
      { age_bucket: 1, exposure_days: 60, unit_days: 120000, observed: 4 },
    ]);
    // a monitoring date (Monday 2024-02-26 of the weekly grid) sees only the complaints
    // received by then
    const early = await db.scalar(
      `select sum(e.observed) from int_batch_exposure e join int_batch_catalogue c using (batch_id)
       where c.batch = 'B4' and e.eval_date = date '2024-02-26'`,
    );
    expect(Number(early)).toBe(8);
  });
});

describe('same-age, leave-one-out, outlier-resistant expectation', () => {
  it('matches the worked numbers', async () => {
    db = await build('2024-03-30');
    const expected: Record<string, [number, number]> = {
      B1: [5, 8 / 3],
      B2: [2, 11 / 3],
      B3: [6, 7],
      B4: [15, 3.25],
    };
    for (const [name, [o, e]] of Object.entries(expected)) {
      const r = await batch(db, name);
      expect(Number(r.observed)).toBe(o);
      expect(Number(r.expected)).toBeCloseTo(e, 10);
    }
    expect((await batch(db, 'B4')).screened_from_baseline).toBe(true);
    expect((await batch(db, 'B1')).screened_from_baseline).toBe(false);
  });

  it('tests B4 with the exact mid-p, BH across the 7 batches tested, and explains it', async () => {
    db = await build('2024-03-30');
    const r = await batch(db, 'B4');
    const p = midp(15, 3.25);
    expect(r.p_value as number).toBeCloseTo(p, 14);
    // one BH family of every batch × route × cause test: the rate tests of B1–B4 and Q1–Q3, and
    // the cause-mix tests of Q1–Q3 (no volumes), one per cause seen in Q (one category)
    expect(Number(r.tests_in_family)).toBe(10);
    expect(r.combined_p_value as number).toBeCloseTo(p, 14); // the batch's smallest p
    expect(r.q_value as number).toBeCloseTo(p * 10, 12); // the smallest of the 10
    expect(r.dispersion_factor).toBe(1); // fewer than 10 batches: pure Poisson
    expect(r).toMatchObject({ is_hotspot: true, flag_basis: ['rate'], is_volume_based: true });
    expect(Number(r.units_at_risk)).toBe(1000);
    expect(r.rate_ratio as number).toBeCloseTo(15 / 3.25, 10);
    expect(r.rate_ratio_lower as number).toBeGreaterThan(1.5);
    // 3.25 prints as 3.2 (printf rounds an exact tie to even); limits from the Garwood table
    expect(r.reason_zh).toBe(
      '批次 B4：质量投诉 15 起，预期 3.2 起（同龄批次基线），比率 4.6 [2.6–7.6]，q<0.001',
    );
    expect(r.reason_en).toBe(
      'Batch B4: 15 quality complaints, 3.2 expected (same-age batch baseline), ratio 4.6 [2.6–7.6], q<0.001',
    );
    // exact limits: qchisq(0.025, 30)/2 / 3.25 and qchisq(0.975, 32)/2 / 3.25
    expect(r.rate_ratio_lower as number).toBeCloseTo(8.3954 / 3.25, 3);
    expect(r.rate_ratio_upper as number).toBeCloseTo(24.7392 / 3.25, 3);
    expect(r.top_regions).toBe('江苏 10 · 广东 5');
    expect(r.dominant_category).toBe('产品质量');
    for (const name of ['B1', 'B2', 'B3', 'Q1', 'Q2', 'Q3', 'BX', 'Y1', 'L0']) {
      expect((await batch(db, name)).is_hotspot).toBe(false);
    }
    expect((await batch(db, 'Y1')).reason_zh).toBe(
      '批次 Y1：未检验（批次太新：生产 5 天，需满 30 天）',
    );
  });

  it('uses complaints per batch when the product has no volumes', async () => {
    db = await build('2024-03-30');
    // Q3: others had 3 + 3 complaints over 2 batches × 60 days at ages ≥ 30 → 60 · 6/120 = 3
    const q3 = await batch(db, 'Q3');
    expect(Number(q3.expected)).toBeCloseTo(3, 10);
    expect(q3.reason_zh).toContain('同龄批次基线，未提供产量、假定批量相近');
    expect(Number(q3.units_at_risk)).toBe(0);
  });
});

describe('sequential monitoring (no hindsight)', () => {
  it('first_flagged_on is the first monitoring date a run with as_of = that date flags', async () => {
    db = await build('2024-03-30');
    const first = String((await batch(db, 'B4')).first_flagged_on);
    expect(first).toMatch(/^2024-0[23]-\d\d$/);
    // monitoring dates are the weekly grid's Mondays (from 2000-01-03) and data_end
    expect(new Date(`${first}T00:00:00Z`).getUTCDay()).toBe(1);
    db.close();
    db = await build(first);
    expect((await batch(db, 'B4')).is_hotspot).toBe(true);
    const before = new Date(Date.parse(first) - 7 * 86_400_000).toISOString().slice(0, 10);
    db.close();
    db = await build(before);
    expect((await batch(db, 'B4')).is_hotspot).toBe(false);
  });
});

describe('root-cause clusters', () => {
  it("tests the batch's complaints of one cluster against its share elsewhere, and names it", async () => {
    // Quality complaints of P get clusters: B4's 15 are all 'noise'; the others alternate.
    const clusters = P_ROWS.filter((r) => r.product === 'P' && r.category === '产品质量').map(
      (r, i) => ({
        complaint_id: r.complaint_id,
        cluster_id: r.batch === 'B4' ? 'k1' : i % 2 ? 'k1' : 'k2',
        cluster_label: r.batch === 'B4' ? '压缩机 · 噪音' : i % 2 ? '压缩机 · 噪音' : '不制冷',
      }),
    );
    db = await build('2024-03-30', P_ROWS, clusters);
    const r = await batch(db, 'B4');
    const mix = await db.one<{
      a: number;
      b: number;
      c: number;
      d: number;
      cause_expected: number;
    }>(
      `select a, b, c, d, cause_expected from int_batch_mix_tests where batch = 'B4' and cause_key = 'k1' and eval_date = date '2024-03-30'`,
    );
    expect(mix).toBeDefined();
    // expected = E(B4) × (c + ½) / (c + d + 1)
    expect(mix!.cause_expected).toBeCloseTo(
      (3.25 * (Number(mix!.c) + 0.5)) / (Number(mix!.c) + Number(mix!.d) + 1),
      10,
    );
    expect(r.cause_rate_key).toBe('k1');
    expect(r.dominant_cluster_label).toBe('压缩机 · 噪音');
    expect(r.dominant_cluster_share).toBe(1);
    expect(r.flag_basis).toContain('cause_rate');
    expect(r.reason_zh).toContain('100% 为 压缩机 · 噪音');
    expect(r.reason_zh).toContain('其中 压缩机 · 噪音 15 起');
  });
  it('counts a cause cumulatively on every monitoring date, also the weeks without a new complaint', async () => {
    // int_batch_mix_tests builds its running counts from the dates where complaints arrive and
    // repeats them on the weeks in between: a on each date must be every complaint of the batch
    // and cluster received by then, and a (batch, cluster) once tested is tested every week after.
    const quality = P_ROWS.filter((r) => r.product === 'P' && r.category === '产品质量');
    const clusters = quality.map((r, i) => ({
      complaint_id: r.complaint_id,
      cluster_id: r.batch === 'B4' ? 'k1' : i % 2 ? 'k1' : 'k2',
      cluster_label: r.batch === 'B4' ? '压缩机 · 噪音' : i % 2 ? '压缩机 · 噪音' : '不制冷',
    }));
    db = await build('2024-03-30', P_ROWS, clusters);
    const rows = await db.all<{ batch: string; cause_key: string; eval_date: string; a: number }>(
      `select batch, cause_key, cast(eval_date as varchar) as eval_date, a from int_batch_mix_tests order by all`,
    );
    expect(rows.length).toBeGreaterThan(10);
    const cluster = new Map(clusters.map((c) => [c.complaint_id, c.cluster_id]));
    const firstDate = new Map<string, string>();
    for (const r of rows) {
      const received = quality.filter(
        (q) =>
          q.batch === r.batch &&
          cluster.get(q.complaint_id) === r.cause_key &&
          q.received_date <= r.eval_date,
      ).length;
      expect(Number(r.a), `${r.batch} ${r.cause_key} ${r.eval_date}`).toBe(received);
      const key = `${r.batch} ${r.cause_key}`;
      if (!firstDate.has(key)) firstDate.set(key, r.eval_date);
    }
    for (const [key, first] of firstDate) {
      // the grid's Mondays from the first date before data_end (a Saturday), then data_end
      const weeks =
        Math.ceil((Date.parse('2024-03-30') - Date.parse(first)) / (7 * 86_400_000)) + 1;
      expect(rows.filter((r) => `${r.batch} ${r.cause_key}` === key).length, key).toBe(weeks);
    }
  });
});

describe('cause mix without past monitoring dates', () => {
  it('counts every complaint received by today when only today is tested (volumes, no clusters)', async () => {
    // Every batch has volumes and there are no clusters: the cause tests are reported, not
    // weighted, and only today's date is built. The counts must still be cumulative (they once
    // held only the last monitoring step's complaints).
    const rows = P_ROWS.filter(
      (r) => r.product === 'P' && ['B1', 'B2', 'B3', 'B4'].includes(r.batch ?? ''),
    );
    db = await build('2024-03-30', rows);
    const tests = await db.all<{ batch: string; cause_key: string; eval_date: string; a: number }>(
      `select batch, cause_key, cast(eval_date as varchar) as eval_date, a from int_batch_mix_tests order by all`,
    );
    expect(tests.length).toBeGreaterThan(0);
    // today = the data's end (its last receipt), the only date built
    expect(new Set(tests.map((t) => t.eval_date)).size).toBe(1);
    for (const t of tests) {
      const received = rows.filter(
        (r) => r.batch === t.batch && r.category === t.cause_key && r.received_date <= t.eval_date,
      ).length;
      expect(Number(t.a), `${t.batch} ${t.cause_key}`).toBe(received);
    }
  });
});

describe('actions already taken (--actions)', () => {
  it('marks a hot spot covered by an open matching action and measures lead time from the first flag', async () => {
    db = await openHotspotDb({ as_of: '2024-03-30 23:59:59', ...SETTINGS });
    await loadComplaints(db, P_ROWS);
    await loadVolumes(db, P_VOLUMES);
    await loadActionRows(db, [
      // B4: an open recall naming the complaints' category, and an earlier closed containment
      {
        product: 'P',
        batch: 'B4',
        action_type: 'recall',
        opened_on: '2024-03-20',
        reference: 'R-1',
        component: '产品质量',
      },
      {
        product: 'P',
        batch: 'B4',
        action_type: 'containment',
        opened_on: '2024-03-01',
        closed_on: '2024-03-10',
      },
      // B1 is no hot spot: its action is listed, it covers nothing
      { product: 'P', batch: 'B1', action_type: 'corrective', opened_on: '2024-03-05' },
      // B3: an action for another component does not match
      {
        product: 'P',
        batch: 'B3',
        action_type: 'recall',
        opened_on: '2024-03-05',
        component: '门锁',
      },
    ]);
    await buildModels(db, BATCH_MODELS);
    const b4 = await batch(db, 'B4');
    expect(b4.is_hotspot).toBe(true);
    expect(b4.is_covered_by_action).toBe(true);
    expect(String(b4.first_action_on)).toBe('2024-03-01');
    const flagged = Date.parse(String(b4.first_flagged_on));
    expect(Number(b4.lead_time_days)).toBe(
      Math.round((Date.parse('2024-03-01') - flagged) / 86_400_000),
    );
    expect(b4.actions).toBe(
      'containment 2024-03-01 → 2024-03-10 · recall R-1 [产品质量] 2024-03-20 →',
    );
    expect(b4.reason_en).toContain('covered by an open action: containment');
    const b1 = await batch(db, 'B1');
    expect(b1).toMatchObject({ is_hotspot: false, is_covered_by_action: false });
    expect(b1.actions).toBe('corrective 2024-03-05 →');
    // without the open recall B4 is not covered (the containment closed before as_of)
    await db.run(`delete from actions where action_type = 'recall'`);
    await buildModels(db, ['marts/mart_batch_hotspots']);
    expect((await batch(db, 'B4')).is_covered_by_action).toBe(false);
  });
});

describe('like-with-like cause mix', () => {
  it('reports a cause no earlier batch had as a new cause, untested, and never compares it with batches that lack it', async () => {
    // Product A, no volumes: eight batches 60 days apart, each with 5 ENGINE and 5 BRAKES
    // complaints 20–200 days after production, except A7 and A8 (new equipment): 5 ENGINE,
    // 2 BRAKES and 3 LANE — as many complaints as the others, a new cause among them.
    const rows: EnrichedRow[] = [];
    const clusters: { complaint_id: string; cluster_id: string; cluster_label: string }[] = [];
    const day = (iso: string, add: number) =>
      new Date(Date.parse(iso) + add * 86_400_000).toISOString().slice(0, 10);
    for (let i = 1; i <= 8; i++) {
      const made = day('2023-01-01', 60 * (i - 1));
      const causes = [
        ...Array<string>(5).fill('ENGINE'),
        ...Array<string>(i >= 7 ? 2 : 5).fill('BRAKES'),
        ...Array<string>(i >= 7 ? 3 : 0).fill('LANE'),
      ];
      causes.forEach((cause, k) => {
        const [row] = complaints('A', `A${i}`, made, [day(made, 20 + ((k * 37) % 180))]);
        rows.push(row);
        clusters.push({ complaint_id: row.complaint_id, cluster_id: cause, cluster_label: cause });
      });
    }
    db = await openHotspotDb({ as_of: '2025-06-30 23:59:59', ...SETTINGS });
    await loadComplaints(db, rows);
    await loadClusters(db, clusters);
    await buildModels(db, BATCH_MODELS, ['int_batch_complaint_clusters']);
    const lane = await db.all<{
      batch: string;
      is_new_cause: boolean;
      is_tested: boolean;
      untested_because: string | null;
    }>(
      `select batch, is_new_cause, is_tested, untested_because from int_batch_mix_tests
       where cause_key = 'LANE' and eval_date = (select data_end from int_batch_hotspot_settings)
       order by batch`,
    );
    expect(lane).toEqual([
      { batch: 'A7', is_new_cause: true, is_tested: false, untested_because: 'new_cause' },
      // A8's only comparator with the equipment is A7 (fewer than 2), and no other product has
      // it: no like-for-like baseline at any level
      {
        batch: 'A8',
        is_new_cause: false,
        is_tested: false,
        untested_because: 'no_comparable_batches',
      },
    ]);
    const a7 = await batch(db, 'A7');
    expect(a7).toMatchObject({ is_hotspot: false, signal_kind: 'new_cause', new_causes: 'LANE 3' });
    expect(a7.reason_en).toContain('new causes (no earlier batch of the product had them');
    // ENGINE in A8 is compared at the product level, age-standardised: an ordinary share
    const engine = await db.one<{ comparison_level: string; prr: number }>(
      `select comparison_level, prr from int_batch_mix_tests
       where batch = 'A8' and cause_key = 'ENGINE' and eval_date = (select data_end from int_batch_hotspot_settings)`,
    );
    expect(engine!.comparison_level).toBe('product');
    expect(engine!.prr).toBeLessThan(2);
    for (let i = 1; i <= 8; i++) expect((await batch(db, `A${i}`)).is_hotspot).toBe(false);
  });

  it('falls back to the product line, then all products, only where the product has too few comparators', async () => {
    // Line 'cat': X with 2 batches, Y with 4; line 'other': Z with 2. Every batch: 3 ENGINE and
    // 3 BRAKES complaints 20–150 days after production. With at least 2 comparators required
    // (SETTINGS), Y's batches have 3 in their product; X's have 1, and 5 in the line; Z's have 1
    // in the product and in its line, and 7 over all products.
    const rows: EnrichedRow[] = [];
    const clusters: { complaint_id: string; cluster_id: string; cluster_label: string }[] = [];
    const day = (iso: string, add: number) =>
      new Date(Date.parse(iso) + add * 86_400_000).toISOString().slice(0, 10);
    const lines: [string, string, number][] = [
      ['X', 'cat', 2],
      ['Y', 'cat', 4],
      ['Z', 'other', 2],
    ];
    for (const [product, line, n] of lines) {
      for (let i = 1; i <= n; i++) {
        const made = day('2023-01-01', 30 * (i - 1));
        ['ENGINE', 'BRAKES', 'ENGINE', 'BRAKES', 'ENGINE', 'BRAKES'].forEach((cause, k) => {
          const [row] = complaints(product, `${product}${i}`, made, [day(made, 20 + 26 * k)]);
          rows.push({ ...row, product_category: line });
          clusters.push({
            complaint_id: row.complaint_id,
            cluster_id: cause,
            cluster_label: cause,
          });
        });
      }
    }
    db = await openHotspotDb({ as_of: '2024-06-30 23:59:59', ...SETTINGS });
    await loadComplaints(db, rows);
    await loadClusters(db, clusters);
    await buildModels(db, BATCH_MODELS, ['int_batch_complaint_clusters']);
    const levels = await db.all<{ product: string; level: string; batches: number }>(
      `select product, string_agg(distinct comparison_level) as level, cast(min(comparator_batches) as integer) as batches
       from int_batch_mix_tests
       where eval_date = (select data_end from int_batch_hotspot_settings)
       group by product order by product`,
    );
    expect(levels).toEqual([
      { product: 'X', level: 'product_line', batches: 5 },
      { product: 'Y', level: 'product', batches: 3 },
      { product: 'Z', level: 'all_products', batches: 7 },
    ]);
  });
});
