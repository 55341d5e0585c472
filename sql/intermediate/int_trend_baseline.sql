-- int_trend_baseline: for every series and period t, the expected count and its dispersion from
-- a trailing baseline that uses only periods before t (sequential: what the detectors would have
-- said at the time), with annual seasonality and a linear trend where the history supports them.
-- inputs: int_series_filled, int_trend_settings
-- grain: one row per (series_id, period_start) of int_series_filled; key: series_id, period_start
-- Model (docs/statistics-trends.md, "Expected values"):
--   seasonal index of a past period p = mean count of p ± w periods / mean count of the year
--   centred on p (w = 2 weeks or 1 month), kept when that year holds >= season_min_count
--   complaints per period on average, shrunk towards 1 for small counts; the seasonal factor of t is the mean index of t - 1 year
--   and t - 2 years (1 when neither exists), clamped to [0.2, 5];
--   deseasonalised counts y* = y / factor; level L = mean y* over the last B complete periods
--   before t (26 weeks / 12 months); slope b by least squares over the same window, used only
--   when |t-statistic| >= trend_t, projected to t and kept within [L/2, 2L];
--   expected = factor × projected level; expected_level = factor × the mean y* of the B periods
--   before the last G (cusum_guard_weeks / _months): the CUSUM's in-control level has no trend
--   term and a guard gap, so a ramp or step is not absorbed before it can accumulate;
--   dispersion phi = 75th percentile of squared first differences of y* / (2 L × 1.3233)
--   (robust to the odd spike, insensitive to slow drift; 1.3233 is the 75th percentile of
--   chi-square(1)), clamped to [1, 25]; phi_pred adds the estimation variance of the baseline
--   (1/n, the trend extrapolation, the seasonal index) for the predictive distribution.
with series as (
    select * from int_series_filled
),

settings as (
    select * from int_trend_settings
),

params as (
    select
        'week' as grain, baseline_weeks as baseline, min_baseline_weeks as min_baseline,
        52 as season_lag, 2 as season_half, season_min_count, trend_t, cusum_guard_weeks as cusum_guard
    from settings
    union all
    select
        'month' as grain, baseline_months as baseline, min_baseline_months as min_baseline,
        12 as season_lag, 1 as season_half, season_min_count, trend_t, cusum_guard_months as cusum_guard
    from settings
),

-- Counts of incomplete periods are left out of every window (NULL).
observed as (
    select
        series.*,
        params.baseline,
        params.min_baseline,
        params.season_lag,
        params.season_half,
        params.season_min_count,
        params.trend_t,
        params.cusum_guard,
        case when series.is_complete then series.complaints end as y
    from series
    inner join params on params.grain = series.grain
),

-- Seasonal index of each period, from the year centred on it.
season_index as (
    select
        series_id,
        period_index,
        avg(y) over local_window as local_mean,
        count(y) over local_window as local_n,
        avg(y) over year_window as year_mean,
        count(y) over year_window as year_n,
        season_half,
        season_lag,
        season_min_count
    from observed
    window
        local_window as (partition by series_id order by period_index
            rows between season_half preceding and season_half following),
        year_window as (partition by series_id order by period_index
            rows between season_lag // 2 preceding and season_lag // 2 - 1 following)
),

season_valid as (
    select
        series_id,
        period_index,
        -- Shrunk towards 1 by the share of its variance that is signal: true seasonal effects
        -- are taken to have sd 0.2 (prior variance 0.04) and a ratio of Poisson counts has
        -- variance ~1 / local count, so small series get little seasonal adjustment.
        case
            when local_n = 2 * season_half + 1 and year_n = season_lag and year_mean >= season_min_count
            then 1 + (local_mean / year_mean - 1) * (0.04 * local_mean * local_n) / (0.04 * local_mean * local_n + 1)
        end as idx
    from season_index
),

seasonal as (
    select
        observed.*,
        case when one_year.idx is not null or two_years.idx is not null then
            least(5.0, greatest(0.2, (coalesce(one_year.idx, 0) + coalesce(two_years.idx, 0))
                / ((one_year.idx is not null)::int + (two_years.idx is not null)::int)))
        end as season_factor_raw,
        (one_year.idx is not null)::int + (two_years.idx is not null)::int as season_years
    from observed
    left join season_valid as one_year
        on one_year.series_id = observed.series_id
        and one_year.period_index = observed.period_index - observed.season_lag
    left join season_valid as two_years
        on two_years.series_id = observed.series_id
        and two_years.period_index = observed.period_index - 2 * observed.season_lag
),

deseasonalised as (
    select
        *,
        coalesce(season_factor_raw, 1.0) as season_factor,
        y / coalesce(season_factor_raw, 1.0) as y_star
    from seasonal
),

differenced as (
    select
        *,
        power(y_star - lag(y_star) over (partition by series_id order by period_index), 2) as d2
    from deseasonalised
),

windowed as (
    select
        *,
        count(y_star) over base as n_base,
        avg(y_star) over base as level,
        avg(period_index) over base as x_mean,
        regr_slope(y_star, period_index) over base as slope,
        regr_r2(y_star, period_index) over base as r2,
        quantile_cont(d2, 0.75) over base as d2_q75,
        avg(y_star) over guarded as level_guarded,
        count(y_star) over guarded as n_guarded
    from differenced
    window
        base as (partition by series_id order by period_index rows between baseline preceding and 1 preceding),
        guarded as (partition by series_id order by period_index
            rows between baseline + cusum_guard preceding and cusum_guard + 1 preceding)
),

fitted as (
    select
        *,
        case
            when n_base >= 4 and level > 0 and isfinite(slope) and r2 < 1
                and sqrt(r2 * (n_base - 2) / (1 - r2)) >= trend_t
            then true
            else false
        end as trend_used,
        greatest(1.0, least(25.0, coalesce(d2_q75 / nullif(2 * level * 1.3233, 0), 1.0))) as phi
    from windowed
),

final as (
    select
        grain,
        dimension,
        member,
        series_id,
        period_start,
        period_end,
        period_index,
        is_complete,
        is_current,
        complaints,
        units,
        rate_per_10k_units,
        n_base,
        n_base >= min_baseline and is_complete as evaluable,
        season_factor,
        season_years > 0 as season_used,
        y_star,
        level,
        case when trend_used then slope end as trend_slope,
        trend_used,
        season_factor * case
            when trend_used then least(2 * level, greatest(level / 2, level + slope * (period_index - x_mean)))
            else level
        end as expected,
        season_factor * case when n_guarded >= min_baseline then level_guarded else level end as expected_level,
        phi,
        phi * (
            1
            + 1.0 / greatest(n_base, 1)
            + case when trend_used then 3.0 * (n_base + 1) / (n_base * (n_base - 1)) else 0 end
            + case when season_years > 0 then 1.0 / ((2 * season_half + 1) * season_years) else 0 end
        ) as phi_pred,
        -- the CUSUM's dispersion: phi plus the estimation variance of its (guarded) level
        phi * (
            1
            + 1.0 / greatest(case when n_guarded >= min_baseline then n_guarded else n_base end, 1)
            + case when season_years > 0 then 1.0 / ((2 * season_half + 1) * season_years) else 0 end
        ) as phi_level
    from fitted
)

select * from final
