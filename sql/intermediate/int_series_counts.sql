-- int_series_counts: valid complaints per period for every series of the trend detectors: all,
-- category, product_category, product, channel, region, department, root-cause cluster and
-- category × region, by ISO week and by calendar month. Sparse: periods without a complaint are
-- added (as zeros) by int_series_filled.
-- inputs: int_complaints_enriched, stg_complaint_clusters, int_trend_settings (data_through)
-- grain: one row per (grain 'week'|'month', dimension, member, period_start) with at least one
--        complaint; key: those four
-- Members follow the KPI layer: 'all' for the whole, '(unknown)' for a missing value (so each
-- dimension sums to 'all'); category × region members are 'category × region'. Complaints
-- without a cluster are not in the cluster dimension. Complaints received after as_of are left
-- out, so a back-dated as_of sees the data as it was then: data_through is the last receipt by
-- as_of (int_trend_settings), so "received by data_through" is the same set without naming the
-- as-of, which moves every night.
with settings as (
    select data_through from int_trend_settings
),

clusters as (
    select complaint_id, cluster_id from stg_complaint_clusters
),

complaints as (
    select
        enriched.week_start,
        enriched.month_start,
        enriched.category as m_category,
        coalesce(enriched.product_category, '(unknown)') as m_product_category,
        coalesce(enriched.product, '(unknown)') as m_product,
        coalesce(enriched.channel, '(unknown)') as m_channel,
        coalesce(enriched.region, '(unknown)') as m_region,
        coalesce(enriched.department, '(unknown)') as m_department,
        clusters.cluster_id as m_cluster,
        enriched.product_has_volumes
    from int_complaints_enriched as enriched
    cross join settings
    left join clusters on clusters.complaint_id = enriched.complaint_id
    where enriched.is_valid
      and enriched.received_at <= settings.data_through
),

grains as (
    select 'week' as grain
    union all
    select 'month' as grain
),

by_grain as (
    select
        grains.grain,
        case grains.grain when 'week' then complaints.week_start else complaints.month_start end as period_start,
        complaints.*
    from complaints
    cross join grains
),

aggregated as (
    select
        grain,
        period_start,
        case
            when grouping(m_category) = 0 and grouping(m_region) = 0 then 'category_region'
            when grouping(m_category) = 0 then 'category'
            when grouping(m_product_category) = 0 then 'product_category'
            when grouping(m_product) = 0 then 'product'
            when grouping(m_channel) = 0 then 'channel'
            when grouping(m_region) = 0 then 'region'
            when grouping(m_department) = 0 then 'department'
            when grouping(m_cluster) = 0 then 'cluster'
            else 'all'
        end as dimension,
        case
            when grouping(m_category) = 0 and grouping(m_region) = 0 then m_category || ' × ' || m_region
            when grouping(m_category) = 0 then m_category
            when grouping(m_product_category) = 0 then m_product_category
            when grouping(m_product) = 0 then m_product
            when grouping(m_channel) = 0 then m_channel
            when grouping(m_region) = 0 then m_region
            when grouping(m_department) = 0 then m_department
            when grouping(m_cluster) = 0 then m_cluster
            else 'all'
        end as member,
        count(*) as complaints,
        count(*) filter (where product_has_volumes) as complaints_with_volumes
    from by_grain
    group by grouping sets (
        (grain, period_start),
        (grain, period_start, m_category),
        (grain, period_start, m_product_category),
        (grain, period_start, m_product),
        (grain, period_start, m_channel),
        (grain, period_start, m_region),
        (grain, period_start, m_department),
        (grain, period_start, m_cluster),
        (grain, period_start, m_category, m_region)
    )
),

final as (
    select
        grain,
        dimension,
        member,
        cast(period_start as date) as period_start,
        cast(complaints as bigint) as complaints,
        cast(complaints_with_volumes as bigint) as complaints_with_volumes
    from aggregated
    where member is not null
)

select * from final
