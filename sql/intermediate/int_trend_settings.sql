-- int_trend_settings: the thresholds and windows of the trend, spike and shift detectors as one
-- typed row, from cfg_settings, where the runner writes every declared setting (the config's value
-- or the default declared in pipeline/models/modelSettings.ts; docs/statistics-trends.md explains each),
-- and the data window the series are cut to.
-- inputs: cfg_settings, stg_settings (as_of), int_complaints_enriched (received_at of valid complaints)
-- grain: exactly one row; key: none
-- The KPI as-of is not a column: it is a new timestamp every cron night, and every trend model
-- reads this row, so carrying it made the whole trend layer a rebuild every night (kept tables,
-- docs/incremental.md). The detectors need only what it implies for the data:
--   data_from / data_through   first and last receipt of a valid complaint received by as_of (all
--                              of them without an as_of): int_series_counts keeps complaints
--                              received by data_through, the same set as "by as_of";
--   data_through_day_ended     whether as_of is past the day of data_through, so a period ending
--                              that day is complete (int_series_filled).
-- They change only when the data or the as-of's position relative to them does.
with cfg as (
    select key, value from cfg_settings where key like 'trend\_%' escape '\'
),

pivoted as (
    select
        cast(max(value) filter (where key = 'trend_baseline_weeks') as integer) as baseline_weeks,
        cast(max(value) filter (where key = 'trend_baseline_months') as integer) as baseline_months,
        cast(max(value) filter (where key = 'trend_min_baseline_weeks') as integer) as min_baseline_weeks,
        cast(max(value) filter (where key = 'trend_min_baseline_months') as integer) as min_baseline_months,
        cast(max(value) filter (where key = 'trend_season_min_count') as double) as season_min_count,
        cast(max(value) filter (where key = 'trend_trend_t') as double) as trend_t,
        cast(max(value) filter (where key = 'trend_spike_alpha') as double) as spike_alpha,
        cast(max(value) filter (where key = 'trend_drop_alpha') as double) as drop_alpha,
        cast(max(value) filter (where key = 'trend_min_count') as integer) as min_count,
        cast(max(value) filter (where key = 'trend_min_expected') as double) as min_expected,
        cast(max(value) filter (where key = 'trend_drop_min_expected') as double) as drop_min_expected,
        cast(max(value) filter (where key = 'trend_min_ratio') as double) as min_ratio,
        cast(max(value) filter (where key = 'trend_cusum_k') as double) as cusum_k,
        cast(max(value) filter (where key = 'trend_cusum_h') as double) as cusum_h,
        cast(max(value) filter (where key = 'trend_cusum_guard_weeks') as integer) as cusum_guard_weeks,
        cast(max(value) filter (where key = 'trend_cusum_guard_months') as integer) as cusum_guard_months,
        cast(max(value) filter (where key = 'trend_mk_weeks') as integer) as mk_weeks,
        cast(max(value) filter (where key = 'trend_mk_months') as integer) as mk_months,
        cast(max(value) filter (where key = 'trend_mk_min_count') as integer) as mk_min_count,
        cast(max(value) filter (where key = 'trend_min_rise') as double) as min_rise,
        cast(max(value) filter (where key = 'trend_fdr_q') as double) as fdr_q,
        cast(max(value) filter (where key = 'trend_emerging_weeks') as integer) as emerging_weeks,
        cast(max(value) filter (where key = 'trend_recent_weeks') as integer) as recent_weeks,
        cast(max(value) filter (where key = 'trend_recent_months') as integer) as recent_months,
        cast(max(value) filter (where key = 'trend_episode_gap') as integer) as episode_gap,
        cast(max(value) filter (where key = 'trend_chart_weeks') as integer) as chart_weeks,
        cast(max(value) filter (where key = 'trend_chart_months') as integer) as chart_months
    from cfg
),

data_window as (
    select
        min(enriched.received_at) as data_from,
        max(enriched.received_at) as data_through,
        stg_settings.as_of is not null
            and stg_settings.as_of >= cast(max(enriched.received_at) as date) + interval 1 day
            as data_through_day_ended
    from stg_settings
    left join int_complaints_enriched as enriched
        on enriched.is_valid
        and (stg_settings.as_of is null or enriched.received_at <= stg_settings.as_of)
    group by stg_settings.as_of
),

final as (
    select data_window.data_from, data_window.data_through, data_window.data_through_day_ended, pivoted.*
    from pivoted
    cross join data_window
)

select * from final
