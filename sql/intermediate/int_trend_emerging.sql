-- int_trend_emerging: root-cause clusters whose share of all complaints rose significantly: the
-- last R complete weeks (trend_emerging_weeks, default 4) against the B weeks before them
-- (trend_baseline_weeks), judged at every complete week with the data up to it.
-- inputs: int_series_filled (cluster and all weekly series), int_trend_settings
-- grain: one row per (cluster, week) from the cluster's first complaint on; key: member, period_start
-- Test: the exact conditional test of two Poisson rates. Under "same share", the cluster's recent
-- count given its total over both windows is Binomial(x_recent + x_base, N_recent / (N_recent +
-- N_base)) with N the complaints of all clusters and none; p = P(X >= x_recent). Benjamini-Hochberg
-- across the clusters tested in the same week; flagged when q <= fdr_q, x_recent >= min_count and
-- the share at least min_ratio times the baseline share. Empty when there are no clusters.
with settings as (
    select * from int_trend_settings
),

all_weeks as (
    select period_start, period_index, is_complete, complaints as total
    from int_series_filled
    where grain = 'week' and dimension = 'all'
),

clusters as (
    select member, min(period_index) as first_index
    from int_series_filled
    where grain = 'week' and dimension = 'cluster'
    group by member
),

grid as (
    select
        clusters.member,
        clusters.first_index,
        all_weeks.period_start,
        all_weeks.period_index,
        all_weeks.is_complete,
        all_weeks.total,
        coalesce(series.complaints, 0) as complaints
    from clusters
    cross join all_weeks
    left join int_series_filled as series
        on series.grain = 'week'
        and series.dimension = 'cluster'
        and series.member = clusters.member
        and series.period_index = all_weeks.period_index
),

windows as (
    select
        grid.*,
        settings.emerging_weeks,
        settings.baseline_weeks,
        settings.min_count,
        settings.min_ratio,
        settings.fdr_q,
        sum(complaints) over recent as x_recent,
        sum(total) over recent as n_recent,
        count(*) over recent as recent_periods,
        sum(complaints) over base as x_base,
        sum(total) over base as n_base,
        count(*) over base as base_periods
    from grid
    cross join settings
    window
        recent as (partition by member order by period_index
            rows between settings.emerging_weeks - 1 preceding and current row),
        base as (partition by member order by period_index
            rows between settings.emerging_weeks + settings.baseline_weeks - 1 preceding
            and settings.emerging_weeks preceding)
),

tested as (
    select
        *,
        case
            when is_complete
                and recent_periods = emerging_weeks
                and base_periods >= baseline_weeks // 2
                and n_recent > 0 and n_base > 0
                and x_recent > 0
            then tr_binom_sf(x_recent, x_recent + x_base, n_recent * 1.0 / (n_recent + n_base))
        end as p_value
    from windows
    where period_index >= first_index
),

ranked as (
    select
        *,
        row_number() over (partition by period_start order by p_value, member) as p_rank,
        count(p_value) over (partition by period_start) as p_m
    from tested
),

adjusted as (
    select
        *,
        least(1.0, min(p_value * p_m / p_rank) over (
            partition by period_start order by p_value desc nulls first, member desc
            rows between unbounded preceding and current row)) as q_value
    from ranked
),

final as (
    select
        'week' as grain,
        'cluster' as dimension,
        member,
        period_start,
        period_index,
        is_complete,
        cast(x_recent as bigint) as recent_complaints,
        cast(n_recent as bigint) as recent_total,
        cast(x_base as bigint) as baseline_complaints,
        cast(n_base as bigint) as baseline_total,
        x_recent * 1.0 / nullif(n_recent, 0) as recent_share,
        x_base * 1.0 / nullif(n_base, 0) as baseline_share,
        -- expected recent count at the baseline share
        x_base * 1.0 / nullif(n_base, 0) * n_recent as expected_recent,
        p_value,
        case when p_value is not null then q_value end as q_value,
        coalesce(
            q_value <= fdr_q and p_value is not null and x_recent >= min_count
            and x_recent * n_base >= min_ratio * x_base * n_recent,
            false
        ) as emerging_flag
    from adjusted
)

select * from final
