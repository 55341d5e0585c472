-- int_batch_complaints: the complaints that can be attributed to a production batch, with what the
-- hot-spot tests need about each.
-- inputs: int_complaints_enriched, int_batch_complaint_clusters, int_batch_hotspot_settings
-- grain: one row per valid complaint with a product and a batch received inside the observation
--        window; key: complaint_id
-- in_test_scope: the complaints the rate test counts (quality-related ones by default:
-- hotspots_test_scope = 'quality' and category in hotspots_quality_categories; 'all' counts all).
-- cause_key: the cause the cause-mix tests use: when clustering ran, the root-cause cluster of
-- in-scope complaints (others, and unclustered ones, have none: a defect shows as one cluster
-- among a batch's quality complaints); without clusters, the category of every complaint.
with settings as (
    select * from int_batch_hotspot_settings
),

enriched as (
    select
        complaint_id,
        received_date,
        product,
        product_category,
        batch,
        production_date,
        region,
        category
    from int_complaints_enriched
    where is_valid
        and product is not null
        and batch is not null
),

clusters as (
    select complaint_id, cluster_id, cluster_label from int_batch_complaint_clusters
),

clustering_ran as (
    select count(*) > 0 as has_clusters from clusters
),

final as (
    select
        enriched.complaint_id,
        enriched.received_date,
        enriched.product,
        enriched.product_category,
        enriched.batch,
        enriched.production_date,
        enriched.region,
        coalesce(enriched.category, '其他') as category,
        list_contains(settings.quality_categories, enriched.category) is true as is_quality,
        settings.test_scope = 'all' or list_contains(settings.quality_categories, enriched.category) is true as in_test_scope,
        clusters.cluster_id,
        clusters.cluster_label,
        case
            when not clustering_ran.has_clusters then coalesce(enriched.category, '其他')
            when settings.test_scope = 'all' or list_contains(settings.quality_categories, enriched.category) is true then clusters.cluster_id
        end as cause_key,
        case when clustering_ran.has_clusters then 'cluster' else 'category' end as cause_kind
    from enriched
    cross join settings
    cross join clustering_ran
    left join clusters on clusters.complaint_id = enriched.complaint_id
    where enriched.received_date between settings.data_start and settings.data_end
)

select * from final
