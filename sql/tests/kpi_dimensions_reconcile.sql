-- severity: error
-- checks: integrity
-- Each dimension's members add up to 'all' in every period, and 'all' adds up to the valid
-- complaints in the warehouse (nothing dropped or double counted by the grouping).
with kpis as (
    select 'monthly' as mart, period_start, dimension, member, complaints, compensation_total from mart_kpis_monthly
    union all
    select 'weekly' as mart, period_start, dimension, member, complaints, compensation_total from mart_kpis_weekly
),

totals as (
    select mart, period_start, dimension, sum(complaints) as complaints, sum(compensation_total) as compensation_total
    from kpis
    group by mart, period_start, dimension
),

per_dimension as (
    select
        totals.mart,
        totals.period_start,
        totals.dimension,
        totals.complaints,
        overall.complaints as all_complaints
    from totals
    inner join totals as overall
        on overall.mart = totals.mart
        and overall.period_start = totals.period_start
        and overall.dimension = 'all'
    where totals.complaints <> overall.complaints
       or totals.compensation_total <> overall.compensation_total
),

grand_total as (
    select
        totals.mart,
        cast(null as date) as period_start,
        'all (grand total)' as dimension,
        sum(totals.complaints) as complaints,
        (select count(*) from int_complaints_enriched where is_valid) as all_complaints
    from totals
    where totals.dimension = 'all'
    group by totals.mart
    having sum(totals.complaints) <> (select count(*) from int_complaints_enriched where is_valid)
),

final as (
    select * from per_dimension
    union all
    select * from grand_total
)

select * from final
