-- int_series_filled: the dense trend series: every period from a series' first complaint to the
-- last period of the data, zeros filled, with units in the field, the rate per 10k units, and
-- whether the period is complete. mart_series_weekly / mart_series_monthly are its two grains and
-- every detector reads it.
-- inputs: int_series_counts, int_kpi_units,
--         int_trend_settings (data_from, data_through, data_through_day_ended: the as-of's bearing
--         on the data, not the as-of itself, which moves every night)
-- grain: one row per (grain, dimension, member, period_start); key: those four (series_id +
--        period_start)
-- The data end (data_through) is the last receipt by as_of. A period is complete when it ended by as_of, the
-- data reach its last day (an export taken mid-week leaves that week incomplete) and the data
-- had started by its first day; the last period is marked is_current and is usually incomplete. Detectors only judge complete periods.
-- Units: a product's own units, a product category's units, and all units for every other
-- dimension (their rate is complaints per 10k units of everything in the field); NULL without
-- volumes. period_index counts weeks since 1970-01-05 (a Monday) or months since 0000-01, so
-- lags of 52 weeks / 12 months are index arithmetic.
with counts as (
    select * from int_series_counts
),

data_end as (
    select
        data_from as first_received_at,
        data_through,
        data_through_day_ended
    from int_trend_settings
    where data_through is not null
),

last_periods as (
    select 'week' as grain, cast(date_trunc('week', data_through) as date) as last_period from data_end
    union all
    select 'month' as grain, cast(date_trunc('month', data_through) as date) as last_period from data_end
),

series as (
    select
        counts.grain,
        counts.dimension,
        counts.member,
        min(counts.period_start) as first_period
    from counts
    group by counts.grain, counts.dimension, counts.member
),

grid as (
    select
        series.grain,
        series.dimension,
        series.member,
        cast(unnest(generate_series(
            series.first_period,
            last_periods.last_period,
            case series.grain when 'month' then interval 1 month else interval 7 day end
        )) as date) as period_start
    from series
    inner join last_periods on last_periods.grain = series.grain
),

units as (
    select grain, period_start, dimension, member, units from int_kpi_units
),

filled as (
    select
        grid.grain,
        grid.dimension,
        grid.member,
        grid.period_start,
        case grid.grain
            when 'month' then cast(grid.period_start + interval 1 month - interval 1 day as date)
            else cast(grid.period_start + interval 6 day as date)
        end as period_end,
        coalesce(counts.complaints, 0) as complaints,
        coalesce(counts.complaints_with_volumes, 0) as complaints_with_volumes,
        coalesce(own_units.units, all_units.units) as units
    from grid
    left join counts
        on counts.grain = grid.grain
        and counts.dimension = grid.dimension
        and counts.member = grid.member
        and counts.period_start = grid.period_start
    left join units as own_units
        on own_units.grain = grid.grain
        and own_units.period_start = grid.period_start
        and own_units.dimension = grid.dimension
        and own_units.member = grid.member
        and grid.dimension in ('product', 'product_category')
    left join units as all_units
        on all_units.grain = grid.grain
        and all_units.period_start = grid.period_start
        and all_units.dimension = 'all'
        and grid.dimension not in ('product', 'product_category')
),

final as (
    select
        filled.grain,
        filled.dimension,
        filled.member,
        md5(filled.grain || '|' || filled.dimension || '|' || filled.member)[1:16] as series_id,
        filled.period_start,
        filled.period_end,
        case filled.grain
            when 'month' then year(filled.period_start) * 12 + month(filled.period_start) - 1
            else cast((filled.period_start - date '1970-01-05') // 7 as integer)
        end as period_index,
        filled.period_start >= cast(data_end.first_received_at as date)
            and (filled.period_end < cast(data_end.data_through as date)
                or (filled.period_end = cast(data_end.data_through as date) and data_end.data_through_day_ended))
            as is_complete,
        filled.period_start = last_periods.last_period as is_current,
        cast(filled.complaints as bigint) as complaints,
        cast(filled.complaints_with_volumes as bigint) as complaints_with_volumes,
        cast(filled.units as bigint) as units,
        case when filled.units > 0 then filled.complaints_with_volumes * 10000.0 / filled.units end as rate_per_10k_units
    from filled
    cross join data_end
    inner join last_periods on last_periods.grain = filled.grain
)

select * from final
