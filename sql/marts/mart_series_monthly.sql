-- mart_series_monthly: monthly complaint counts (and complaints per 10k units in the field where
-- volumes exist) for every member of every trend dimension, zero months filled, with the expected
-- count of the trend baseline for charting.
-- inputs: int_series_filled, int_trend_signals (the expected count)
-- grain: one row per (dimension, member, calendar month); key: dimension, member, period_start
-- Dimensions: all, category, product_category, product, channel, region, department, cluster,
-- category_region. is_complete is false for the current (partial) month, and for a first month
-- the data start inside; is_current marks the last month.
with series as (
    select * from int_series_filled where grain = 'month'
),

signals as (
    select series_id, period_start, expected from int_trend_signals where grain = 'month'
),

final as (
    select
        series.dimension,
        series.member,
        series.series_id,
        series.period_start,
        series.period_end,
        strftime(series.period_start, '%Y-%m') as month,
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
