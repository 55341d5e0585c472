-- stg_rejects: every input row refused by ingest, with its reason.
-- inputs: mart_rejects (the journal mart over the base table rejects, sql/journal/)
-- grain: one row per rejected input row; key: (run_id, file, row_number) where row_number is known
with source as (
    select * from mart_rejects
),

final as (
    select * from source
)

select * from final
