-- stg_actions: actions already taken on a product's batch or model year — recalls, containment,
-- corrective actions — from the --actions file (docs/schema.md), for the hot-spot marts.
-- inputs: mart_actions (the journal mart over the base table actions, sql/journal/: it trims product)
-- grain: one action per product, batch, component, action type and opening date;
--        key: (product, batch, component_key, action_type, opened_on)
with source as (
    select * from mart_actions
),

final as (
    -- source_file: where an action came from, for the batch page only
    select * exclude (source_file) from source
)

select * from final
