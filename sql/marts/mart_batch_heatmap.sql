-- mart_batch_heatmap: the Hot spots page's product × batch-age heatmap, its cells summed over the
-- product's batches in each age bucket (heatmap_cells, sql/macros/heatmap.sql: ratio, per 10k,
-- hot-spot batches and their strongest rate ratio), with the bucket's bounds and order.
-- inputs: mart_batch_hotspots, int_batch_age_buckets, int_batch_hotspot_settings
-- grain: one row per (product, age_bucket) holding at least one batch; key: (product, age_bucket)
-- The dashboard reads it when its filters select whole products (product, product category);
-- batch and production-date filters select batches, and it then sums mart_batch_hotspots' rows by
-- their age_bucket with the same macro.
with settings as (
    select * from int_batch_hotspot_settings
),

batches as (
    select * from mart_batch_hotspots
),

age_buckets as (
    select * from int_batch_age_buckets
),

cells as (
    select * from heatmap_cells(batches, (select heatmap_min_expected from settings))
),

final as (
    select
        cells.product,
        cells.product_category,
        cells.age_bucket,
        age_buckets.bucket_index as age_bucket_index,
        age_buckets.start_days as age_bucket_start_days,
        age_buckets.end_days as age_bucket_end_days,
        cast(cells.batches as integer) as batches,
        cast(cells.complaints as bigint) as complaints,
        cast(cells.units as bigint) as units,
        cast(cells.observed as bigint) as observed,
        cells.expected,
        cast(cells.hotspots as integer) as hotspots,
        cells.hot_ratio,
        cells.ratio,
        cells.per_10k
    from cells
    inner join age_buckets on age_buckets.age_bucket = cells.age_bucket
)

select * from final
