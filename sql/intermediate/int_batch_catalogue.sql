-- int_batch_catalogue: every known production batch, its production date and size, and whether
-- (and on which exposure basis) the hot-spot rate test can judge it.
-- inputs: int_batch_complaints, stg_volumes, int_batch_hotspot_settings
-- grain: one row per (product, batch) seen in the volumes file or on a complaint; key: (product, batch),
--        also batch_id (an integer surrogate the sequential models join on: much faster than the
--        two text columns over millions of rows); product_id likewise per product
-- exposure_basis: 'units' when the product is in the volumes file (complaints per unit at equal
-- age); 'batch' when it is not (complaints per batch at equal age, which assumes the product's
-- batches are of similar size: docs/statistics.md); NULL when the batch cannot be tested, with
-- untested_because (a code, pipeline/contract/hotspotCodes.ts; the catalogue words it). Batches without complaints are only known from the volumes file, so the
-- 'batch' basis sees only batches with at least one complaint.
with settings as (
    select * from int_batch_hotspot_settings
),

complaints as (
    select * from int_batch_complaints
),

volumes as (
    select product, batch, production_date, units from stg_volumes
),

volume_products as (
    select distinct product from volumes
),

product_categories as (
    select product, stable_mode(product_category) as product_category
    from complaints
    where product_category is not null
    group by product
),

from_complaints as (
    select
        product,
        batch,
        stable_mode(production_date) as production_date,
        count(*) as complaints,
        count(*) filter (where in_test_scope) as complaints_in_scope,
        count(*) filter (where is_quality) as quality_complaints,
        min(received_date) as first_received,
        max(received_date) as last_received
    from complaints
    group by product, batch
),

batches as (
    select
        coalesce(volumes.product, from_complaints.product) as product,
        coalesce(volumes.batch, from_complaints.batch) as batch,
        volumes.units,
        volumes.production_date as volumes_production_date,
        from_complaints.production_date as complaints_production_date,
        coalesce(from_complaints.complaints, 0) as complaints,
        coalesce(from_complaints.complaints_in_scope, 0) as complaints_in_scope,
        coalesce(from_complaints.quality_complaints, 0) as quality_complaints,
        from_complaints.first_received,
        from_complaints.last_received,
        volumes.product is not null as in_volumes
    from volumes
    full outer join from_complaints
        on from_complaints.product = volumes.product
        and from_complaints.batch = volumes.batch
),

classified as (
    select
        batches.*,
        coalesce(batches.volumes_production_date, batches.complaints_production_date) as production_date,
        case
            when batches.volumes_production_date is not null then 'volumes'
            when batches.complaints_production_date is not null then 'complaints'
        end as production_date_source,
        volume_products.product is not null as product_has_volumes
    from batches
    left join volume_products on volume_products.product = batches.product
),

final as (
    select
        cast(row_number() over (order by classified.product, classified.batch) as integer) as batch_id,
        cast(dense_rank() over (order by classified.product) as integer) as product_id,
        classified.product,
        product_categories.product_category,
        classified.batch,
        classified.production_date,
        classified.production_date_source,
        classified.units,
        case
            when classified.production_date is null then null
            when classified.product_has_volumes and classified.in_volumes then 'units'
            when classified.product_has_volumes then null
            else 'batch'
        end as exposure_basis,
        case
            when classified.production_date is null then null
            when classified.product_has_volumes and classified.in_volumes then cast(classified.units as double)
            when classified.product_has_volumes then null
            else 1.0
        end as exposure_units,
        case
            when classified.production_date is null then 'no_production_date'
            when classified.product_has_volumes and not classified.in_volumes then 'missing_from_volumes'
        end as untested_because,
        settings.data_end - classified.production_date as age_days,
        classified.complaints,
        classified.complaints_in_scope,
        classified.quality_complaints,
        classified.first_received,
        classified.last_received
    from classified
    cross join settings
    left join product_categories on product_categories.product = classified.product
)

select * from final
