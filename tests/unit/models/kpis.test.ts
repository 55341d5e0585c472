// KPI marts on hand-computed data: tests/unit/models/kpiFixture.ts describes every complaint and
// why it counts where it does; each expected value below is derived in the comment next to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../pipeline/db.ts';
import { build, fixtureDb, insertComplaints, insertVolumes, rows, testConfig } from './helpers.ts';
import { KPI_COMPLAINTS, KPI_VOLUMES } from './kpiFixture.ts';

let db: Db;

beforeAll(async () => {
  db = await fixtureDb();
  await insertComplaints(db, KPI_COMPLAINTS);
  await insertVolumes(db, KPI_VOLUMES);
  const summary = await build(db);
  expect(summary.ok).toBe(true);
});

afterAll(() => db?.close());

async function monthly(period: string, dimension: string, member: string) {
  const r = await rows(
    db,
    'select * from mart_kpis_monthly where period_start = $p::date and dimension = $d and member = $m',
    {
      p: period,
      d: dimension,
      m: member,
    },
  );
  expect(r, `${period} ${dimension} ${member}`).toHaveLength(1);
  return r[0];
}

async function weekly(period: string, dimension: string, member: string) {
  const r = await rows(
    db,
    'select * from mart_kpis_weekly where period_start = $p::date and dimension = $d and member = $m',
    {
      p: period,
      d: dimension,
      m: member,
    },
  );
  expect(r, `${period} ${dimension} ${member}`).toHaveLength(1);
  return r[0];
}

describe('mart_kpis_monthly, January 2024, all complaints', () => {
  let jan: Record<string, unknown>;
  beforeAll(async () => {
    jan = await monthly('2024-01-01', 'all', 'all');
  });

  it('has the period columns', () => {
    expect(jan.period_end).toBe('2024-01-31');
    expect(jan.is_complete).toBe(true);
  });

  it('counts complaints: valid ones, invalid and withdrawn separately', () => {
    // A1–A7 received in January; A5 is invalid → 6 complaints (A6 withdrawn still counts).
    expect(jan.complaints).toBe(6);
    expect(jan.invalid_complaints).toBe(1);
    expect(jan.withdrawn_complaints).toBe(1);
    // Open = valid, not withdrawn, not resolved: A3 (in progress), past its 72 h SLA.
    expect(jan.open_complaints).toBe(1);
    expect(jan.overdue_open_complaints).toBe(1);
  });

  it('first_response_within_sla_rate = answered within 24 h / complaints with a known outcome', () => {
    // Scope A1, A2, A3, A4, A7: 10 h ✓, 36 h ✗, 1 h ✓, 24 h (resolution as response) ✓, 2 h ✓ → 4/5.
    expect(jan.first_response_within_sla_rate).toBeCloseTo(0.8, 12);
    // (10 + 36 + 1 + 24 + 2) / 5
    expect(jan.avg_first_response_hours).toBeCloseTo(14.6, 12);
  });

  it('resolved_within_sla_rate and delay_rate split the complaints whose SLA outcome is known', () => {
    // A1 72 h ≤ 168 ✓; A2 120 h > 72 ✗; A3 open past 72 h ✗; A4 24 h ✓; A7 48 h ≤ 168 ✓ → 3/5, 2/5.
    expect(jan.resolved_within_sla_rate).toBeCloseTo(0.6, 12);
    expect(jan.delay_rate).toBeCloseTo(0.4, 12);
  });

  it('redispatch_rate = dispatch_count > 1 / complaints with a dispatch count', () => {
    // Known: A1 1, A2 2, A3 3, A4 1, A6 1 (A7 unknown) → 2/5.
    expect(jan.redispatch_rate).toBeCloseTo(0.4, 12);
  });

  it('repeat_rate = repeats / complaints with customer and product', () => {
    // A3 repeats A1 (U1, W1, 13 days); A7 has no customer → 1/5.
    expect(jan.repeat_rate).toBeCloseTo(0.2, 12);
  });

  it('resolution_rate and closed_loop_rate over valid, not withdrawn complaints', () => {
    // Scope A1, A2, A3, A4, A7. Resolved: A1 (closed), A2, A4, A7 (no status, resolved_at) → 4/5.
    expect(jan.resolution_rate).toBeCloseTo(0.8, 12);
    // Closed: A1 only → 1/5.
    expect(jan.closed_loop_rate).toBeCloseTo(0.2, 12);
  });

  it('handling hours over resolved complaints', () => {
    // A1 72, A2 120, A4 24, A7 48 → mean 66, median (48 + 72) / 2 = 60.
    expect(jan.avg_handling_hours).toBeCloseTo(66, 12);
    expect(jan.median_handling_hours).toBeCloseTo(60, 12);
  });

  it('satisfaction over rated valid complaints', () => {
    // A1 1.0, A2 0.6, A4 0.8, A7 0.9 (A5's 0.2 is invalid) → mean 0.825; ≥ 0.8: A1, A4, A7 → 3/4.
    expect(jan.satisfaction_responses).toBe(4);
    expect(jan.satisfaction_avg).toBeCloseTo(0.825, 12);
    expect(jan.satisfied_rate).toBeCloseTo(0.75, 12);
  });

  it('compensation_total over valid complaints', () => {
    // A1 100 + A4 2000 + A7 0 (A5's 500 is invalid).
    expect(jan.compensation_total).toBe(2100);
  });

  it('external_escalation_rate = external channel / complaints', () => {
    // A2 via 12315 (A5 via 微博 is invalid) → 1/6.
    expect(jan.external_escalation_rate).toBeCloseTo(1 / 6, 12);
  });

  it('counts severity grades', () => {
    // 一般: A1, A6. 重大: A2 (12315), A3 (repeat), A7 (export says high). 紧急: A4 (漏电).
    expect(jan.severity_general).toBe(2);
    expect(jan.severity_major).toBe(3);
    expect(jan.severity_urgent).toBe(1);
  });

  it('units in the field and complaints per 10k units', () => {
    // W1: b1 (2023-06) + b2 (2024-01-15) = 15000, b3 (2020-01) is > 36 months old; W2: 20000 → 35000.
    expect(jan.units).toBe(35000);
    // All 6 complaints are about W1 or W2 → 6 / 35000 × 10000.
    expect(jan.complaints_per_10k_units).toBeCloseTo((6 / 35000) * 10000, 12);
  });

  it('previous month (December 2023) and year-ago (January 2023) values', () => {
    // December: B1 only, answered in 1 h, resolved in 24 h, closed, satisfaction 1.
    expect(jan.prev_complaints).toBe(1);
    expect(jan.prev_first_response_within_sla_rate).toBe(1);
    expect(jan.prev_resolution_rate).toBe(1);
    expect(jan.prev_avg_handling_hours).toBeCloseTo(24, 12);
    expect(jan.prev_satisfaction_avg).toBe(1);
    // December units: W1 b1 10000 + W2 20000 → 1 / 30000 × 10000.
    expect(jan.prev_complaints_per_10k_units).toBeCloseTo(1 / 3, 12);
    // January 2023: B2 (resolved in 24 h ✓) and B3 (价格, 336 h > 120 h ✗); no ratings.
    expect(jan.yoy_complaints).toBe(2);
    expect(jan.yoy_resolved_within_sla_rate).toBeCloseTo(0.5, 12);
    expect(jan.yoy_delay_rate).toBeCloseTo(0.5, 12);
    expect(jan.yoy_avg_handling_hours).toBeCloseTo((24 + 336) / 2, 12);
    expect(jan.yoy_satisfaction_avg).toBeNull();
    // January 2023 units: only W2's undated batch (b3 is 36+ months old) → 2 / 20000 × 10000.
    expect(jan.yoy_complaints_per_10k_units).toBeCloseTo(1, 12);
  });
});

describe('mart_kpis_monthly dimensions', () => {
  it('splits by category (handbook taxonomy)', async () => {
    // 产品质量: A1 (type) and A4 (text).
    const q = await monthly('2024-01-01', 'category', '产品质量');
    expect(q.complaints).toBe(2);
    expect(q.severity_urgent).toBe(1);
    expect((await monthly('2024-01-01', 'category', '物流运输')).complaints).toBe(2); // A2, A6
    expect((await monthly('2024-01-01', 'category', '售后维修')).complaints).toBe(1); // A7
    // 价格 appears (A5) but it is invalid: a member row with 0 complaints, 1 invalid.
    const price = await monthly('2024-01-01', 'category', '价格');
    expect(price.complaints).toBe(0);
    expect(price.invalid_complaints).toBe(1);
  });

  it('uses (unknown) for a missing member', async () => {
    const unknown = await monthly('2024-01-01', 'region', '(unknown)');
    expect(unknown.complaints).toBe(1); // A7
    expect(unknown.repeat_rate).toBeNull(); // A7 has no customer: no denominator
  });

  it('gives units to product and product_category members only', async () => {
    // W1 in January: A1, A2, A3, A7 over 15000 units.
    const w1 = await monthly('2024-01-01', 'product', 'W1');
    expect(w1.complaints).toBe(4);
    expect(w1.units).toBe(15000);
    expect(w1.complaints_per_10k_units).toBeCloseTo((4 / 15000) * 10000, 12);
    // W1's complaints all say 洗衣机 → the category's units are W1's.
    const washers = await monthly('2024-01-01', 'product_category', '洗衣机');
    expect(washers.units).toBe(15000);
    expect((await monthly('2024-01-01', 'channel', '客服热线')).units).toBeNull();
  });

  it('fills periods without complaints so deltas never skip a month', async () => {
    // February 2024 has no complaint at all; W2's row exists with its units and prev = January.
    const feb = await monthly('2024-02-01', 'product', 'W2');
    expect(feb.complaints).toBe(0);
    expect(feb.units).toBe(20000);
    expect(feb.complaints_per_10k_units).toBe(0);
    expect(feb.resolution_rate).toBeNull();
    expect(feb.prev_complaints).toBe(2); // A4, A6
    const all = await rows(
      db,
      "select count(*) as n from mart_kpis_monthly where dimension = 'all'",
    );
    expect(all[0].n).toBe(15); // 2023-01 … 2024-03
  });

  it('marks the period containing as-of as incomplete and excludes not-yet-due SLAs', async () => {
    const mar = await monthly('2024-03-01', 'all', 'all');
    expect(mar.is_complete).toBe(false);
    expect(mar.complaints).toBe(1); // C1
    // C1 is unanswered but its 24 h are not over at as-of: no known outcome yet.
    expect(mar.first_response_within_sla_rate).toBeNull();
    expect(mar.open_complaints).toBe(1);
    expect(mar.overdue_open_complaints).toBe(0);
    // C1 is 54 days after U1's previous W1 complaint: not a repeat.
    expect(mar.repeat_rate).toBe(0);
  });

  it('judges handling KPIs only on mature periods: every complaint due before the data ends', async () => {
    // Data end = 2024-03-09 (C1, the last complaint received); the longest resolution SLA is
    // 168 h = 7 days, so a period is mature when period_end + 7 days <= 2024-03-09.
    const feb = await monthly('2024-02-01', 'all', 'all'); // 29 Feb + 7 = 7 Mar ✓
    expect(feb.is_mature).toBe(true);
    expect((await monthly('2024-03-01', 'all', 'all')).is_mature).toBe(false); // not complete
    // Week 26 Feb – 3 Mar is complete at as-of (10 Mar) but 3 Mar + 7 = 10 Mar > 9 Mar.
    const week = await weekly('2024-02-26', 'all', 'all');
    expect(week.is_complete).toBe(true);
    expect(week.is_mature).toBe(false);
    // open_share = open / in handling; January: A7 is the one open complaint of 5 in handling
    const jan = await monthly('2024-01-01', 'all', 'all');
    expect(jan.is_mature).toBe(true);
    expect(jan.open_share).toBeCloseTo(Number(jan.open_complaints) / 5, 12);
  });

  it('adds up: every dimension sums to all', async () => {
    const sums = await rows(
      db,
      `select dimension, sum(complaints) as complaints, sum(compensation_total) as compensation
       from mart_kpis_monthly where period_start = '2024-01-01' group by dimension order by dimension`,
    );
    for (const s of sums) {
      expect(s.complaints, s.dimension as string).toBe(6);
      expect(s.compensation, s.dimension as string).toBe(2100);
    }
    expect(sums.map((s) => s.dimension)).toEqual([
      'all',
      'category',
      'channel',
      'department',
      'product',
      'product_category',
      'region',
    ]);
  });
});

describe('mart_kpis_weekly', () => {
  it('uses ISO weeks (Monday start) and the previous week', async () => {
    // Week of Monday 2024-01-15: A3 (Mon 15th) and A4 (Sat 20th); week before: A2.
    const w = await weekly('2024-01-15', 'all', 'all');
    expect(w.period_end).toBe('2024-01-21');
    expect(w.complaints).toBe(2);
    expect(w.first_response_within_sla_rate).toBe(1); // 1 h, 24 h
    expect(w.resolved_within_sla_rate).toBeCloseTo(0.5, 12); // A3 ✗, A4 ✓
    expect(w.prev_complaints).toBe(1);
    // 52 weeks earlier (2023-01-16) is inside the data and had no complaint.
    expect(w.yoy_complaints).toBe(0);
  });

  it('compares with the week 52 weeks earlier', async () => {
    // 2024-01-01 − 364 days = Monday 2023-01-02, the week of B2 (Thu) and B3 (Fri).
    const w = await weekly('2024-01-01', 'all', 'all');
    expect(w.complaints).toBe(1); // A1
    expect(w.yoy_complaints).toBe(2);
    expect(w.prev_complaints).toBe(0); // week of 2023-12-25
  });
});

describe('column contract', () => {
  for (const mart of ['mart_kpis_monthly', 'mart_kpis_weekly']) {
    it(`${mart} starts with the dashboard's columns, then KPIs, then prev_* and yoy_*`, async () => {
      const cols = await rows(
        db,
        `select column_name, data_type from information_schema.columns where table_name = $t order by ordinal_position`,
        {
          t: mart,
        },
      );
      expect(cols.slice(0, 6)).toEqual([
        { column_name: 'period_start', data_type: 'DATE' },
        { column_name: 'period_end', data_type: 'DATE' },
        { column_name: 'is_complete', data_type: 'BOOLEAN' },
        { column_name: 'dimension', data_type: 'VARCHAR' },
        { column_name: 'member', data_type: 'VARCHAR' },
        { column_name: 'complaints', data_type: 'BIGINT' },
      ]);
      const names = cols.map((c) => c.column_name as string);
      const firstPrev = names.findIndex((n) => n.startsWith('prev_'));
      const firstYoy = names.findIndex((n) => n.startsWith('yoy_'));
      expect(firstPrev).toBeGreaterThan(6);
      expect(names.slice(firstPrev, firstYoy).every((n) => n.startsWith('prev_'))).toBe(true);
      // maturity columns are appended after the contract's yoy_* block
      expect(names.slice(-2)).toEqual(['is_mature', 'open_share']);
      expect(names.slice(firstYoy, -2).every((n) => n.startsWith('yoy_'))).toBe(true);
      for (const kpi of [
        'units',
        'complaints_per_10k_units',
        'first_response_within_sla_rate',
        'resolved_within_sla_rate',
        'delay_rate',
        'redispatch_rate',
        'repeat_rate',
        'resolution_rate',
        'closed_loop_rate',
        'avg_handling_hours',
        'median_handling_hours',
        'satisfaction_avg',
        'satisfied_rate',
        'compensation_total',
        'external_escalation_rate',
        'severity_general',
        'severity_major',
        'severity_urgent',
      ]) {
        expect(names.indexOf(kpi), kpi).toBeGreaterThan(5);
        expect(names.indexOf(kpi), kpi).toBeLessThan(firstPrev);
      }
    });
  }
});

describe('exports that record no handling (no status, resolution or closing date)', () => {
  it('give NULL handling KPIs, "not recorded", instead of a 0 % resolution rate', async () => {
    const bare = await fixtureDb();
    try {
      // the same complaints with every handling field left out, as an owner-report export has them
      await insertComplaints(
        bare,
        KPI_COMPLAINTS.map((c) => ({
          ...c,
          status: null,
          first_response_at: null,
          resolved_at: null,
          closed_at: null,
        })),
      );
      expect((await build(bare)).ok).toBe(true);
      const [jan] = await rows(
        bare,
        `select * from mart_kpis_monthly
         where period_start = '2024-01-01' and dimension = 'all' and member = 'all'`,
      );
      expect(jan.complaints).toBe(7); // A5 is no longer marked invalid: it has no status now
      for (const kpi of [
        'first_response_within_sla_rate',
        'resolved_within_sla_rate',
        'delay_rate',
        'resolution_rate',
        'closed_loop_rate',
        'open_share',
        'open_complaints',
        'overdue_open_complaints',
      ])
        expect(jan[kpi], kpi).toBeNull();
      // what the export does record is still measured
      expect(jan.satisfaction_responses).toBeGreaterThan(0);
    } finally {
      bare.close();
    }
  });

  it('with a status but no dates, keep the resolution rate and drop the SLA and delay rates', async () => {
    const statusOnly = await fixtureDb();
    try {
      await insertComplaints(
        statusOnly,
        KPI_COMPLAINTS.map((c) => ({ ...c, resolved_at: null, closed_at: null })),
      );
      expect((await build(statusOnly)).ok).toBe(true);
      const [jan] = await rows(
        statusOnly,
        `select * from mart_kpis_monthly
         where period_start = '2024-01-01' and dimension = 'all' and member = 'all'`,
      );
      // whether a complaint is resolved comes from its status (those without one now count open)
      expect(typeof jan.resolution_rate).toBe('number');
      expect(typeof jan.open_share).toBe('number');
      expect((jan.resolution_rate as number) + (jan.open_share as number)).toBeCloseTo(1, 12);
      // when it was resolved is unknown: the only known SLA outcomes would be late open ones
      expect(jan.resolved_within_sla_rate).toBeNull();
      expect(jan.delay_rate).toBeNull();
    } finally {
      statusOnly.close();
    }
  });
});

describe('a month the export stops in', () => {
  it('is not complete, however long ago it ended', async () => {
    // the data end on 2024-03-09 (C1); read three months later, March has ended but the export
    // holds only its first nine days: in progress, not a month whose count collapsed
    const late = await fixtureDb();
    try {
      await insertComplaints(late, KPI_COMPLAINTS);
      expect((await build(late, { config: testConfig({}, '2024-06-01 00:00:00') })).ok).toBe(true);
      const months = await rows(
        late,
        `select strftime(period_start, '%Y-%m') as month, is_complete from mart_kpis_monthly
         where dimension = 'all' order by period_start`,
      );
      expect(months.at(-2)).toEqual({ month: '2024-02', is_complete: true });
      expect(months.at(-1)).toEqual({ month: '2024-03', is_complete: false });
    } finally {
      late.close();
    }
  });
});
