-- int_batch_complaint_clusters: the root-cause cluster of each complaint, with its label, as the
-- hot-spot models read it (dominant cluster of a batch, cause-rate and cause-mix tests, product ×
-- cluster lift).
-- inputs: int_cluster_assignments (complaint_clusters joined with the active cluster_labels, both
--         written by the clustering step that the runner runs before the SQL models; empty when
--         clustering has not run)
-- grain: one row per clustered complaint; key: complaint_id
-- One adapter so that the hot-spot models do not depend on how clustering stores its results.
-- With no rows, every cluster column of the hot-spot marts is NULL and the cause tests use the
-- complaint category instead; a cluster without a label shows as "簇 <id>" / "cluster <id>".
with clusters as (
    select complaint_id, cluster_id, cluster_label
    from int_cluster_assignments
),

final as (
    select
        complaint_id,
        cast(cluster_id as varchar) as cluster_id,
        cluster_label
    from clusters
    where complaint_id is not null and cluster_id is not null
)

select * from final
