-- stg_volumes: production / shipment units per product and batch, for complaint rates per unit.
-- inputs: volumes (base table, the --volumes file)
-- grain: one row per product and batch; key: (product, batch)
with source as (
    select * from volumes
),

final as (
    select
        trim(product) as product,
        batch,
        production_date,
        units
    from source
    where units > 0
)

select * from final
