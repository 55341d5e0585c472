-- int_trend_settings: the thresholds and windows of the trend, spike and shift detectors as one
-- typed row — the trend_* columns of cfg_model_settings, where the runner writes every declared
-- setting typed (the config's value or the default declared in pipeline/models/modelSettings.ts;
-- docs/statistics-trends.md explains each) — and the data window the series are cut to.
-- inputs: cfg_model_settings, stg_settings (as_of), int_complaints_enriched (received_at of valid complaints)
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
with pivoted as (
    select columns('^trend_(.*)$') as '\1' from cfg_model_settings
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
