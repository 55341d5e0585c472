-- mart_control_chart: a Shewhart chart per series over the recent window (trend_chart_weeks /
-- trend_chart_months): centre line, per-period 3-sigma limits, the Laney adjustment when the
-- counts are overdispersed, and the Western Electric / Nelson rule each point breaks.
-- inputs: int_series_filled, int_trend_settings
-- grain: one row per (grain, dimension, member, period_start) in the chart window;
--        key: series_id, period_start
-- Chart (docs/statistics-trends.md, "Control charts"):
--   u-chart where units exist in every complete period of the window: u_i = complaints of
--   products with volumes / n_i with n_i = units / 10,000 (complaints per 10k units); otherwise a
--   c-chart (n_i = 1, u_i = the count). Centre ū = Σ c / Σ n over the complete periods; limits
--   ū ± 3 σ_i with σ_i = sqrt(ū / n_i) (Poisson).
--   Laney U′: z_i = (u_i − ū) / sqrt(ū / n_i); σ_z = mean moving range of z / 1.128; when σ_z > 1
--   (more variation between periods than Poisson allows) σ_i is multiplied by σ_z, which stops a
--   plain u-chart crying wolf on overdispersed counts. chart_type: u, c, laney_u or laney_c.
--   Rules on the standardised points z′_i = (u_i − ū) / σ_i, complete periods only:
--     WE1 a point beyond 3σ; WE2 2 of 3 beyond 2σ on one side; WE3 4 of 5 beyond 1σ on one side;
--     WE4 8 in a row on one side; N3 (Nelson 3) 6 in a row steadily increasing or decreasing.
--   `rule` is the first that fired in that order, `rules` all of them.
-- The centre and limits use the whole window (Phase I): unlike int_trend_signals, a chart is a
-- retrospective view and may change as the window moves.
with settings as (
    select * from int_trend_settings
),

series as (
    select * from int_series_filled
),

last_periods as (
    select grain, max(period_index) as last_index
    from series
    group by grain
),

windowed as (
    select series.*
    from series
    inner join last_periods on last_periods.grain = series.grain
    cross join settings
    where series.period_index > last_periods.last_index
        - case series.grain when 'week' then settings.chart_weeks else settings.chart_months end
),

chart_kind as (
    select
        series_id,
        bool_and(coalesce(units, 0) > 0) filter (where is_complete) and sum(complaints_with_volumes) > 0 as has_units
    from windowed
    group by series_id
),

opportunity as (
    select
        windowed.*,
        chart_kind.has_units,
        case when chart_kind.has_units then windowed.complaints_with_volumes else windowed.complaints end as c,
        case when chart_kind.has_units then windowed.units / 10000.0 else 1.0 end as n
    from windowed
    inner join chart_kind on chart_kind.series_id = windowed.series_id
),

centred as (
    select
        opportunity.*,
        sum(case when is_complete then c end) over (partition by series_id)
            / nullif(sum(case when is_complete then n end) over (partition by series_id), 0) as center
    from opportunity
),

standardised as (
    select
        *,
        c / nullif(n, 0) as u,
        case when is_complete and center > 0 then (c / n - center) / sqrt(center / n) end as z_poisson
    from centred
),

moving_ranges as (
    select
        *,
        abs(z_poisson - lag(z_poisson) over (partition by series_id, is_complete order by period_index)) as moving_range
    from standardised
),

laney as (
    select
        *,
        avg(case when is_complete then moving_range end) over (partition by series_id) / 1.128 as sigma_z
    from moving_ranges
),

limits as (
    select
        *,
        coalesce(sigma_z > 1, false) as laney_applied,
        sqrt(center / n) * case when sigma_z > 1 then sigma_z else 1 end as sigma
    from laney
),

points as (
    select
        *,
        case when is_complete and sigma > 0 then (u - center) / sigma end as z
    from limits
),

-- Rule windows over the complete periods only (in order).
complete_points as (
    select
        series_id,
        period_index,
        z,
        sum((z > 2)::int) over last3 as above2_in3,
        sum((z < -2)::int) over last3 as below2_in3,
        sum((z > 1)::int) over last5 as above1_in5,
        sum((z < -1)::int) over last5 as below1_in5,
        sum((z > 0)::int) over last8 as above0_in8,
        sum((z < 0)::int) over last8 as below0_in8,
        z - lag(z) over ordered as step
    from points
    where is_complete and z is not null
    window
        ordered as (partition by series_id order by period_index),
        last3 as (partition by series_id order by period_index rows between 2 preceding and current row),
        last5 as (partition by series_id order by period_index rows between 4 preceding and current row),
        last8 as (partition by series_id order by period_index rows between 7 preceding and current row)
),

runs as (
    select
        *,
        sum((step > 0)::int) over last5_steps as rising_steps,
        sum((step < 0)::int) over last5_steps as falling_steps
    from complete_points
    window last5_steps as (partition by series_id order by period_index rows between 4 preceding and current row)
),

rules as (
    select
        series_id,
        period_index,
        list_filter([
            case when abs(z) > 3 then 'WE1' end,
            case when (z > 2 and above2_in3 >= 2) or (z < -2 and below2_in3 >= 2) then 'WE2' end,
            case when (z > 1 and above1_in5 >= 4) or (z < -1 and below1_in5 >= 4) then 'WE3' end,
            case when above0_in8 = 8 or below0_in8 = 8 then 'WE4' end,
            case when rising_steps = 5 or falling_steps = 5 then 'N3' end
        ], r -> r is not null) as fired
    from runs
),

final as (
    select
        points.grain,
        points.dimension,
        points.member,
        points.series_id,
        points.period_start,
        points.period_end,
        points.is_complete,
        points.is_current,
        points.complaints,
        points.units,
        case
            when points.has_units and points.laney_applied then 'laney_u'
            when points.has_units then 'u'
            when points.laney_applied then 'laney_c'
            else 'c'
        end as chart_type,
        points.n as subgroup_size,
        points.u as value,
        points.center,
        points.sigma,
        points.sigma_z,
        points.laney_applied,
        points.center + 3 * points.sigma as ucl,
        greatest(0.0, points.center - 3 * points.sigma) as lcl,
        points.center + 2 * points.sigma as upper_2_sigma,
        greatest(0.0, points.center - 2 * points.sigma) as lower_2_sigma,
        points.z,
        rules.fired[1] as rule,
        nullif(array_to_string(rules.fired, ','), '') as rules
    from points
    left join rules on rules.series_id = points.series_id and rules.period_index = points.period_index
)

select * from final
