-- Statistical macros of the trend, spike and shift detectors (docs/statistics-trends.md).
-- All names start with tr_ so they never collide with other macro files (sql/macros/stats.sql).
-- Executed by the model runner before the models; unit tests execute this file themselves.
--
-- Tails are computed by summing probability mass functions (via lgamma) over a window of the
-- distribution that holds all but a negligible share of the mass (8 standard deviations plus 25
-- terms beyond the observed value; twice that for the heavier negative binomial tail), never by
-- 1 - (a sum close to 1) when the tail is small, so p-values down to ~1e-300 keep their
-- relative precision.

-- Standard normal upper tail P(Z >= z) via erfc (Numerical Recipes' Chebyshev fit,
-- |relative error| < 1.2e-7 everywhere, including far tails). DuckDB has no erf.
create or replace macro tr_erfc_nonneg(x) as (
    (1.0 / (1.0 + 0.5 * x)) * exp(
        -x * x - 1.26551223 + (1.0 / (1.0 + 0.5 * x)) * (1.00002368 + (1.0 / (1.0 + 0.5 * x)) * (0.37409196
        + (1.0 / (1.0 + 0.5 * x)) * (0.09678418 + (1.0 / (1.0 + 0.5 * x)) * (-0.18628806
        + (1.0 / (1.0 + 0.5 * x)) * (0.27886807 + (1.0 / (1.0 + 0.5 * x)) * (-1.13520398
        + (1.0 / (1.0 + 0.5 * x)) * (1.48851587 + (1.0 / (1.0 + 0.5 * x)) * (-0.82215223
        + (1.0 / (1.0 + 0.5 * x)) * 0.17087277))))))))
    )
);

create or replace macro tr_erfc(x) as (
    case when x >= 0 then tr_erfc_nonneg(x) else 2.0 - tr_erfc_nonneg(-x) end
);

-- P(Z >= z) and P(Z <= z) for a standard normal Z.
create or replace macro tr_norm_sf(z) as (0.5 * tr_erfc(z / sqrt(2.0)));
create or replace macro tr_norm_cdf(z) as (0.5 * tr_erfc(-z / sqrt(2.0)));

-- Log probability mass functions. Poisson(mu); negative binomial with mean mu and variance
-- phi * mu (phi > 1), i.e. size r = mu / (phi - 1) and success probability 1 / phi.
create or replace macro tr_pois_lpmf(k, mu) as (k * ln(mu) - mu - lgamma(k + 1.0));
create or replace macro tr_nb_lpmf(k, mu, phi) as (
    lgamma(k + mu / (phi - 1.0)) - lgamma(mu / (phi - 1.0)) - lgamma(k + 1.0)
    - (mu / (phi - 1.0)) * ln(phi) + k * ln(1.0 - 1.0 / phi)
);

-- Summation window: terms beyond it are below the double precision of the tail.
create or replace macro tr_tail_terms(mu, phi) as (cast(ceil(25 + 8 * sqrt(greatest(phi, 1.0) * mu)) as bigint));

-- Poisson tails. P(X >= y) (upper, for spikes) and P(X <= y) (lower, for drops).
create or replace macro tr_pois_sf(y, mu) as (
    case
        when y <= 0 then 1.0
        when mu <= 0 then 0.0
        when y > mu then least(1.0, coalesce(list_sum(list_transform(
            range(cast(y as bigint), cast(y as bigint) + tr_tail_terms(mu, 1.0)),
            k -> exp(tr_pois_lpmf(k, mu)))), 0.0))
        else greatest(0.0, 1.0 - coalesce(list_sum(list_transform(
            range(greatest(0, cast(y as bigint) - tr_tail_terms(mu, 1.0)), cast(y as bigint)),
            k -> exp(tr_pois_lpmf(k, mu)))), 0.0))
    end
);

create or replace macro tr_pois_cdf(y, mu) as (
    case
        when y < 0 then 0.0
        when mu <= 0 then 1.0
        when y < mu then least(1.0, coalesce(list_sum(list_transform(
            range(greatest(0, cast(y as bigint) - tr_tail_terms(mu, 1.0)), cast(y as bigint) + 1),
            k -> exp(tr_pois_lpmf(k, mu)))), 0.0))
        else 1.0 - tr_pois_sf(y + 1, mu)
    end
);

-- Negative binomial tails (mean mu, variance phi * mu, phi > 1).
create or replace macro tr_nb_sf(y, mu, phi) as (
    case
        when y <= 0 then 1.0
        when mu <= 0 then 0.0
        when y > mu then least(1.0, coalesce(list_sum(list_transform(
            range(cast(y as bigint), cast(y as bigint) + tr_tail_terms(mu, phi) * 2),
            k -> exp(tr_nb_lpmf(k, mu, phi)))), 0.0))
        else greatest(0.0, 1.0 - coalesce(list_sum(list_transform(
            range(greatest(0, cast(y as bigint) - tr_tail_terms(mu, phi)), cast(y as bigint)),
            k -> exp(tr_nb_lpmf(k, mu, phi)))), 0.0))
    end
);

create or replace macro tr_nb_cdf(y, mu, phi) as (
    case
        when y < 0 then 0.0
        when mu <= 0 then 1.0
        when y < mu then least(1.0, coalesce(list_sum(list_transform(
            range(greatest(0, cast(y as bigint) - tr_tail_terms(mu, phi)), cast(y as bigint) + 1),
            k -> exp(tr_nb_lpmf(k, mu, phi)))), 0.0))
        else 1.0 - tr_nb_sf(y + 1, mu, phi)
    end
);

-- Count-model tails: Poisson when the dispersion is (close to) 1, negative binomial otherwise.
create or replace macro tr_count_sf(y, mu, phi) as (
    case when phi <= 1.01 then tr_pois_sf(y, mu) else tr_nb_sf(y, mu, phi) end
);
create or replace macro tr_count_cdf(y, mu, phi) as (
    case when phi <= 1.01 then tr_pois_cdf(y, mu) else tr_nb_cdf(y, mu, phi) end
);

-- Binomial upper tail P(X >= x), X ~ Binomial(n, p): the exact conditional test of two Poisson
-- rates (emerging root causes).
create or replace macro tr_binom_lpmf(k, n, p) as (
    lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0) + k * ln(p) + (n - k) * ln(1.0 - p)
);
create or replace macro tr_binom_sf(x, n, p) as (
    case
        when x <= 0 then 1.0
        when x > n then 0.0
        when p <= 0 then 0.0
        when p >= 1 then 1.0
        else least(1.0, coalesce(list_sum(list_transform(
            range(cast(x as bigint), least(cast(n as bigint), cast(x as bigint) + tr_tail_terms(n * p, 1.0)) + 1),
            k -> exp(tr_binom_lpmf(k, n, p)))), 0.0))
    end
);

-- Anscombe residual of a count y against mean mu with dispersion phi: approximately N(0, 1) for
-- Poisson / quasi-Poisson counts down to means of ~2 (the square root stabilises the variance).
create or replace macro tr_anscombe_z(y, mu, phi) as (
    2.0 * (sqrt(y + 0.375) - sqrt(mu + 0.375)) / sqrt(greatest(phi, 1.0))
);

-- Mann-Kendall on a list x (in time order, no NULLs).
-- S = sum over i < j of sign(x_j - x_i).
create or replace macro tr_mk_s(x) as (
    coalesce(list_sum(list_transform(
        range(2, len(x) + 1),
        j -> list_sum(list_transform(x[1:j - 1], v -> sign(x[j] - v))))), 0)
);

-- Var(S) under H0 with the tie correction: [n(n-1)(2n+5) - sum_g t_g(t_g-1)(2t_g+5)] / 18.
create or replace macro tr_mk_tie_term(t) as (t * (t - 1) * (2 * t + 5));
create or replace macro tr_mk_var(x) as (
    (len(x) * (len(x) - 1) * (2 * len(x) + 5)
     - coalesce(list_sum(list_transform(map_values(list_aggregate(x, 'histogram')), t -> tr_mk_tie_term(t))), 0)
    ) / 18.0
);

-- Continuity-corrected standard score of S and the one-sided p-value of a rising trend.
create or replace macro tr_mk_z(s, var_s) as (
    case when var_s <= 0 then 0.0 when s > 0 then (s - 1) / sqrt(var_s) when s < 0 then (s + 1) / sqrt(var_s) else 0.0 end
);
create or replace macro tr_mk_p_up(x) as (tr_norm_sf(tr_mk_z(tr_mk_s(x), tr_mk_var(x))));

-- Sen's slope: the median of (x_j - x_i) / (j - i) over all pairs i < j (units per period).
create or replace macro tr_sen_slope(x) as (
    list_median(flatten(list_transform(
        range(2, len(x) + 1),
        j -> list_transform(range(1, j), i -> (x[j] - x[i]) / (j - i)))))
);

-- CUSUM path of increments (already standardised and reduced by the reference value k):
-- S_t = min(cap, max(0, S_{t-1} + inc_t)), S_0 = 0. NULL increments count as 0. Capping at the
-- decision interval h keeps an alarm on while the shift persists and lets it end promptly once
-- the increments turn negative (a reset-free, bounded CUSUM).
create or replace macro tr_cusum_path(inc, cap) as (
    list_reduce(
        list_transform(inc, v -> [v]),
        (acc, v) -> list_append(acc, least(cap, greatest(0.0, coalesce(acc[-1], 0.0) + coalesce(v[1], 0.0)))),
        []::double[]
    )
);
