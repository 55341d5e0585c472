-- materialized: incremental
-- partition_by: eval_date
-- partition_source: int_batch_complaints
-- partition_source_date: received_date
-- partition_open_from: select data_end from int_batch_hotspot_settings
-- signature_query: select c.batch_id, c.product_id, c.product, c.batch, c.product_category, c.production_date, c.exposure_basis, c.exposure_units, s.data_start from int_batch_catalogue as c cross join int_batch_hotspot_settings as s
-- int_batch_exposure: exposure and complaints of every testable batch by age in service, at every
-- monitoring date, the input of the age-adjusted rate test (int_batch_rate_tests).
-- inputs: int_batch_catalogue, int_batch_complaints, int_batch_hotspot_settings
-- grain: one row per (batch, eval_date, age_bucket) with exposure inside the observation window;
--        key: (batch_id, eval_date, age_bucket); batch_id and product_id from int_batch_catalogue
-- Monitoring dates (eval_date): a fixed grid every hotspots_monitor_step_days days from Monday
-- 2000-01-03, plus data_end (sql/macros/monitoring.sql): each row uses only complaints received
-- on or before its eval_date, so a later model can say when a batch would first have been flagged
-- (sequential monitoring, no hindsight), and a grid date's rows stay as they are when later
-- complaints arrive (the model is partitioned by eval_date: docs/incremental.md).
-- Age bucket m covers ages [start_m, start_(m+1) − 1] days since production (hotspots_age_bucket_edges;
-- the last bucket is open-ended). exposure_days = days of that age range
-- that fall inside [data_start, eval_date]: a batch made before data_start has no exposure at the
-- ages it passed before the export begins (left truncation), and no complaints there either.
-- unit_days = exposure_days × exposure_units (units, or 1 per batch on the 'batch' basis);
-- observed = in-scope complaints at that age received by eval_date.
with settings as (
    select *, coalesce(cast(getvariable('partition_floor') as date), data_start) as partition_floor
    from int_batch_hotspot_settings
),

batches as (
    select batch_id, product_id, product, batch, production_date, exposure_units
    from int_batch_catalogue
    where exposure_basis is not null
),

-- Each batch's age buckets as calendar date ranges, clipped to the observation window (a bucket
-- the batch passed before data_start is dropped).
batch_buckets as (
    select
        batches.batch_id,
        batches.product_id,
        batches.exposure_units,
        age_bucket,
        greatest(batches.production_date + settings.age_bucket_starts[age_bucket + 1], settings.data_start) as from_date,
        case
            when age_bucket = settings.max_age_bucket then settings.data_end
            else least(batches.production_date + settings.age_bucket_starts[age_bucket + 2] - 1, settings.data_end)
        end as last_date
    from batches
    cross join settings
    cross join unnest(range(0, settings.max_age_bucket + 1)) as buckets(age_bucket)
),

-- Monitoring dates (sql/macros/monitoring.sql): the fixed grid's dates on or after the bucket's
-- first day and before data_end (n_grid of them), then data_end; an incremental build
-- (docs/incremental.md) asks only for the dates on or after its partition floor
-- (getvariable('partition_floor'), NULL in a full build). Generated with range() over integer
-- steps: an inequality join, or a list of dates, is much slower.
bucket_grid as (
    select
        batch_buckets.*,
        monitor_grid_from(greatest(batch_buckets.from_date, settings.partition_floor), settings.monitor_step_days) as first_grid
    from batch_buckets
    cross join settings
    where batch_buckets.from_date <= batch_buckets.last_date
),

grid as (
    select
        batch_id,
        product_id,
        eval_date,
        age_bucket,
        exposure_units,
        from_date,
        least(last_date, eval_date) as to_date
    from (
        select
            bucket_grid.*,
            case
                when steps.step_no = bucket_grid.n_grid then settings.data_end
                else bucket_grid.first_grid + cast(settings.monitor_step_days * steps.step_no as integer)
            end as eval_date
        from (
            select
                bucket_grid.*,
                cast(greatest(0, ceil((settings.data_end - bucket_grid.first_grid) / cast(settings.monitor_step_days as double))) as bigint) as n_grid
            from bucket_grid
            cross join settings
        ) as bucket_grid
        cross join settings
        cross join unnest(range(0, bucket_grid.n_grid + 1)) as steps(step_no)
    )
),

exposed as (
    select *, cast(to_date - from_date + 1 as integer) as exposure_days
    from grid
    where to_date >= from_date
),

-- Each complaint is counted from the first monitoring date on or after its receipt; per batch and
-- age bucket, the sorted list of those dates (most cells have none, so a list lookup is cheaper
-- than a running sum over every cell).
complaint_dates as (
    select
        batches.batch_id,
        len(list_filter(settings.age_bucket_starts, s -> s <= greatest(complaints.received_date - batches.production_date, 0))) - 1 as age_bucket,
        list(monitor_date(greatest(complaints.received_date, batches.production_date), settings.data_end, settings.monitor_step_days)) as eval_dates
    from int_batch_complaints as complaints
    inner join batches
        on batches.product = complaints.product
        and batches.batch = complaints.batch
    cross join settings
    where complaints.in_test_scope
    group by all
),

final as (
    select
        exposed.batch_id,
        exposed.product_id,
        exposed.eval_date,
        cast(exposed.age_bucket as integer) as age_bucket,
        exposed.exposure_days,
        exposed.exposure_units * exposed.exposure_days as unit_days,
        cast(coalesce(len(list_filter(complaint_dates.eval_dates, d -> d <= exposed.eval_date)), 0) as integer) as observed
    from exposed
    left join complaint_dates
        on complaint_dates.batch_id = exposed.batch_id
        and complaint_dates.age_bucket = exposed.age_bucket
)

select * from final
