-- mart_batch_weekly: each production batch's complaints per week (Monday–Sunday), zero-filled
-- from the week of its production date (or of its first complaint, when that is earlier or the
-- date unknown) to the week of the data end: the batch page's timeline.
-- inputs: mart_batch_hotspots (the batches, their production date and as_of_date),
--         mart_complaints (every current complaint: the complaint source the batch page lists)
-- grain: one row per (product, batch) of mart_batch_hotspots and week; key: (product, batch, week_start)
-- The data end is the hot-spot marts' as_of_date (else the batch's last complaint, else its
-- production date). Only the weeks from the batch's start to the data end are kept (batches ×
-- their weeks, not batches × every week of the data), and complaints received after the data end
-- are not counted. A batch with neither a production date nor a complaint has no row.
-- is_complete: the week ended by the data end (false for the week still running).
with batches as (
    select product, batch, production_date, as_of_date from mart_batch_hotspots
),

complaints as (
    select product, batch, received_at
    from mart_complaints
    where product is not null and batch is not null
),

bounds as (
    select
        product,
        batch,
        cast(min(received_at) as date) as first_received,
        cast(max(received_at) as date) as last_received
    from complaints
    group by product, batch
),

spans as (
    select
        batches.product,
        batches.batch,
        least(batches.production_date, bounds.first_received) as start_date,
        coalesce(batches.as_of_date, bounds.last_received, batches.production_date) as data_end
    from batches
    left join bounds
        on bounds.product = batches.product
        and bounds.batch = batches.batch
),

weeks as (
    select
        product,
        batch,
        data_end,
        cast(unnest(generate_series(
            cast(date_trunc('week', start_date) as date),
            cast(date_trunc('week', data_end) as date),
            interval 7 day
        )) as date) as week_start
    from spans
    where start_date is not null
),

weekly_counts as (
    select
        product,
        batch,
        cast(date_trunc('week', received_at) as date) as week_start,
        count(*) as n
    from complaints
    group by all
),

final as (
    select
        weeks.product,
        weeks.batch,
        weeks.week_start,
        weeks.week_start + 6 as week_end,
        coalesce(weekly_counts.n, 0) as complaints,
        weeks.week_start + 6 <= weeks.data_end as is_complete
    from weeks
    left join weekly_counts
        on weekly_counts.product = weeks.product
        and weekly_counts.batch = weeks.batch
        and weekly_counts.week_start = weeks.week_start
)

select * from final
