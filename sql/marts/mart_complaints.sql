-- mart_complaints: every current complaint with what the models concluded about it — category,
-- severity grade, root-cause cluster — so the dashboard's complaint list, drill-downs and exports
-- filter on one table with plain columns.
-- inputs: stg_complaints, int_complaints_enriched (category, severity grade, flags),
--         int_cluster_assignments (cluster and its label; only valid complaints are clustered)
-- grain: one row per complaint (current version); key: complaint_id
-- materialized: incremental
-- unique_key: complaint_id
-- (incremental: a row joins the complaint's own rows of three per-complaint models, all
--  incremental, whose changed keys are redone here too; docs/incremental.md)
-- cluster_id is NULL for complaints the clustering left unassigned or did not see (invalid ones).
with complaints as (
    select * from stg_complaints
),

enriched as (
    select
        complaint_id,
        category,
        severity_grade,
        is_open,
        is_overdue_open,
        is_repeat,
        is_external,
        resolution_sla_met,
        handling_hours
    from int_complaints_enriched
),

clusters as (
    select complaint_id, cluster_id, cluster_label
    from int_cluster_assignments
    where cluster_id is not null
),

final as (
    select
        complaints.*,
        enriched.* exclude (complaint_id),
        clusters.cluster_id,
        clusters.cluster_label
    from complaints
    left join enriched using (complaint_id)
    left join clusters using (complaint_id)
)

select * from final
