-- int_kpi_periods: every KPI per period grain, period, dimension and member, with previous-period
-- and year-ago values; mart_kpis_monthly and mart_kpis_weekly are its two grains.
-- inputs: int_kpi_aggregates, int_kpi_units, stg_settings, int_complaints_enriched, cfg_category_sla
--         (through the maturity macros of sql/macros/maturity.sql and handling_recorded of
--         sql/macros/handling.sql)
-- grain: one row per (grain, period_start, dimension, member) for every period from the first
--        period in the data to the last, for every member ever seen (zero rows where a member had
--        no complaint, so previous-period and year-ago deltas are never skipped);
--        key: (grain, period_start, dimension, member)
-- Rates are NULL when their denominator is 0. Definitions: docs/metrics.md.
-- Maturity (right-censoring): a complaint still open when the export ends is not yet a failure. A
-- period's handling KPIs (resolution, SLA, delay, closed-loop, handling time, satisfaction) are
-- judged only when `is_mature`: every complaint received in it had its whole resolution window
-- (the longest category SLA) before the data's end (the last complaint received): the rule
-- period_is_mature of sql/macros/maturity.sql, which the recommendations use too. Younger periods
-- keep their provisional values; `open_share` says how much of them is still open.
-- Handling data: when the exports record no status, resolution or closing date at all, the
-- handling KPIs (and the open and overdue counts) are NULL, "not recorded", not 0 %; with a status
-- but no dates, the SLA and delay rates are (handling_recorded, sql/macros/handling.sql).
-- Complete: the period has ended by as_of and the data reach its last day (an export cut mid-month
-- leaves that month partial, in progress, as in the trend layer).
-- Previous period: the month before / the week before. Year ago: the same month a year earlier /
-- the week 52 weeks earlier (same weekday alignment). NULL when outside the data.
with aggregates as (
    select * from int_kpi_aggregates
),

units as (
    select * from int_kpi_units
),

settings as (
    select as_of from stg_settings
),

-- The data's end: the day of the last complaint received (nightly exports stop; the wall clock
-- does not). Same reference as int_recommendation_settings.reference_date.
data_end as (
    select max(received_date) as data_end_date from int_complaints_enriched
),

maturity as (
    select * from maturity_days(cfg_category_sla)
),

handling as (
    select * from handling_recorded(int_complaints_enriched)
),

bounds as (
    select grain, min(period_start) as first_period, max(period_start) as last_period
    from aggregates
    group by grain
),

periods as (
    select
        grain,
        cast(unnest(generate_series(
            first_period,
            last_period,
            case grain when 'month' then interval 1 month else interval 7 day end
        )) as date) as period_start
    from bounds
),

members as (
    select distinct grain, dimension, member from aggregates
),

grid as (
    select members.grain, periods.period_start, members.dimension, members.member
    from members
    inner join periods on periods.grain = members.grain
),

filled as (
    select
        grid.grain,
        grid.period_start,
        case grid.grain
            when 'month' then cast(grid.period_start + interval 1 month - interval 1 day as date)
            else cast(grid.period_start + interval 6 day as date)
        end as period_end,
        grid.dimension,
        grid.member,
        aggregates.* exclude (grain, period_start, dimension, member),
        units.units
    from grid
    left join aggregates
        on aggregates.grain = grid.grain
        and aggregates.period_start = grid.period_start
        and aggregates.dimension = grid.dimension
        and aggregates.member = grid.member
    left join units
        on units.grain = grid.grain
        and units.period_start = grid.period_start
        and units.dimension = grid.dimension
        and units.member = grid.member
),

kpis as (
    select
        filled.grain,
        filled.period_start,
        filled.period_end,
        -- complete: the period has ended (as_of) and the data reach its last day — an export cut
        -- on 19 February leaves February partial whatever the wall clock says (the trend layer's
        -- rule, int_series_filled); else the partial month read as a collapse (−54.6 %)
        settings.as_of >= filled.period_end + interval 1 day
            and filled.period_end <= data_end.data_end_date as is_complete,
        settings.as_of >= filled.period_end + interval 1 day
            and period_is_mature(filled.period_end, maturity.maturity_days, data_end.data_end_date) as is_mature,
        filled.dimension,
        filled.member,
        cast(coalesce(filled.complaints, 0) as bigint) as complaints,
        cast(coalesce(filled.invalid_complaints, 0) as bigint) as invalid_complaints,
        cast(coalesce(filled.withdrawn_complaints, 0) as bigint) as withdrawn_complaints,
        case when handling.resolution then cast(coalesce(filled.open_complaints, 0) as bigint) end as open_complaints,
        case when handling.resolution then cast(coalesce(filled.overdue_open_complaints, 0) as bigint) end
            as overdue_open_complaints,
        filled.units,
        case when filled.units > 0 then coalesce(filled.complaints_with_volumes, 0) * 10000.0 / filled.units end
            as complaints_per_10k_units,
        case when handling.first_response then filled.first_response_met / nullif(filled.first_response_known, 0) end
            as first_response_within_sla_rate,
        case when handling.resolution_time then filled.resolution_met / nullif(filled.resolution_known, 0) end
            as resolved_within_sla_rate,
        case when handling.resolution_time then filled.resolution_missed / nullif(filled.resolution_known, 0) end
            as delay_rate,
        filled.redispatched / nullif(filled.dispatch_known, 0) as redispatch_rate,
        filled.repeats / nullif(filled.repeat_known, 0) as repeat_rate,
        case when handling.resolution then filled.resolved / nullif(filled.handling_scope, 0) end as resolution_rate,
        case when handling.resolution then filled.closed / nullif(filled.handling_scope, 0) end as closed_loop_rate,
        filled.handling_hours_sum / nullif(filled.handling_hours_n, 0) as avg_handling_hours,
        filled.median_handling_hours,
        filled.first_response_hours_sum / nullif(filled.first_response_hours_n, 0) as avg_first_response_hours,
        filled.satisfaction_sum / nullif(filled.satisfaction_responses, 0) as satisfaction_avg,
        filled.satisfied / nullif(filled.satisfaction_responses, 0) as satisfied_rate,
        cast(coalesce(filled.satisfaction_responses, 0) as bigint) as satisfaction_responses,
        cast(coalesce(filled.compensation_total, 0) as decimal(18, 2)) as compensation_total,
        filled.external_escalations / nullif(filled.complaints, 0) as external_escalation_rate,
        cast(coalesce(filled.severity_general, 0) as bigint) as severity_general,
        cast(coalesce(filled.severity_major, 0) as bigint) as severity_major,
        cast(coalesce(filled.severity_urgent, 0) as bigint) as severity_urgent,
        case when handling.resolution then filled.open_complaints / nullif(filled.handling_scope, 0) end as open_share
    from filled
    cross join handling
    cross join settings
    cross join data_end
    cross join maturity
),

final as (
    -- The grid is dense (every period of every member), so the previous period is one row back
    -- and a year ago 12 months or 52 weeks back: window lags instead of self-joins.
    select
        kpis.* exclude (is_mature, open_share),
        lag(complaints) over member_periods as prev_complaints,
        lag(complaints_per_10k_units) over member_periods as prev_complaints_per_10k_units,
        lag(first_response_within_sla_rate) over member_periods as prev_first_response_within_sla_rate,
        lag(resolved_within_sla_rate) over member_periods as prev_resolved_within_sla_rate,
        lag(delay_rate) over member_periods as prev_delay_rate,
        lag(repeat_rate) over member_periods as prev_repeat_rate,
        lag(resolution_rate) over member_periods as prev_resolution_rate,
        lag(avg_handling_hours) over member_periods as prev_avg_handling_hours,
        lag(satisfaction_avg) over member_periods as prev_satisfaction_avg,
        lag(satisfied_rate) over member_periods as prev_satisfied_rate,
        lag(compensation_total) over member_periods as prev_compensation_total,
        lag(external_escalation_rate) over member_periods as prev_external_escalation_rate,
        lag(severity_urgent) over member_periods as prev_severity_urgent,
        case grain when 'month' then lag(complaints, 12) over member_periods else lag(complaints, 52) over member_periods end as yoy_complaints,
        case grain when 'month' then lag(complaints_per_10k_units, 12) over member_periods else lag(complaints_per_10k_units, 52) over member_periods end as yoy_complaints_per_10k_units,
        case grain when 'month' then lag(first_response_within_sla_rate, 12) over member_periods else lag(first_response_within_sla_rate, 52) over member_periods end as yoy_first_response_within_sla_rate,
        case grain when 'month' then lag(resolved_within_sla_rate, 12) over member_periods else lag(resolved_within_sla_rate, 52) over member_periods end as yoy_resolved_within_sla_rate,
        case grain when 'month' then lag(delay_rate, 12) over member_periods else lag(delay_rate, 52) over member_periods end as yoy_delay_rate,
        case grain when 'month' then lag(repeat_rate, 12) over member_periods else lag(repeat_rate, 52) over member_periods end as yoy_repeat_rate,
        case grain when 'month' then lag(resolution_rate, 12) over member_periods else lag(resolution_rate, 52) over member_periods end as yoy_resolution_rate,
        case grain when 'month' then lag(avg_handling_hours, 12) over member_periods else lag(avg_handling_hours, 52) over member_periods end as yoy_avg_handling_hours,
        case grain when 'month' then lag(satisfaction_avg, 12) over member_periods else lag(satisfaction_avg, 52) over member_periods end as yoy_satisfaction_avg,
        case grain when 'month' then lag(satisfied_rate, 12) over member_periods else lag(satisfied_rate, 52) over member_periods end as yoy_satisfied_rate,
        case grain when 'month' then lag(compensation_total, 12) over member_periods else lag(compensation_total, 52) over member_periods end as yoy_compensation_total,
        case grain when 'month' then lag(external_escalation_rate, 12) over member_periods else lag(external_escalation_rate, 52) over member_periods end as yoy_external_escalation_rate,
        case grain when 'month' then lag(severity_urgent, 12) over member_periods else lag(severity_urgent, 52) over member_periods end as yoy_severity_urgent,
        -- appended after the contract columns so their order stays as documented
        kpis.is_mature,
        kpis.open_share
    from kpis
    window member_periods as (partition by grain, dimension, member order by period_start)
)

select * from final
