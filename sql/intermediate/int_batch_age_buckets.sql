-- int_batch_age_buckets: the hot-spot heatmap's batch-age buckets (its columns), in whole days
-- since production: the one rule that puts a batch in a heatmap column, for mart_batch_hotspots
-- (age_bucket), mart_batch_heatmap and mart_batch_age_buckets (the list the dashboard shows).
-- inputs: int_batch_hotspot_settings (heatmap_age_starts, age_bucket_starts)
-- grain: one row per display bucket; key: age_bucket
-- Each configured start (hotspots_heatmap_age_starts) moves to the first start of a test bucket
-- (hotspots_age_bucket_edges, with 0) at or after it, and a start past the last test edge is
-- dropped, so a display bucket is always a union of test buckets and a batch sits in the same
-- place on the heatmap as in the tests, whatever the edges are. 0 always starts the first bucket;
-- the last is open. age_bucket is the URL's key: '<start>-<end>' (inclusive), '<start>+' for the
-- last (with the defaults: 0-29, 30-59, 60-89, 90-179, 180-359, 360-719, 720+).
with settings as (
    select * from int_batch_hotspot_settings
),

starts as (
    select
        list_sort(list_distinct(list_prepend(0, list_filter(
            list_transform(
                settings.heatmap_age_starts,
                start_day -> list_min(list_filter(settings.age_bucket_starts, edge -> edge >= start_day))
            ),
            snapped -> snapped is not null
        )))) as starts
    from settings
),

buckets as (
    select
        cast(position.i as integer) as bucket_index,
        starts.starts[position.i] as start_days,
        starts.starts[position.i + 1] - 1 as end_days
    from starts
    cross join range(1, len(starts.starts) + 1) as position(i)
),

final as (
    select
        case
            when end_days is null then start_days || '+'
            else start_days || '-' || end_days
        end as age_bucket,
        bucket_index,
        start_days,
        end_days
    from buckets
)

select * from final
