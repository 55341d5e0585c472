-- stats: scalar SQL macros for the hot-spot statistics (docs/statistics.md states the models).
-- The model runner executes every sql/macros/*.sql file before the models; unit tests run this file
-- themselves on their in-memory database. Every macro is a pure scalar function of its arguments.
--
-- Accuracy (checked in tests/unit/hotspots/stats.test.ts against independent values):
--   gamma_p            series summed until the terms are negligible: ~1e-12 relative
--   binom_*            exact sums of the binomial pmf
--   poisson_*          exact (built on gamma_p), no cancellation in the upper tail
--   norm_cdf / norm_sf Abramowitz & Stegun 26.2.17, absolute error < 7.5e-8
--   norm_quantile      Abramowitz & Stegun 26.2.23, absolute error < 4.5e-4 (only a Newton start)
--   gamma_quantile     Wilson–Hilferty start (error ~50 % for shape 1 at p = 0.025, < 0.5 % for
--                      shape ≥ 10) refined by 11 guarded Newton steps on gamma_p: < 1e-9 in p
--   chi2_1_sf          exact relation P(χ²₁ > c) = 2·(1 − Φ(√c)) with norm_sf above

-- Poisson probability mass P(X = k), X ~ Poisson(mu). Works in log space (no overflow for large k).
create or replace macro poisson_pmf(k, mu) as
    case
        when k < 0 then 0.0
        when mu <= 0 then case when k = 0 then 1.0 else 0.0 end
        else exp(k * ln(greatest(mu, 1e-300)) - mu - lgamma(k + 1))
    end;

-- Regularised lower incomplete gamma P(a, x) = γ(a, x) / Γ(a), a > 0, x ≥ 0 (a need not be an
-- integer: the quasi-Poisson tests use a = O/φ). Series P(a, x) = Σₙ e^(−x) x^(a+n) / Γ(a+n+1);
-- the terms rise until n ≈ x − a and then fall at least like a Poisson(x) tail (a Gaussian of
-- sd √x), so max(x − a, 0) + 8·√x + 25 terms leave a remainder below 1e-13 of the sum.
-- P(a, 0) = 0; a ≤ 0 gives 1 (the empty-event convention used by the Poisson tails below).
create or replace macro gamma_p(a, x) as
    case
        when a <= 0 then 1.0
        when x <= 0 then 0.0
        else least(1.0, list_sum(list_transform(
            range(0, cast(ceil(greatest(x - a, 0) + 8 * sqrt(x) + 25) as bigint)),
            n -> exp(-x + (a + n) * ln(greatest(x, 1e-300)) - lgamma(a + n + 1))
        )))
    end;

-- Density of Gamma(shape a, scale 1) at x.
create or replace macro gamma_pdf(a, x) as
    case when x <= 0 then 0.0 else exp((a - 1) * ln(x) - x - lgamma(a)) end;

-- Upper Poisson tail P(X ≥ k), X ~ Poisson(mu): equals P(Gamma(k, 1) ≤ mu) for k > 0, so it is
-- summed directly (exact, and accurate for tiny tails, unlike 1 − CDF).
create or replace macro poisson_upper(k, mu) as
    case when k <= 0 then 1.0 else gamma_p(k, mu) end;

-- One-sided mid-p value for an excess: P(X > k) + ½·P(X = k) = ½·(P(X ≥ k) + P(X ≥ k + 1))
-- (Lancaster 1961). With a non-integer k (the quasi-Poisson effective count) the same
-- expression is the continuous extension used by the scaled-Poisson test.
create or replace macro poisson_midp_upper(k, mu) as
    0.5 * (poisson_upper(k, mu) + poisson_upper(k + 1, mu));

-- Standard normal density, CDF, upper tail (A&S 26.2.17) and quantile (A&S 26.2.23).
create or replace macro norm_pdf(z) as
    exp(-0.5 * z * z) / sqrt(2 * pi());

create or replace macro norm_sf_pos(z) as
    norm_pdf(z) * (
        (1 / (1 + 0.2316419 * z)) * (0.319381530 + (1 / (1 + 0.2316419 * z)) * (-0.356563782
        + (1 / (1 + 0.2316419 * z)) * (1.781477937 + (1 / (1 + 0.2316419 * z)) * (-1.821255978
        + (1 / (1 + 0.2316419 * z)) * 1.330274429))))
    );

create or replace macro norm_sf(z) as
    case when z >= 0 then norm_sf_pos(z) else 1 - norm_sf_pos(-z) end;

create or replace macro norm_cdf(z) as
    1 - norm_sf(z);

create or replace macro norm_quantile_tail(t) as
    t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);

create or replace macro norm_quantile(p) as
    case
        when p <= 0 then -'inf'::double
        when p >= 1 then 'inf'::double
        when p < 0.5 then -norm_quantile_tail(sqrt(-2 * ln(p)))
        else norm_quantile_tail(sqrt(-2 * ln(1 - p)))
    end;

-- Wilson–Hilferty (1931) approximation to the p-quantile of Gamma(a, 1): a·(1 − 1/(9a) + z/(3√a))³.
-- For small a and p the cube can go non-positive; the small-x expansion P(a, x) ≈ x^a / Γ(a+1)
-- gives the start instead, and for a < 1 upper quantiles the exponential's −ln(1 − p).
create or replace macro gamma_quantile_wh(p, a) as
    case
        when p < 0.5 and (a < 1 or 1 - 1 / (9 * a) + norm_quantile(p) / (3 * sqrt(a)) <= 0.05)
            then greatest(exp((ln(p) + lgamma(a + 1)) / a), 1e-8)
        when a < 1 then -ln(1 - p)
        else a * pow(1 - 1 / (9 * a) + norm_quantile(p) / (3 * sqrt(a)), 3)
    end;

-- p-quantile of Gamma(a, 1): the Wilson–Hilferty start refined by 11 Newton steps on gamma_p
-- (list_reduce runs the step once per list element after the first). A step is kept inside
-- [x/10, 10x] so that a far start cannot jump below zero.
create or replace macro gamma_quantile(p, a) as
    case
        when a <= 0 or p <= 0 then 0.0
        when p >= 1 then 'inf'::double
        else list_reduce(
            [gamma_quantile_wh(p, a)::double, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
            (x, step) -> least(greatest(x - (gamma_p(a, x) - p) / greatest(gamma_pdf(a, x), 1e-300), x / 10), x * 10)
        )
    end;

-- Exact (Garwood 1936) confidence limits for a Poisson mean given k events, at two-sided level
-- `level` (0.95): lower = Gamma⁻¹(α/2; k), upper = Gamma⁻¹(1 − α/2; k + 1) (the χ²/2 relation).
-- With a non-integer k (effective count O/φ) they are the quasi-Poisson limits on that scale.
create or replace macro poisson_ci_lower(k, level) as
    case when k <= 0 then 0.0 else gamma_quantile((1 - level) / 2, k) end;

create or replace macro poisson_ci_upper(k, level) as
    gamma_quantile(1 - (1 - level) / 2, k + 1);

-- Rate ratio O/E with overdispersion factor φ ≥ 1 (scaled Poisson: O/φ ~ Poisson(μ/φ)):
-- mid-p for RR > 1, confidence limits for RR, and the tail probability at a given RR (used to
-- decide "CI lower bound > r" without computing the bound: lower > r ⇔ P(X ≥ O; r·E) < α/2).
create or replace macro rate_ratio_midp(o, e, phi) as
    case when e <= 0 then null else poisson_midp_upper(o / phi, e / phi) end;

create or replace macro rate_ratio_lower(o, e, phi, level) as
    case when e <= 0 then null else phi * poisson_ci_lower(o / phi, level) / e end;

create or replace macro rate_ratio_upper(o, e, phi, level) as
    case when e <= 0 then null else phi * poisson_ci_upper(o / phi, level) / e end;

create or replace macro rate_ratio_tail_at(o, e, phi, r) as
    case when e <= 0 then null else poisson_upper(o / phi, r * e / phi) end;

-- Upper tail of χ² with 1 degree of freedom.
create or replace macro chi2_1_sf(c) as
    case when c <= 0 then 1.0 else 2 * norm_sf(sqrt(c)) end;

-- Disproportionality in a 2×2 table (Evans, Waller & Davis 2001; van Puijenbroek et al. 2002):
--            cause   other causes
--   unit       a          b          (this batch / product)
--   others     c          d          (the comparison group)
-- PRR = [a/(a+b)] / [c/(c+d)], ROR = ad/bc. When a cell is 0 the Haldane–Anscombe correction
-- (+0.5 to every cell) keeps both finite. χ² is Pearson's with Yates' continuity correction.
create or replace macro haldane(x, a, b, c, d) as
    case when a = 0 or b = 0 or c = 0 or d = 0 then x + 0.5 else x end;

create or replace macro prr(a, b, c, d) as
    (haldane(a, a, b, c, d) / (haldane(a, a, b, c, d) + haldane(b, a, b, c, d)))
    / (haldane(c, a, b, c, d) / (haldane(c, a, b, c, d) + haldane(d, a, b, c, d)));

create or replace macro ror(a, b, c, d) as
    (haldane(a, a, b, c, d) * haldane(d, a, b, c, d)) / (haldane(b, a, b, c, d) * haldane(c, a, b, c, d));

-- Standard error of ln(ROR) (Woolf), and its confidence limits at two-sided level `level`.
create or replace macro ror_se(a, b, c, d) as
    sqrt(1 / haldane(a, a, b, c, d) + 1 / haldane(b, a, b, c, d) + 1 / haldane(c, a, b, c, d) + 1 / haldane(d, a, b, c, d));

create or replace macro ror_lower(a, b, c, d, level) as
    exp(ln(ror(a, b, c, d)) - norm_quantile(1 - (1 - level) / 2) * ror_se(a, b, c, d));

create or replace macro ror_upper(a, b, c, d, level) as
    exp(ln(ror(a, b, c, d)) + norm_quantile(1 - (1 - level) / 2) * ror_se(a, b, c, d));

create or replace macro chi2_yates(a, b, c, d) as
    case
        when (a + b) = 0 or (c + d) = 0 or (a + c) = 0 or (b + d) = 0 then 0.0
        else cast(a + b + c + d as double) * pow(greatest(abs(cast(a as double) * d - cast(b as double) * c) - (a + b + c + d) / 2, 0), 2)
            / (cast(a + b as double) * cast(c + d as double) * cast(a + c as double) * cast(b + d as double))
    end;

-- One-sided p-value for "the cause is over-represented in the unit" from Yates' χ²: half the χ²
-- tail when the unit's share exceeds the others', else one minus it. Reported for reference: the
-- χ² approximation is poor when expected cells are small (most batches), so the tests use the
-- exact binomial mid-p below.
create or replace macro chi2_yates_p_excess(a, b, c, d) as
    case
        when a * (c + d) > c * (a + b) then 0.5 * chi2_1_sf(chi2_yates(a, b, c, d))
        else 1 - 0.5 * chi2_1_sf(chi2_yates(a, b, c, d))
    end;

-- Binomial pmf P(X = k), X ~ Binomial(n, p), in log space.
create or replace macro binom_pmf(k, n, p) as
    case
        when k < 0 or k > n then 0.0
        when p <= 0 then case when k = 0 then 1.0 else 0.0 end
        when p >= 1 then case when k = n then 1.0 else 0.0 end
        else exp(lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) + k * ln(p) + (n - k) * ln(1 - p))
    end;

-- Upper binomial tail P(X ≥ k), summed from k upwards (exact; accurate for tiny tails). Beyond
-- the mode the terms fall at least like a Gaussian of sd √(np(1−p)), so the sum stops
-- 8·sd + 25 terms past max(k, np).
create or replace macro binom_upper(k, n, p) as
    case
        when k <= 0 then 1.0
        when k > n then 0.0
        else least(1.0, list_sum(list_transform(
            range(cast(k as bigint), cast(least(n, ceil(greatest(k, n * p) + 8 * sqrt(n * p * (1 - p)) + 25)) as bigint) + 1),
            j -> binom_pmf(j, n, p)
        )))
    end;

-- One-sided mid-p for an excess of k successes out of n: P(X > k) + ½·P(X = k). Capped at 1: the
-- summed terms can exceed it by rounding (1 + 7e-15 at k = 0, n = 134; found on a 1M-row build).
create or replace macro binom_midp_upper(k, n, p) as
    least(1.0, binom_upper(k + 1, n, p) + 0.5 * binom_pmf(k, n, p));

-- Cause-mix test: the unit's a of a + b complaints with the cause, against the comparison group's
-- share with the Haldane–Anscombe half (so a cause the others never had is not a certainty):
-- π₀ = (c + ½) / (c + d + 1). Conditional on the unit's total this is the exact test of its share,
-- and close to Fisher's one-sided exact test when c + d ≫ a + b.
create or replace macro mix_midp(a, b, c, d) as
    binom_midp_upper(a, a + b, (c + 0.5) / (c + d + 1.0));

-- Overdispersion from Pearson residuals z = (O − E)/√E, shared by the batch rate test and the product
-- period and region tests (each had its own copy). Winsorised at the 10th/90th percentiles of z so a
-- few real outliers do not read as dispersion; ÷ 0.6787 (E[z_w²] for a standard normal, 0.67865)
-- keeps the estimate consistent (≈ 1) when there is no overdispersion.
-- winsorised_phi_hat(z, z_lo, z_hi): an aggregate over the residuals, given their 10th/90th
-- percentiles (quantile_cont(z, 0.1), quantile_cont(z, 0.9)).
create or replace macro winsorised_phi_hat(z, z_lo, z_hi) as
    avg(pow(least(greatest(z, z_lo), z_hi), 2)) / 0.6787;

-- dispersion_tau2(residuals): DerSimonian–Laird τ² of the random-effects model var(O) = E + τ²E²
-- from a relation of residuals (columns z, expected), using the winsorised φ̂ above; 0 with fewer
-- than 10 residuals or no spread in E.
create or replace macro dispersion_tau2(residuals) as table
    with winsor as (
        select quantile_cont(z, 0.1) as z_lo, quantile_cont(z, 0.9) as z_hi
        from query_table(residuals)
    ),

    moments as (
        select
            count(*) as n,
            winsorised_phi_hat(r.z, winsor.z_lo, winsor.z_hi) as phi_hat,
            sum(r.expected) as sum_e,
            sum(r.expected * r.expected) as sum_e2
        from query_table(residuals) as r
        cross join winsor
    )

    select
        case
            when n >= 10 and sum_e - sum_e2 / sum_e > 0
                then greatest(0, (n * phi_hat - (n - 1)) / (sum_e - sum_e2 / sum_e))
            else 0
        end as tau2
    from moments;

-- Rate ratio against a baseline whose level is itself estimated (the rate test's fallback,
-- int_batch_rate_tests): the batch's O complaints against a reference of O_ref complaints (the
-- product's other batches), where w = E / E_ref is the batch's share of exposure weighted by a
-- wider pool's age profile. Under rate ratio ρ, conditional on O + O_ref, O is
-- Binomial(O + O_ref, ρw / (1 + ρw)): the exact conditional comparison of two Poisson counts
-- (Przyborowski & Wilenski 1940), which carries the uncertainty of the product's own level that a
-- test against O_ref·w as a known mean would ignore. Overdispersion as in the Poisson tests:
-- counts divided by φ (quasi-likelihood scaling), with the binomial pmf's continuous extension
-- (lgamma) for the non-integer effective counts.
-- binom_upper_cont(k, n, p) = Σ pmf(x) over x = n, n − 1, … ≥ k: P(X ≥ k) for integer k and n;
-- for effective (non-integer) counts the lattice is anchored at n, so that the tail tends to 1
-- as p → 1 and to 0 as p → 0, like the binomial's. Terms more than 8 sd + 25 above
-- max(k, np) are negligible and left out.
create or replace macro binom_upper_cont(k, n, p) as
    case
        when k <= 0 then 1.0
        when k > n then 0.0
        else least(1.0, list_sum(list_transform(
            range(
                cast(greatest(0, floor(n - (greatest(k, n * p) + 8 * sqrt(n * p * (1 - p)) + 25))) as bigint),
                cast(floor(n - k) as bigint) + 1
            ),
            i -> binom_pmf(n - i, n, p)
        )))
    end;

create or replace macro rate_ratio_cond_midp(o, o_ref, w, phi) as
    case when w <= 0 or o_ref <= 0 then null else least(1.0, 0.5 * (
        binom_upper_cont(o / phi, (o + o_ref) / phi, w / (1 + w))
        + binom_upper_cont(o / phi + 1, (o + o_ref) / phi, w / (1 + w))
    )) end;

-- P(X ≥ O) at rate ratio r: below α/2 exactly when the conditional CI's lower limit exceeds r.
create or replace macro rate_ratio_cond_tail_at(o, o_ref, w, phi, r) as
    case when w <= 0 or o_ref <= 0 then null
        else binom_upper_cont(o / phi, (o + o_ref) / phi, r * w / (1 + r * w)) end;

-- Exact conditional (Clopper–Pearson on the binomial share, then ρ = π / ((1 − π)·w)) limits:
-- the lower solves P(X ≥ O; π) = α/2, the upper P(X ≥ O + 1; π) = 1 − α/2 (both tails rise with
-- π). Solved by bisection on logit(π) ∈ [−40, 40], 48 halvings (list_reduce runs the step once
-- per list element after the first): ~3e-13 in logit.
create or replace macro cond_share_solve(k, n, target) as
    list_reduce(
        list_prepend(0.0, list_transform(range(1, 49), i -> cast(i as double))),
        (x, i) -> x + case when binom_upper_cont(k, n, 1 / (1 + exp(-x))) < target then 1 else -1 end * 40 * pow(2, -i)
    );

create or replace macro rate_ratio_cond_lower(o, o_ref, w, phi, level) as
    case when w <= 0 or o_ref <= 0 then null when o <= 0 then 0.0
        else exp(cond_share_solve(o / phi, (o + o_ref) / phi, (1 - level) / 2)) / w end;

-- With fewer than one effective reference complaint (O_ref < φ) no share is high enough: +∞.
create or replace macro rate_ratio_cond_upper(o, o_ref, w, phi, level) as
    case when w <= 0 or o_ref <= 0 then null when o_ref < phi then 'inf'::double
        else exp(cond_share_solve(o / phi + 1, (o + o_ref) / phi, 1 - (1 - level) / 2)) / w end;
