-- mart_batch_age_buckets: the hot-spot heatmap's batch-age buckets (its columns, in order) as the
-- dashboard lists, labels and accepts them (the `age` URL parameter is one of these keys), and the
-- least expected complaints a cell's ratio needs: read from the build's settings, so a configured
-- change cannot disagree with the buckets mart_batch_hotspots and mart_batch_heatmap were built with.
-- inputs: int_batch_age_buckets, int_batch_hotspot_settings
-- grain: one row per age bucket; key: age_bucket
with age_buckets as (
    select * from int_batch_age_buckets
),

settings as (
    select * from int_batch_hotspot_settings
),

final as (
    select
        age_buckets.age_bucket,
        age_buckets.bucket_index,
        age_buckets.start_days,
        age_buckets.end_days,
        settings.heatmap_min_expected as min_expected_for_ratio
    from age_buckets
    cross join settings
)

select * from final
