-- mart_series_weekly: weekly complaint counts (and complaints per 10k units in the field where
-- volumes exist) for every member of every trend dimension, zero weeks filled, with the expected
-- count of the trend baseline for charting.
-- inputs: int_series_filled, int_trend_signals (the expected count)
-- grain: one row per (dimension, member, ISO week); key: dimension, member, period_start
-- Dimensions: all, category, product_category, product, channel, region, department, cluster,
-- category_region. is_complete is false for the current (partial) week, and for a first week
-- the data start inside; is_current marks the last week.
with series as (
    select * from int_series_filled where grain = 'week'
),

signals as (
    select series_id, period_start, expected from int_trend_signals where grain = 'week'
),

final as (
    select
        series.dimension,
        series.member,
        series.series_id,
        series.period_start,
        series.period_end,
        strftime(series.period_start, '%G-W%V') as iso_week,
        series.is_complete,
        series.is_current,
        series.complaints,
        series.complaints_with_volumes,
        series.units,
        series.rate_per_10k_units,
        signals.expected
    from series
    left join signals on signals.series_id = series.series_id and signals.period_start = series.period_start
)

select * from final
