-- int_batch_complaint_clusters: the root cause of each complaint as the hot-spot models read it
-- (dominant cause of a batch, cause-rate and cause-mix tests, product × cause lift): the
-- export's own structured cause (component / failure mode / defect code) when the complaint has
-- one, else its root-cause cluster and label.
-- inputs: int_complaints_enriched (component), int_cluster_assignments (complaint_clusters joined
--         with the active cluster_labels, both written by the clustering step that the runner runs
--         before the SQL models; empty when clustering has not run)
-- grain: one row per complaint with a cause; key: complaint_id
-- One adapter so that the hot-spot models do not depend on where the cause comes from. A
-- component an engineer recorded is better evidence of the cause than a text cluster, so it
-- wins; placeholders ("UNKNOWN OR OTHER", 其他, 未知, n/a) are no cause and fall back to the
-- cluster. Component causes get ids 'component:<name>' (never a cluster number) and the
-- component as label. With no rows, every cluster column of the hot-spot marts is NULL and the
-- cause tests use the complaint category instead; a cluster without a label shows as
-- "簇 <id>" / "cluster <id>".
with components as (
    select complaint_id, component
    from int_complaints_enriched
    where component is not null
      and not regexp_full_match(
          lower(trim(component)), '(unknown|unknown or other|other|others|n/?a|none|null|-+|其他|其它|未知|不详|无)'
      )
),

clusters as (
    select complaint_id, cluster_id, cluster_label
    from int_cluster_assignments
    where complaint_id is not null and cluster_id is not null
),

component_causes as (
    select
        complaint_id,
        'component:' || component as cluster_id,
        component as cluster_label
    from components
),

cluster_causes as (
    select
        clusters.complaint_id,
        cast(clusters.cluster_id as varchar) as cluster_id,
        clusters.cluster_label
    from clusters
    anti join components on components.complaint_id = clusters.complaint_id
),

final as (
    select * from component_causes
    union all
    select * from cluster_causes
)

select * from final
