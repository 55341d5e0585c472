-- int_kpi_aggregates: additive KPI ingredients (counts, numerators, denominators, sums) and the
-- median handling time per period grain, period, dimension and member. Rates are formed in
-- int_kpi_periods; docs/metrics.md defines every ingredient.
-- inputs: int_complaints_enriched
-- grain: one row per (grain 'month'|'week', period_start, dimension, member) with at least one
--        complaint (valid or not); key: (grain, period_start, dimension, member)
-- Dimensions: all (member 'all'), product_category, product, channel, region, department,
-- category. A missing value is the member '(unknown)' so every dimension sums to 'all'.
-- count_if(x) and aggregate(case when … end) rather than aggregate(…) filter (where …): the same
-- result (NULL flags are not counted) at half the cost over seven grouping sets of 2M rows.
with enriched as (
    select * from int_complaints_enriched
),

grains as (
    select 'month' as grain
    union all
    select 'week' as grain
),

periods as (
    select
        grains.grain,
        case grains.grain when 'month' then enriched.month_start else enriched.week_start end as period_start,
        coalesce(enriched.product_category, '(unknown)') as m_product_category,
        coalesce(enriched.product, '(unknown)') as m_product,
        coalesce(enriched.channel, '(unknown)') as m_channel,
        coalesce(enriched.region, '(unknown)') as m_region,
        coalesce(enriched.department, '(unknown)') as m_department,
        enriched.category as m_category,
        enriched.*
    from enriched
    cross join grains
),

aggregated as (
    select
        grain,
        period_start,
        case
            when grouping(m_product_category) = 0 then 'product_category'
            when grouping(m_product) = 0 then 'product'
            when grouping(m_channel) = 0 then 'channel'
            when grouping(m_region) = 0 then 'region'
            when grouping(m_department) = 0 then 'department'
            when grouping(m_category) = 0 then 'category'
            else 'all'
        end as dimension,
        coalesce(m_product_category, m_product, m_channel, m_region, m_department, m_category, 'all') as member,
        count_if(is_valid) as complaints,
        count_if(is_invalid) as invalid_complaints,
        count_if(is_withdrawn) as withdrawn_complaints,
        count_if(is_open) as open_complaints,
        count_if(is_overdue_open) as overdue_open_complaints,
        count_if(is_valid and product_has_volumes) as complaints_with_volumes,
        count_if(first_response_sla_met) as first_response_met,
        count(first_response_sla_met) as first_response_known,
        count_if(resolution_sla_met) as resolution_met,
        count_if(not resolution_sla_met) as resolution_missed,
        count(resolution_sla_met) as resolution_known,
        count_if(is_redispatched) as redispatched,
        count(is_redispatched) as dispatch_known,
        count_if(is_repeat) as repeats,
        count(is_repeat) as repeat_known,
        count_if(is_valid and not is_withdrawn and is_resolved) as resolved,
        count_if(is_valid and not is_withdrawn and is_closed) as closed,
        count_if(is_valid and not is_withdrawn) as handling_scope,
        sum(case when is_valid and not is_withdrawn then handling_hours end) as handling_hours_sum,
        count(case when is_valid and not is_withdrawn then handling_hours end) as handling_hours_n,
        median(case when is_valid and not is_withdrawn then handling_hours end) as median_handling_hours,
        sum(case when is_valid and not is_withdrawn then first_response_hours end) as first_response_hours_sum,
        count(case when is_valid and not is_withdrawn then first_response_hours end) as first_response_hours_n,
        sum(case when is_valid then satisfaction end) as satisfaction_sum,
        count(case when is_valid then satisfaction end) as satisfaction_responses,
        count_if(is_satisfied) as satisfied,
        coalesce(sum(case when is_valid then compensation end), 0) as compensation_total,
        count_if(is_external) as external_escalations,
        count_if(is_valid and severity_grade = '一般') as severity_general,
        count_if(is_valid and severity_grade = '重大') as severity_major,
        count_if(is_valid and severity_grade = '紧急') as severity_urgent
    from periods
    group by grouping sets (
        (grain, period_start),
        (grain, period_start, m_product_category),
        (grain, period_start, m_product),
        (grain, period_start, m_channel),
        (grain, period_start, m_region),
        (grain, period_start, m_department),
        (grain, period_start, m_category)
    )
),

final as (
    select * from aggregated
)

select * from final
