// The statistics macros (sql/macros/stats.sql) against published values and against independent
// direct computations: exact Poisson and binomial tails, Garwood confidence limits, the gamma
// quantile, the normal approximations, the 2×2 disproportionality statistics, and the pruning
// bounds the models use to skip exact tails that cannot matter.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../pipeline/db.ts';

let db: Db;

beforeAll(async () => {
  db = await openDb(':memory:', { threads: 1 });
  await db.run(readFileSync(new URL('../../../sql/macros/stats.sql', import.meta.url), 'utf8'));
});

afterAll(() => db.close());

async function value(sql: string): Promise<number> {
  return Number(await db.scalar(`select ${sql}`));
}

// Independent reference implementations: direct sums of probabilities built from log-factorials.
function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}
function poissonPmf(k: number, mu: number): number {
  return Math.exp(k * Math.log(mu) - mu - logFactorial(k));
}
/** P(X ≥ k), summed upwards far into the tail. */
function poissonUpper(k: number, mu: number): number {
  let s = 0;
  for (let j = k; j < k + 2000; j++) s += poissonPmf(j, mu);
  return s;
}
function binomPmf(k: number, n: number, p: number): number {
  return Math.exp(
    logFactorial(n) -
      logFactorial(k) -
      logFactorial(n - k) +
      k * Math.log(p) +
      (n - k) * Math.log(1 - p),
  );
}
function binomUpper(k: number, n: number, p: number): number {
  let s = 0;
  for (let j = k; j <= n; j++) s += binomPmf(j, n, p);
  return s;
}

describe('Poisson tails', () => {
  it('matches R ppois(k - 1, mu, lower.tail = FALSE)', async () => {
    // R 4.3: ppois(4, 1, lower.tail=FALSE) etc.
    expect(await value('poisson_upper(5, 1.0)')).toBeCloseTo(0.003659847, 9);
    expect(await value('poisson_upper(3, 0.5)')).toBeCloseTo(0.01438768, 8);
    expect(await value('poisson_upper(10, 2.0)')).toBeCloseTo(4.649808e-5, 11);
    expect(await value('poisson_upper(0, 3.0)')).toBe(1);
  });

  it('agrees with a direct sum to 1e-12 relative, deep into the tail', async () => {
    for (const [k, mu] of [
      [1, 0.01],
      [7, 2.2],
      [46, 9.1],
      [120, 60],
      [1000, 900],
      [30, 55],
    ] as const) {
      const expected = poissonUpper(k, mu);
      const got = await value(`poisson_upper(${k}, ${mu}::double)`);
      expect(Math.abs(got - expected) / expected).toBeLessThan(1e-10);
    }
  });

  it('gives the mid-p value P(X > k) + ½ P(X = k)', async () => {
    for (const [k, mu] of [
      [0, 2.0],
      [3, 0.4],
      [15, 5.0],
      [46, 9.1],
    ] as const) {
      const expected = poissonUpper(k + 1, mu) + 0.5 * poissonPmf(k, mu);
      const got = await value(`poisson_midp_upper(${k}, ${mu}::double)`);
      expect(Math.abs(got - expected) / expected).toBeLessThan(1e-10);
    }
    // mid-p of 15 when 5 are expected, by hand: P(X ≥ 16) + ½·P(X = 15)
    expect(await value('poisson_midp_upper(15, 5.0)')).toBeCloseTo(
      poissonUpper(16, 5) + 0.5 * poissonPmf(15, 5),
      12,
    );
  });

  it('extends to non-integer counts (gamma_p(½, x) = erf(√x))', async () => {
    expect(await value('gamma_p(0.5, 2.0)')).toBeCloseTo(0.9544997361, 9);
    expect(await value('gamma_p(0.5, 0.5)')).toBeCloseTo(0.6826894921, 9);
    expect(await value('gamma_p(1.0, 1.0)')).toBeCloseTo(1 - Math.exp(-1), 12);
  });
});

describe('exact (Garwood) Poisson confidence limits', () => {
  // 95 % limits for a Poisson count (e.g. Ulm 1990, Table 1; R: qchisq(0.025, 2k)/2, qchisq(0.975, 2k+2)/2)
  const table: [number, number, number][] = [
    [0, 0, 3.689],
    [1, 0.0253, 5.572],
    [2, 0.2422, 7.225],
    [3, 0.6187, 8.767],
    [5, 1.6235, 11.668],
    [10, 4.7954, 18.39],
    [20, 12.2165, 30.888],
  ];
  it.each(table)('k = %i → [%f, %f]', async (k, lower, upper) => {
    expect(await value(`poisson_ci_lower(${k}, 0.95)`)).toBeCloseTo(lower, 3);
    expect(await value(`poisson_ci_upper(${k}, 0.95)`)).toBeCloseTo(upper, 3);
  });

  it('rate ratio limits scale by E and φ; the tail rule matches the lower limit', async () => {
    // 46 observed, 9.1 expected: RR 5.05 with exact limits 33.678/9.1 and 61.358/9.1
    expect(await value('rate_ratio_lower(46, 9.1, 1.0, 0.95)')).toBeCloseTo(33.6778 / 9.1, 3);
    expect(await value('rate_ratio_upper(46, 9.1, 1.0, 0.95)')).toBeCloseTo(61.3576 / 9.1, 3);
    // lower limit > 1.5 exactly when P(X ≥ O; 1.5·E) < 0.025
    for (const [o, e] of [
      [10, 2.0],
      [10, 3.3],
      [25, 10.0],
      [7, 2.5],
    ] as const) {
      const lower = await value(`rate_ratio_lower(${o}, ${e}, 1.0, 0.95)`);
      const tail = await value(`rate_ratio_tail_at(${o}, ${e}, 1.0, 1.5)`);
      expect(lower > 1.5).toBe(tail < 0.025);
    }
  });
});

describe('gamma quantile (Wilson–Hilferty + Newton)', () => {
  it('inverts gamma_p to 1e-9 over shapes 0.3–300 and p 0.001–0.999', async () => {
    const rows = await db.all<{ worst: number }>(`
      select max(abs(gamma_p(a, gamma_quantile(p, a)) - p) / least(p, 1 - p)) as worst
      from (values (0.3), (0.5), (1.0), (2.5), (10.0), (50.0), (300.0)) as shapes(a)
      cross join (values (0.001), (0.025), (0.5), (0.975), (0.999)) as probs(p)`);
    expect(rows[0].worst).toBeLessThan(1e-9);
  });

  it('starts from Wilson–Hilferty, whose own error is what docs/statistics.md states', async () => {
    // relative error of the start alone, for the record: large for shape 1, small for shape 50
    const small = await value(
      'abs(gamma_quantile_wh(0.025, 1.0) - gamma_quantile(0.025, 1.0)) / gamma_quantile(0.025, 1.0)',
    );
    const large = await value(
      'abs(gamma_quantile_wh(0.025, 50.0) - gamma_quantile(0.025, 50.0)) / gamma_quantile(0.025, 50.0)',
    );
    expect(small).toBeGreaterThan(0.4); // 48 %: why the Newton steps are needed
    expect(small).toBeLessThan(0.5);
    expect(large).toBeLessThan(0.002);
  });
});

describe('normal approximations', () => {
  it('A&S 26.2.17 CDF within 7.5e-8, 26.2.23 quantile within 4.5e-4', async () => {
    for (const [z, phi] of [
      [1.96, 0.9750021049],
      [-2.5, 0.0062096653],
      [0, 0.5],
      [3.5, 0.9997673709],
    ] as const) {
      expect(Math.abs((await value(`norm_cdf(${z}::double)`)) - phi)).toBeLessThan(7.5e-8);
    }
    expect(Math.abs((await value('norm_quantile(0.975)')) - 1.959963985)).toBeLessThan(4.5e-4);
    expect(Math.abs((await value('norm_quantile(0.01)')) + 2.326347874)).toBeLessThan(4.5e-4);
  });

  it('χ²₁ tail: P(χ²₁ > 3.841459) = 0.05', async () => {
    expect(await value('chi2_1_sf(3.841459)')).toBeCloseTo(0.05, 6);
  });
});

describe('binomial tails', () => {
  it('matches R 1 - pbinom(k - 1, n, p) and a direct sum', async () => {
    expect(await value('binom_upper(3, 10, 0.1)')).toBeCloseTo(0.0701908264, 9);
    for (const [k, n, p] of [
      [5, 5, 0.13],
      [19, 27, 0.24],
      [8, 11, 0.177],
      [60, 400, 0.1],
    ] as const) {
      const expected = binomUpper(k, n, p);
      const got = await value(`binom_upper(${k}, ${n}, ${p})`);
      expect(Math.abs(got - expected) / expected).toBeLessThan(1e-10);
    }
  });

  it('mix_midp is the binomial mid-p with the Haldane-smoothed comparison share', async () => {
    // a = 5 of 5 with the cause; others 137 of 775: π₀ = 137.5 / 776
    const pi = 137.5 / 776;
    expect(await value('mix_midp(5, 0, 137, 638)')).toBeCloseTo(0.5 * binomPmf(5, 5, pi), 12);
  });

  it('never returns a p-value above 1 (rounding in the summed tail, seen on a 1M-row build)', async () => {
    expect(await value('mix_midp(0, 134, 26, 98)')).toBeLessThanOrEqual(1);
    expect(await value('mix_midp(0, 113, 0, 1)')).toBeLessThanOrEqual(1);
    expect(await value('binom_midp_upper(0, 134, 26.5 / 125)')).toBe(1);
  });
});

describe("conditional rate ratio (the rate test's fallback baseline)", () => {
  it('binom_upper_cont equals the binomial tail for whole counts and tends to 1 / 0 at the ends', async () => {
    for (const [k, n, p] of [
      [3, 10, 0.2],
      [20, 22, 2 / 3],
      [1, 1, 0.5],
      [40, 200, 0.1],
      [150, 400, 0.25],
    ]) {
      const ref = binomUpper(k, n, p);
      expect(Math.abs((await value(`binom_upper_cont(${k}, ${n}, ${p})`)) - ref)).toBeLessThan(
        1e-10 * ref + 1e-15,
      );
    }
    // effective (non-integer) counts: the lattice is anchored at n, so the limits are right
    expect(await value('binom_upper_cont(1.67, 4.33, 0.999999)')).toBeCloseTo(1, 9);
    expect(await value('binom_upper_cont(1.67, 4.33, 0.000001)')).toBeLessThan(1e-9);
    expect(await value('binom_upper_cont(0, 4, 0.5)')).toBe(1);
  });

  it('mid-p, limits and the tail rule agree for O of O + O_ref at w = E / E_ref', async () => {
    // 7 complaints against 5 in the product's other batches, w = 0.5: p0 = 1/3
    const p0 = 0.5 / 1.5;
    expect(await value('rate_ratio_cond_midp(7, 5, 0.5, 1)')).toBeCloseTo(
      0.5 * (binomUpper(7, 12, p0) + binomUpper(8, 12, p0)),
      12,
    );
    const lower = await value('rate_ratio_cond_lower(7, 5, 0.5, 1, 0.95)');
    const upper = await value('rate_ratio_cond_upper(7, 5, 0.5, 1, 0.95)');
    const share = (r: number) => (0.5 * r) / (1 + 0.5 * r);
    expect(binomUpper(7, 12, share(lower))).toBeCloseTo(0.025, 10);
    expect(binomUpper(8, 12, share(upper))).toBeCloseTo(0.975, 10);
    expect(lower).toBeLessThan(7 / (5 * 0.5));
    expect(upper).toBeGreaterThan(7 / (5 * 0.5));
    // lower > r ⇔ P(X ≥ O; r) < α/2
    expect(await value(`rate_ratio_cond_tail_at(7, 5, 0.5, 1, ${lower * 0.99})`)).toBeLessThan(
      0.025,
    );
    expect(await value(`rate_ratio_cond_tail_at(7, 5, 0.5, 1, ${lower * 1.01})`)).toBeGreaterThan(
      0.025,
    );
    // φ = 2 halves both counts: wider limits, larger p
    expect(await value('rate_ratio_cond_midp(7, 5, 0.5, 2)')).toBeGreaterThan(
      await value('rate_ratio_cond_midp(7, 5, 0.5, 1)'),
    );
    // no effective reference complaint (O_ref < φ): no upper limit; none at all: not testable
    expect(await value('rate_ratio_cond_upper(7, 1, 0.5, 2, 0.95)')).toBe(Infinity);
    expect(await db.scalar('select rate_ratio_cond_midp(7, 0, 0.5, 1)')).toBeNull();
    expect(await value('rate_ratio_cond_lower(0, 5, 0.5, 1, 0.95)')).toBe(0);
  });
});

describe('2×2 disproportionality', () => {
  it('PRR, ROR with Woolf CI, Yates χ² (hand-computed)', async () => {
    // a=12, b=5, c=7, d=15 → PRR (12/17)/(7/22), ROR (12·15)/(5·7)
    expect(await value('prr(12, 5, 7, 15)')).toBeCloseTo(12 / 17 / (7 / 22), 12);
    expect(await value('ror(12, 5, 7, 15)')).toBeCloseTo((12 * 15) / (5 * 7), 12);
    const se = Math.sqrt(1 / 12 + 1 / 5 + 1 / 7 + 1 / 15);
    expect(await value('ror_lower(12, 5, 7, 15, 0.95)')).toBeCloseTo(
      Math.exp(Math.log(180 / 35) - 1.96 * se),
      2,
    );
    // Yates: N(|ad − bc| − N/2)² / (row and column totals) = 39·(|180 − 35| − 19.5)² / (17·22·19·20)
    expect(await value('chi2_yates(12, 5, 7, 15)')).toBeCloseTo(
      (39 * (145 - 19.5) ** 2) / (17 * 22 * 19 * 20),
      10,
    );
  });

  it('applies the Haldane–Anscombe +½ when a cell is empty', async () => {
    expect(await value('ror(3, 0, 10, 100)')).toBeCloseTo((3.5 * 100.5) / (0.5 * 10.5), 10);
    expect(await value('prr(3, 0, 10, 100)')).toBeCloseTo(3.5 / 4 / (10.5 / 111), 10);
  });
});

describe('pruning bounds used by the sequential models', () => {
  // int_batch_rate_tests / int_batch_mix_tests skip the exact tail on past monitoring dates unless
  // the excess exceeds (z_α − ½) sd; that is only safe if no mid-p ≤ α is ever skipped.
  it('a Poisson mid-p ≤ α implies O > E + (z_α − ½)·√(φE)', async () => {
    const rows = await db.all<{ violations: number }>(`
      select count(*) as violations
      from (values (0.01), (0.05), (0.1)) as alphas(alpha)
      cross join (values (0.01), (0.05), (0.2), (0.7), (1.5), (3.0), (7.5), (20.0), (60.0), (200.0)) as es(e)
      cross join (values (1.0), (1.4), (2.5)) as phis(phi)
      cross join range(0, 400) as os(o)
      where rate_ratio_midp(o, e, phi) <= alpha
        and not (o > e + greatest(norm_quantile(1 - alpha) - 0.5, 0) * sqrt(phi * e))`);
    expect(Number(rows[0].violations)).toBe(0);
  });

  it('a binomial mid-p ≤ α implies a > nπ + (z_α − ½)·√(nπ(1 − π))', async () => {
    const rows = await db.all<{ violations: number }>(`
      select count(*) as violations
      from (values (0.01), (0.05), (0.1)) as alphas(alpha)
      cross join (values (0.01), (0.05), (0.2), (0.5), (0.8)) as pis(pi)
      cross join (values (3), (8), (20), (60), (200)) as ns(n)
      cross join range(0, 201) as ks(a)
      where a <= n
        and binom_midp_upper(a, n, pi) <= alpha
        and not (a > n * pi + greatest(norm_quantile(1 - alpha) - 0.5, 0) * sqrt(n * pi * (1 - pi)))`);
    expect(Number(rows[0].violations)).toBe(0);
  });
});
