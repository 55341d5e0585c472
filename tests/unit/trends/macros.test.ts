// The statistics behind the trend detectors (sql/macros/trends.sql) against known values:
// reference tails computed independently by summing the pmf in double precision (Python math),
// Mann-Kendall S / Var(S) and Sen's slope computed by hand, a CUSUM path computed by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../pipeline/db.ts';
import { runMacros } from '../../helpers/trendWarehouse.ts';

let db: Db;
beforeAll(async () => {
  db = await openDb(':memory:');
  await runMacros(db);
});
afterAll(() => db.close());

const value = async (expr: string): Promise<number> => Number(await db.scalar(`select ${expr}`));
const list = async (expr: string): Promise<number[]> =>
  ((await db.scalar(`select ${expr}`)) as unknown[]).map(Number);
const rel = (got: number, want: number) => Math.abs(got - want) / want;

describe('normal tails', () => {
  it('matches the standard normal CDF to 1e-7', async () => {
    expect(await value('tr_norm_cdf(1.96)')).toBeCloseTo(0.9750021048517795, 7);
    expect(await value('tr_norm_cdf(-1.0)')).toBeCloseTo(0.15865525393145707, 7);
    expect(await value('tr_norm_cdf(0)')).toBeCloseTo(0.5, 7);
  });
  it('keeps relative precision far in the upper tail', async () => {
    expect(rel(await value('tr_norm_sf(3.0)'), 0.0013498980316301035)).toBeLessThan(1e-6);
    expect(rel(await value('tr_norm_sf(6.0)'), 9.865876450376946e-10)).toBeLessThan(1e-6);
  });
});

describe('Poisson tails', () => {
  it('P(X >= y) for spikes', async () => {
    expect(rel(await value('tr_pois_sf(10, 3.0)'), 0.0011024881301154817)).toBeLessThan(1e-9);
    expect(rel(await value('tr_pois_sf(16, 5.0)'), 6.900824185567828e-5)).toBeLessThan(1e-9);
    expect(rel(await value('tr_pois_sf(60, 20.0)'), 4.2332846947127736e-13)).toBeLessThan(1e-9);
    expect(rel(await value('tr_pois_sf(1100, 1000.0)'), 0.0009626304058662804)).toBeLessThan(1e-6);
  });
  it('P(X <= y) for drops', async () => {
    expect(rel(await value('tr_pois_cdf(0, 7.0)'), 0.0009118819655545162)).toBeLessThan(1e-9);
    expect(rel(await value('tr_pois_cdf(2, 10.0)'), 0.002769395715511577)).toBeLessThan(1e-9);
  });
  it('edge cases', async () => {
    expect(await value('tr_pois_sf(0, 3.0)')).toBe(1);
    expect(await value('tr_pois_sf(3, 0.0)')).toBe(0);
    expect(await value('tr_pois_sf(2, 3.0) + tr_pois_cdf(1, 3.0)')).toBeCloseTo(1, 12);
  });
});

describe('negative binomial tails (mean mu, variance phi * mu)', () => {
  it('upper and lower tails', async () => {
    expect(rel(await value('tr_nb_sf(16, 5.0, 1.5)'), 0.0016495826751628665)).toBeLessThan(1e-9);
    expect(rel(await value('tr_nb_sf(60, 20.0, 3.0)'), 0.00010899439283386957)).toBeLessThan(1e-9);
    expect(rel(await value('tr_nb_cdf(2, 10.0, 2.0)'), 0.01928710937500004)).toBeLessThan(1e-9);
  });
  it('tr_count_* falls back to Poisson without overdispersion', async () => {
    expect(await value('tr_count_sf(10, 3.0, 1.0)')).toBe(await value('tr_pois_sf(10, 3.0)'));
    expect(await value('tr_count_sf(16, 5.0, 1.5)')).toBe(await value('tr_nb_sf(16, 5.0, 1.5)'));
  });
});

describe('binomial upper tail', () => {
  it('P(X >= 8 | n = 10, p = 0.5) = 56/1024', async () => {
    expect(await value('tr_binom_sf(8, 10, 0.5)')).toBeCloseTo(56 / 1024, 12);
    expect(await value('tr_binom_sf(0, 10, 0.5)')).toBe(1);
    expect(await value('tr_binom_sf(11, 10, 0.5)')).toBe(0);
  });
});

describe('Mann-Kendall', () => {
  it('S and Var(S) of a strictly rising series (n = 5): S = 10, Var = 5*4*15/18', async () => {
    expect(await value('tr_mk_s([1, 2, 3, 4, 5])')).toBe(10);
    expect(await value('tr_mk_var([1, 2, 3, 4, 5])')).toBeCloseTo(50 / 3, 12);
  });
  it('tie correction: [1, 2, 2, 3] has S = 5, Var = (4*3*13 - 2*1*9)/18', async () => {
    expect(await value('tr_mk_s([1, 2, 2, 3])')).toBe(5);
    expect(await value('tr_mk_var([1, 2, 2, 3])')).toBeCloseTo(138 / 18, 12);
  });
  it('hand-computed series: S, Var, z and the one-sided p (reference: scipy norm.sf)', async () => {
    // x = 10, 15, 14, 20: pairs + + + - + + → S = 4; Var = 4*3*13/18 = 8.667; z = (4-1)/sqrt(8.667)
    expect(await value('tr_mk_s([10, 15, 14, 20])')).toBe(4);
    const z = 3 / Math.sqrt(156 / 18);
    expect(await value('tr_mk_z(4, 156 / 18.0)')).toBeCloseTo(z, 12);
    expect(await value('tr_mk_p_up([10, 15, 14, 20])')).toBeCloseTo(0.154089773733527, 6); // 1 - Phi(1.01905)
  });
  it('a falling series has negative S and p_up near 1', async () => {
    expect(await value('tr_mk_s([5, 4, 3, 2, 1])')).toBe(-10);
    // z = (-10 + 1) / sqrt(50/3) = -2.2045 → p_up = Phi(2.2045)
    expect(await value('tr_mk_p_up([5, 4, 3, 2, 1])')).toBeCloseTo(0.986256, 5);
  });
  it("Sen's slope: median of pairwise slopes", async () => {
    // slopes of [1, 3, 2, 5]: 2, 0.5, 4/3, -1, 1, 3 → median (1 + 4/3) / 2
    expect(await value('tr_sen_slope([1.0, 3, 2, 5])')).toBeCloseTo(7 / 6, 12);
    expect(await value('tr_sen_slope([2.0, 4, 6, 8, 10])')).toBe(2);
  });
});

describe('CUSUM', () => {
  it('follows S_t = min(h, max(0, S_{t-1} + inc_t)) on a hand-computed sequence', async () => {
    // 0.5 → 0.5; -1 → 0; 2 → 2; 3 → 5 capped at 4; -0.5 → 3.5; -4 → 0; null → 0
    expect(await list('tr_cusum_path([0.5, -1, 2, 3, -0.5, -4, null]::double[], 4.0)')).toEqual([
      0.5, 0, 2, 4, 3.5, 0, 0,
    ]);
  });
  it('Anscombe residual is 0 at the mean and scales with 1/sqrt(phi)', async () => {
    expect(await value('tr_anscombe_z(20, 20.0, 1.0)')).toBe(0);
    const z1 = await value('tr_anscombe_z(40, 20.0, 1.0)');
    expect(z1).toBeCloseTo(2 * (Math.sqrt(40.375) - Math.sqrt(20.375)), 12);
    expect(await value('tr_anscombe_z(40, 20.0, 4.0)')).toBeCloseTo(z1 / 2, 12);
  });
});
