-- int_trend_signals: what each detector says about every series at every period, judged with the
-- data available at that period (so an alert's first period and its detection delay are honest).
-- inputs: int_trend_baseline, int_trend_settings
-- grain: one row per (series_id, period_start); key: series_id, period_start
-- Detectors (docs/statistics-trends.md):
--   spike — P(Y >= y) under a Poisson (phi_pred <= 1.01) or negative binomial predictive
--           distribution with mean `expected`; flagged when p <= spike_alpha, y >= min_count and
--           y >= min_ratio × expected, for baselines with expected >= min_expected;
--   drop  — P(Y <= y) under the same distribution; flagged when p <= drop_alpha,
--           y <= expected / min_ratio and expected >= drop_min_expected;
--   shift — upper CUSUM of Anscombe residuals against expected_level (no trend term, so a ramp
--           accumulates): S_t = min(h, max(0, S_{t-1} + min(z_t - k, h/2))); flagged when S_t >= h;
--   trend — one-sided Mann-Kendall on the deseasonalised counts of the last mk periods (t
--           included) with Sen's slope; Benjamini-Hochberg over all series tested at the same
--           grain and period; flagged when q <= fdr_q, the slope is positive and the rise over
--           the window is >= min_rise of the window median.
--   q-values of spikes and drops are computed the same way (reported, not required).
with baseline as (
    select * from int_trend_baseline
),

settings as (
    select * from int_trend_settings
),

params as (
    select 'week' as grain, mk_weeks as mk_window, settings.* from settings
    union all
    select 'month' as grain, mk_months as mk_window, settings.* from settings
),

scored as (
    select
        baseline.*,
        params.mk_window,
        params.spike_alpha,
        params.drop_alpha,
        params.min_count,
        params.min_expected,
        params.drop_min_expected,
        params.min_ratio,
        params.cusum_k,
        params.cusum_h,
        params.mk_min_count,
        params.min_rise,
        params.fdr_q,
        -- Exact count-model tails where they can matter (|Anscombe residual| >= 2); elsewhere
        -- (p > ~0.02, never an alert) the normal approximation of the residual, which keeps the
        -- Benjamini-Hochberg families complete at a fraction of the cost.
        case
            when baseline.evaluable and baseline.expected >= params.min_expected and baseline.complaints > baseline.expected
            then case
                when tr_anscombe_z(baseline.complaints, baseline.expected, baseline.phi_pred) >= 2
                then tr_count_sf(baseline.complaints, baseline.expected, baseline.phi_pred)
                else tr_norm_sf(tr_anscombe_z(baseline.complaints, baseline.expected, baseline.phi_pred))
            end
        end as spike_p,
        case
            when baseline.evaluable and baseline.expected >= params.drop_min_expected and baseline.complaints < baseline.expected
            then case
                when tr_anscombe_z(baseline.complaints, baseline.expected, baseline.phi_pred) <= -2
                then tr_count_cdf(baseline.complaints, baseline.expected, baseline.phi_pred)
                else tr_norm_cdf(tr_anscombe_z(baseline.complaints, baseline.expected, baseline.phi_pred))
            end
        end as drop_p,
        case
            when baseline.evaluable and baseline.expected_level >= params.min_expected
            then tr_anscombe_z(baseline.complaints, baseline.expected_level, baseline.phi_level) - params.cusum_k
        end as cusum_increment,
        case
            when baseline.evaluable then tr_anscombe_z(baseline.complaints, baseline.expected, baseline.phi_pred)
        end as residual_z
    from baseline
    inner join params on params.grain = baseline.grain
),

mk_windows as (
    select
        *,
        list(y_star) over recent as mk_values,
        sum(case when is_complete then complaints end) over recent as mk_count,
        count(y_star) over recent as mk_n
    from scored
    window recent as (partition by series_id order by period_index rows between mk_window - 1 preceding and current row)
),

mk as (
    select
        *,
        case when is_complete and mk_n = mk_window and mk_count >= mk_min_count then tr_mk_s(mk_values) end as mk_s,
        case when is_complete and mk_n = mk_window and mk_count >= mk_min_count then tr_mk_var(mk_values) end as mk_var,
        case when is_complete and mk_n = mk_window and mk_count >= mk_min_count then list_median(mk_values) end as mk_median
    from mk_windows
),

-- Sen's slope only where the trend can be flagged (p <= fdr_q): it is the costly part.
mk_tested as (
    select
        * exclude (mk_values),
        case when mk_s is not null then tr_mk_z(mk_s, mk_var) end as mk_z,
        case when mk_s is not null then tr_norm_sf(tr_mk_z(mk_s, mk_var)) end as trend_p,
        case
            when mk_s is not null and tr_norm_sf(tr_mk_z(mk_s, mk_var)) <= fdr_q then tr_sen_slope(mk_values)
        end as sen_slope
    from mk
),

-- CUSUM: one list per series in time order, the path computed by tr_cusum_path, unnested back.
cusum_lists as (
    select
        series_id,
        list(period_index order by period_index) as periods,
        -- Increments are capped at h / 2: one outlying period is a spike, not a shift, so at
        -- least two high periods are needed before the CUSUM alarms.
        tr_cusum_path(list(least(cusum_increment, cusum_h / 2) order by period_index), max(cusum_h)) as path
    from scored
    group by series_id
),

cusum as (
    select
        series_id,
        unnest(periods) as period_index,
        unnest(path) as cusum
    from cusum_lists
),

-- Benjamini-Hochberg within each (grain, period) family, for each kind.
joined as (
    select
        mk_tested.*,
        cusum.cusum
    from mk_tested
    left join cusum on cusum.series_id = mk_tested.series_id and cusum.period_index = mk_tested.period_index
),

ranked as (
    select
        *,
        row_number() over (partition by grain, period_start order by spike_p, series_id) as spike_rank,
        count(spike_p) over (partition by grain, period_start) as spike_m,
        row_number() over (partition by grain, period_start order by drop_p, series_id) as drop_rank,
        count(drop_p) over (partition by grain, period_start) as drop_m,
        row_number() over (partition by grain, period_start order by trend_p, series_id) as trend_rank,
        count(trend_p) over (partition by grain, period_start) as trend_m
    from joined
),

adjusted as (
    select
        *,
        least(1.0, min(spike_p * spike_m / spike_rank) over (
            partition by grain, period_start order by spike_p desc nulls first, series_id desc
            rows between unbounded preceding and current row)) as spike_q,
        least(1.0, min(drop_p * drop_m / drop_rank) over (
            partition by grain, period_start order by drop_p desc nulls first, series_id desc
            rows between unbounded preceding and current row)) as drop_q,
        least(1.0, min(trend_p * trend_m / trend_rank) over (
            partition by grain, period_start order by trend_p desc nulls first, series_id desc
            rows between unbounded preceding and current row)) as trend_q
    from ranked
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
        expected,
        expected_level,
        phi,
        phi_pred,
        season_factor,
        season_used,
        trend_used,
        evaluable,
        residual_z,
        spike_p,
        case when spike_p is not null then spike_q end as spike_q,
        coalesce(spike_p <= spike_alpha and complaints >= min_count and complaints >= min_ratio * expected, false)
            as spike_flag,
        drop_p,
        case when drop_p is not null then drop_q end as drop_q,
        coalesce(drop_p <= drop_alpha and complaints <= expected / min_ratio, false) as drop_flag,
        cusum_increment,
        cusum,
        coalesce(cusum >= cusum_h - 1e-9 and cusum_increment is not null, false) as shift_flag,
        mk_window,
        mk_count,
        mk_s,
        mk_var,
        mk_z,
        sen_slope,
        mk_median,
        trend_p,
        case when trend_p is not null then trend_q end as trend_q,
        coalesce(
            trend_q <= fdr_q and trend_p is not null and sen_slope > 0
            and sen_slope * (mk_window - 1) >= min_rise * greatest(mk_median, 1e-9),
            false
        ) as trend_flag
    from adjusted
)

select * from final
