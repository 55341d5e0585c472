-- mart_actions: actions already taken on a product's batch or model year — recalls, containment,
-- corrective actions — from the --actions file (docs/schema.md), for the batch page's list beside
-- the hot-spot mart's cover and lead time (mart_batch_hotspots reads it through stg_actions).
-- A journal mart: a view over the base table the actions ingest writes, created with the base
-- tables by every write (pipeline/warehouse/init.ts), so it is current right after a load.
-- inputs: actions (base table written by ingest)
-- grain: one action per product, batch, component, action type and opening date;
--        key: (product, batch, component_key, action_type, opened_on)
-- product is trimmed, so it joins the marts' products.
with source as (
    select * from actions
),

final as (
    select
        trim(product) as product,
        batch,
        component,
        component_key,
        action_type,
        opened_on,
        closed_on,
        reference,
        source_file
    from source
)

select * from final
