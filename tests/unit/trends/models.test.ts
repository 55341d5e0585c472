// The trend models end to end on fixture complaints in an in-memory warehouse: zero-filled series,
// incomplete periods, a planted spike, drop, step (CUSUM) and emerging cluster with exact
// expected values, stable alert ids, the control chart, and an empty cluster table.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../pipeline/db.ts';
import { trendAlertOf } from '../../../pipeline/contract/trendAlerts.ts';
import {
  buildUpTo,
  ensureClusters,
  insertComplaints,
  openWarehouse,
  type FixtureComplaint,
} from '../../helpers/trendWarehouse.ts';

const MARTS = [
  'mart_series_weekly',
  'mart_series_monthly',
  'mart_trend_alerts',
  'mart_control_chart',
];
const FIRST_MONDAY = Date.UTC(2026, 0, 5);
const weekStart = (w: number) =>
  new Date(FIRST_MONDAY + w * 7 * 86400000).toISOString().slice(0, 10);
const AS_OF = '2026-10-14 12:00:00'; // Wednesday of week 40: weeks 0-39 complete, week 40 partial

/**
 * 40 complete weeks from 2026-01-05 plus a partial week 40:
 *   channel A 10/week, 40 in week 35 (spike);  channel B 12/week, 0 in week 38 (drop);
 *   channel C 10/week, 16/week from week 30 (step);  one A complaint in week 40.
 */
function fixture(): { complaints: FixtureComplaint[]; clusters: [string, string][] } {
  const complaints: FixtureComplaint[] = [];
  const clusters: [string, string][] = [];
  const add = (channel: string, w: number, n: number, region: string) => {
    for (let i = 0; i < n; i++) {
      const at = new Date(
        FIRST_MONDAY + w * 7 * 86400000 + (i % 5) * 86400000 + 36000000 + i * 60000,
      );
      const id = `${channel}-${w}-${i}`;
      complaints.push({
        id,
        at: at.toISOString().slice(0, 19).replace('T', ' '),
        channel,
        product: 'P1',
        product_category: '冰箱',
        region,
        complaint_type: '物流运输',
      });
      // root-cause clusters: c1 for every B complaint; c2 for 1 A complaint a week, 6 a week from week 36
      if (channel === 'B') clusters.push([id, 'c1']);
      if (channel === 'A' && i < (w >= 36 ? 6 : 1)) clusters.push([id, 'c2']);
    }
  };
  for (let w = 0; w < 40; w++) {
    add('A', w, w === 35 ? 40 : 10, '四川');
    add('B', w, w === 38 ? 0 : 12, '广东');
    add('C', w, w >= 30 ? 16 : 10, '广东');
  }
  add('A', 40, 1, '四川');
  return { complaints, clusters };
}

let db: Db;
beforeAll(async () => {
  db = await openWarehouse({ asOf: AS_OF });
  const { complaints, clusters } = fixture();
  await insertComplaints(db, complaints);
  await ensureClusters(db);
  await db.run(
    `insert into complaint_clusters select * from (values ${clusters.map(([c, k]) => `('${c}', '${k}', 0.1)`).join(',')})`,
  );
  await buildUpTo(db, MARTS);
});
afterAll(() => db.close());

// The reasons are worded from the mart's numbers by the shared catalogue, as the readers do.
const alerts = async () =>
  (
    await db.all<{
      alert_id: string;
      kind: string;
      dimension: string;
      member: string;
      period_start: string;
      observed: number;
      expected: number;
      p_value: number;
      first_alert_period: string;
    }>(
      `select * from mart_trend_alerts where grain = 'week' order by kind, dimension, member, first_alert_period`,
    )
  ).map((row) => {
    const alert = trendAlertOf(row);
    return { ...row, reason_zh: alert.reasonZh, reason_en: alert.reasonEn };
  });

describe('series', () => {
  it('fills every week with counts, marks the partial current week', async () => {
    const rows = await db.all<{
      period_start: string;
      complaints: number;
      is_complete: boolean;
      is_current: boolean;
    }>(
      `select period_start, complaints::int as complaints, is_complete, is_current from mart_series_weekly where dimension = 'channel' and member = 'B' order by period_start`,
    );
    expect(rows).toHaveLength(41);
    expect(rows[38]).toEqual({
      period_start: weekStart(38),
      complaints: 0,
      is_complete: true,
      is_current: false,
    });
    expect(rows[40]).toEqual({
      period_start: weekStart(40),
      complaints: 0,
      is_complete: false,
      is_current: true,
    });
    const all = await db.all<{ complaints: number }>(
      `select complaints::int as complaints from mart_series_weekly where dimension = 'all' order by period_start`,
    );
    expect(all[0].complaints).toBe(32);
    expect(all[35].complaints).toBe(40 + 12 + 16);
    expect(all[40].complaints).toBe(1);
  });

  it('has every dimension, (unknown) for missing values and category × region members', async () => {
    const dims = await db.all<{ dimension: string; members: string }>(
      `select dimension, string_agg(distinct member, ',' order by member) as members from mart_series_weekly group by dimension order by dimension`,
    );
    expect(Object.fromEntries(dims.map((d) => [d.dimension, d.members]))).toEqual({
      all: 'all',
      category: '物流运输',
      category_region: '物流运输 × 四川,物流运输 × 广东',
      channel: 'A,B,C',
      cluster: 'c1,c2',
      department: '(unknown)',
      product: 'P1',
      product_category: '冰箱',
      region: '四川,广东',
    });
  });

  it('monthly series: October is the current, incomplete month', async () => {
    const rows = await db.all<{ month: string; complaints: number; is_complete: boolean }>(
      `select month, complaints::int as complaints, is_complete from mart_series_monthly where dimension = 'channel' and member = 'B' order by period_start`,
    );
    expect(rows.map((r) => r.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
    ]);
    expect(rows.at(-1)!.is_complete).toBe(false);
    expect(rows.at(-2)!.is_complete).toBe(true);
  });
});

describe('alerts', () => {
  it('spike: week 35 of channel A, p from the negative binomial with phi_pred = 1 + 1/26', async () => {
    const spike = (await alerts()).find(
      (a) => a.kind === 'spike' && a.dimension === 'channel' && a.member === 'A',
    )!;
    expect(spike).toBeDefined();
    expect(spike.period_start).toBe(weekStart(35));
    expect(spike.first_alert_period).toBe(weekStart(35));
    expect(spike.observed).toBe(40);
    expect(spike.expected).toBeCloseTo(10, 10);
    // reference: sum of NB pmf (mean 10, variance (1 + 1/26) * 10) from 40 on, Python math
    expect(Math.abs(spike.p_value - 3.5384742236781803e-12) / 3.5384742236781803e-12).toBeLessThan(
      1e-6,
    );
    expect(spike.reason_zh).toContain('渠道「A」2026-W37 投诉 40 件');
    expect(spike.reason_en).toContain('40 complaints in 2026-W37 against about 10.0 expected');
    const id = createHash('md5')
      .update(`spike|week|channel|A|${weekStart(35)}`)
      .digest('hex')
      .slice(0, 16);
    expect(spike.alert_id).toBe(id);
  });

  it('drop: channel B silent in week 38', async () => {
    const drop = (await alerts()).find((a) => a.kind === 'drop' && a.member === 'B')!;
    expect(drop.period_start).toBe(weekStart(38));
    expect(drop.observed).toBe(0);
    expect(drop.expected).toBeCloseTo(12, 10);
    expect(Math.abs(drop.p_value - 7.694672661856123e-6) / 7.694672661856123e-6).toBeLessThan(1e-6);
    expect(drop.reason_en).toContain('broken export');
  });

  it('shift: CUSUM on channel C crosses h = 5 in the 5th week of the step', async () => {
    // Anscombe z of 16 against a level of 10 with phi_level = 1 + 1/n (the level's estimation
    // variance, n weeks in its window): 2(sqrt(16.375) - sqrt(10.375)) / sqrt(1 + 1/n) ≈ 1.62;
    // minus k = 0.5 → ≈ 1.12 per week: 1.11, 2.23, 3.35, 4.47, 5.59 → alarm in week 34 (step from week 30).
    const shift = (await alerts()).find(
      (a) => a.kind === 'shift' && a.dimension === 'channel' && a.member === 'C',
    )!;
    expect(shift.first_alert_period).toBe(weekStart(34));
    expect(shift.period_start).toBe(weekStart(39));
    const s = await db.all<{ cusum: number }>(
      `select cusum from int_trend_signals where grain = 'week' and dimension = 'channel' and member = 'C' and period_start >= '${weekStart(30)}' order by period_start limit 4`,
    );
    // The guarded window (t-34 .. t-9) holds 22 weeks at week 30 (the data start at week 0), 23 at 31, …
    let cusum = 0;
    s.forEach((r, i) => {
      cusum += (2 * (Math.sqrt(16.375) - Math.sqrt(10.375))) / Math.sqrt(1 + 1 / (22 + i)) - 0.5;
      expect(r.cusum).toBeCloseTo(cusum, 9);
    });
    // the single-week spike of channel A is not also a shift
    expect((await alerts()).some((a) => a.kind === 'shift' && a.member === 'A')).toBe(false);
  });

  it('emerging: cluster c2 rose from ~3 % to ~17 % of complaints', async () => {
    const emerging = (await alerts()).filter((a) => a.kind === 'emerging');
    expect(emerging.map((a) => a.member)).toEqual(['c2']);
    expect(emerging[0].observed).toBe(6 * 4);
    expect(emerging[0].reason_zh).toContain('根因簇「c2」');
  });

  it('alert ids are unique', async () => {
    const ids = (await alerts()).map((a) => a.alert_id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('control chart', () => {
  it('c-chart of channel A: centre, Poisson limits, WE1 at the spike', async () => {
    const rows = await db.all<{
      period_start: string;
      chart_type: string;
      center: number;
      ucl: number;
      rule: string | null;
      is_complete: boolean;
    }>(
      `select period_start, chart_type, center, ucl, rule, is_complete from mart_control_chart where grain = 'week' and dimension = 'channel' and member = 'A' order by period_start`,
    );
    const center = (39 * 10 + 40) / 40;
    // moving ranges of z: two of 30 / sqrt(centre), the rest 0 → sigma_z = 0.42 < 1: no Laney adjustment
    expect(rows[0].chart_type).toBe('c');
    expect(rows[0].ucl).toBeCloseTo(center + 3 * Math.sqrt(center), 10);
    expect(rows[0].center).toBeCloseTo(center, 10);
    const spike = rows.find((r) => r.period_start === weekStart(35))!;
    expect(spike.rule).toBe('WE1');
    expect(rows.at(-1)!.is_complete).toBe(false);
    expect(rows.at(-1)!.rule).toBeNull();
  });

  it('plain c-chart limits for channel B (no overdispersion beyond the one silent week)', async () => {
    const r = await db.one<{
      center: number;
      sigma: number;
      sigma_z: number;
      laney_applied: boolean;
    }>(
      `select center, sigma, sigma_z, laney_applied from mart_control_chart where grain = 'week' and member = 'B' limit 1`,
    );
    const center = (39 * 12) / 40;
    expect(r!.center).toBeCloseTo(center, 10);
    // moving ranges of z: two of |12 - 0| / sqrt(centre), the rest 0 → sigma_z = 2 * 12 / sqrt(c) / 39 / 1.128
    const sigmaZ = (2 * 12) / Math.sqrt(center) / 39 / 1.128;
    expect(r!.sigma_z).toBeCloseTo(sigmaZ, 10);
    expect(r!.laney_applied).toBe(sigmaZ > 1);
    expect(r!.sigma).toBeCloseTo(Math.sqrt(center) * Math.max(1, sigmaZ), 10);
  });
});

describe('without root-cause clusters', () => {
  it('builds with an empty complaint_clusters: no cluster series, no emerging alerts', async () => {
    const empty = await openWarehouse({ asOf: AS_OF });
    try {
      await insertComplaints(empty, fixture().complaints);
      await ensureClusters(empty);
      await buildUpTo(empty, ['mart_trend_alerts', 'mart_series_weekly']);
      expect(
        Number(
          await empty.scalar(`select count(*) from mart_series_weekly where dimension = 'cluster'`),
        ),
      ).toBe(0);
      expect(
        Number(
          await empty.scalar(`select count(*) from mart_trend_alerts where kind = 'emerging'`),
        ),
      ).toBe(0);
      expect(
        Number(await empty.scalar(`select count(*) from mart_trend_alerts where kind = 'spike'`)),
      ).toBeGreaterThan(0);
    } finally {
      empty.close();
    }
  });
});
