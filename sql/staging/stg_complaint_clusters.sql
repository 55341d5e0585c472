-- stg_complaint_clusters: the root-cause cluster of each complaint, for the trend series'
-- cluster dimension and the `emerging` alerts.
-- inputs: complaint_clusters(complaint_id, cluster_id, distance), written by the root-cause
--         clustering step. The model runner creates it empty when the clustering has not run, so
--         that this view (and every model reading it) builds either way.
-- grain: one row per clustered complaint; key: complaint_id (the nearest cluster wins if the
--        clustering ever lists a complaint twice)
with source as (
    select * from complaint_clusters
),

final as (
    select
        cast(complaint_id as varchar) as complaint_id,
        cast(cluster_id as varchar) as cluster_id,
        cast(distance as double) as distance
    from source
    where complaint_id is not null and cluster_id is not null
    qualify row_number() over (partition by complaint_id order by distance nulls last, cluster_id) = 1
)

select * from final
