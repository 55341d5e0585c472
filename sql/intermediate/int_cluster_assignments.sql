-- int_cluster_assignments: the root-cause cluster of every complaint in scope, with the cluster's
-- label and category, and the complaint's category refined from its cluster.
-- inputs: int_complaints_enriched, complaint_clusters and cluster_labels (written by the clustering
--         step, pipeline/cluster/model.ts)
-- grain: one row per valid complaint (status not 'invalid', as clustered); key: complaint_id
-- cluster_id is NULL for a complaint the clustering left unassigned (no usable text, or too far
-- from every cluster). refined_category: the category of the complaint's cluster (each cluster
-- belongs to the category most of its complaints have), else the complaint's own category; the
-- text of similar complaints corrects keyword-classifier misses (docs/clustering.md, "Categories").
with complaints as (
    select
        complaint_id,
        received_at,
        week_start,
        month_start,
        product,
        product_category,
        batch,
        region,
        channel,
        category,
        category_source
    from int_complaints_enriched
    where is_valid is not false
),

clusters as (
    select complaint_id, cluster_id, distance
    from complaint_clusters
),

labels as (
    select cluster_id, label, category as cluster_category
    from cluster_labels
    where active
),

final as (
    select
        complaints.*,
        clusters.cluster_id,
        clusters.distance,
        labels.label as cluster_label,
        labels.cluster_category,
        clusters.cluster_id is null as is_unassigned,
        coalesce(labels.cluster_category, complaints.category) as refined_category,
        labels.cluster_category is not null
            and labels.cluster_category is distinct from complaints.category as is_category_refined
    from complaints
    left join clusters on clusters.complaint_id = complaints.complaint_id
    left join labels on labels.cluster_id = clusters.cluster_id
)

select * from final
