-- int_cluster_assignments: the root-cause cluster of every complaint in scope, with the cluster's
-- label and category, and the complaint's category refined from its cluster.
-- inputs: int_complaints_enriched, complaint_clusters and cluster_labels (written by the clustering
--         step, pipeline/cluster/model.ts)
-- grain: one row per valid complaint (status not 'invalid', as clustered); key: complaint_id
-- materialized: incremental
-- unique_key: complaint_id
-- incremental_source: int_complaints_enriched
-- signature_query: select max(fit_build) as fit_build from cluster_builds
-- recompute_where: cluster_id is not null and not exists (select 1 from cluster_labels as l where l.active and l.cluster_id = this.cluster_id and l.label = this.cluster_label and l.category is not distinct from this.cluster_category)
-- (incremental: a row depends on the complaint's enriched row, its complaint_clusters row and its
--  cluster's label and category. A nightly assignment rewrites complaint_clusters only for
--  complaints with a new version, which are changed keys here too; a fit (cold or warm: a new
--  fit_build) rebuilds this model in full; when a nightly description refresh gives a cluster
--  another category (or retires it), recompute_where redoes that cluster's rows; docs/incremental.md)
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
