-- mart_root_causes: one row per root-cause cluster — what it is about (label, one-line summary
-- from its most representative complaint, top terms, representative complaints), how big (complaints, share), since when (first/last seen), where
-- it is concentrated (over-represented products, batches, regions) and where it is heading
-- (trend slope).
-- inputs: cluster_labels (written by the clustering step), int_cluster_assignments,
--         mart_root_cause_weekly, int_cluster_lift, stg_complaints (representative texts)
-- grain: one row per active cluster; key: cluster_id
-- share: of all complaints in scope (valid ones), so Σ share + unassigned share = 1.
-- trend_slope: least-squares slope of weekly complaints over the 12 weeks before the last week in
-- the data (that week is usually incomplete), in complaints per week per week; trend_slope_pct
-- divides it by the mean weekly count of those weeks (+5 % = growing 5 % of its level a week).
with labels as (
    select * from cluster_labels where active
),

scope as (
    select count(*) as complaints, count(*) filter (where cluster_id is null) as unassigned
    from int_cluster_assignments
),

members as (
    select
        cluster_id,
        count(*) as complaints,
        min(received_at) as first_seen,
        max(received_at) as last_seen,
        avg(distance) as mean_distance,
        count(*) filter (where is_category_refined) as category_refined
    from int_cluster_assignments
    where cluster_id is not null
    group by cluster_id
),

last_week as (
    select max(week) as week from mart_root_cause_weekly
),

trend_window as (
    select w.cluster_id, w.week, w.complaints, datediff('week', w.week, l.week) as weeks_back
    from mart_root_cause_weekly as w
    cross join last_week as l
    where w.week < l.week and w.week >= l.week - interval 84 day
),

trends as (
    select
        cluster_id,
        regr_slope(complaints, -weeks_back) as trend_slope,
        avg(complaints) as recent_weekly
    from trend_window
    group by cluster_id
),

hot as (
    select
        cluster_id,
        list(value || ' ×' || cast(round(lift, 1) as varchar) order by lift desc, value) filter (where dimension = 'product') as hot_products,
        list(value || ' ×' || cast(round(lift, 1) as varchar) order by lift desc, value) filter (where dimension = 'batch') as hot_batches,
        list(value || ' ×' || cast(round(lift, 1) as varchar) order by lift desc, value) filter (where dimension = 'region') as hot_regions
    from int_cluster_lift
    where over_represented
    group by cluster_id
),

representatives as (
    select r.cluster_id, list(t.description order by r.pos) as representative_texts
    from (
        select cluster_id, unnest(representative_ids) as complaint_id, generate_subscripts(representative_ids, 1) as pos
        from labels
    ) as r
    join stg_complaints as t on t.complaint_id = r.complaint_id
    group by r.cluster_id
),

final as (
    select
        cast(labels.cluster_id as integer) as cluster_id,
        labels.label,
        labels.summary,
        labels.category,
        coalesce(members.complaints, 0) as complaints,
        coalesce(members.complaints, 0) / nullif(scope.complaints, 0) as share,
        labels.top_terms,
        labels.representative_ids,
        members.first_seen,
        members.last_seen,
        trends.trend_slope,
        trends.trend_slope / nullif(trends.recent_weekly, 0) as trend_slope_pct,
        trends.recent_weekly,
        labels.category_share,
        members.category_refined,
        members.mean_distance,
        hot.hot_products,
        hot.hot_batches,
        hot.hot_regions,
        representatives.representative_texts,
        scope.unassigned / nullif(scope.complaints, 0) as unassigned_share,
        labels.created_build,
        labels.updated_build
    from labels
    cross join scope
    left join members on members.cluster_id = labels.cluster_id
    left join trends on trends.cluster_id = labels.cluster_id
    left join hot on hot.cluster_id = labels.cluster_id
    left join representatives on representatives.cluster_id = labels.cluster_id
    order by complaints desc, cluster_id
)

select * from final
