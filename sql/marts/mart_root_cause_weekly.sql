-- mart_root_cause_weekly: complaints per root-cause cluster per week, zero-filled, for trend charts
-- and for the trend slope of mart_root_causes.
-- inputs: int_cluster_assignments, cluster_labels (active clusters)
-- grain: one row per (cluster_id, week) for every active cluster and every week from the first to
--        the last week with complaints; key: (cluster_id, week)
-- Weeks start on Monday (date_trunc('week')), as week_start in int_complaints_enriched.
with assigned as (
    select cluster_id, week_start
    from int_cluster_assignments
    where cluster_id is not null
),

clusters as (
    select cluster_id, label
    from cluster_labels
    where active
),

bounds as (
    select min(week_start) as first_week, max(week_start) as last_week
    from int_cluster_assignments
),

weeks as (
    select cast(unnest(generate_series(first_week, last_week, interval 7 day)) as date) as week
    from bounds
    where first_week is not null
),

counts as (
    select cluster_id, week_start as week, count(*) as complaints
    from assigned
    group by cluster_id, week_start
),

final as (
    select
        cast(clusters.cluster_id as integer) as cluster_id,
        weeks.week,
        coalesce(counts.complaints, 0) as complaints,
        clusters.label
    from clusters
    cross join weeks
    left join counts on counts.cluster_id = clusters.cluster_id and counts.week = weeks.week
    order by clusters.cluster_id, weeks.week
)

select * from final
