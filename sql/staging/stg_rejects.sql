-- stg_rejects: every input row refused by ingest, with its reason.
-- inputs: rejects (base table written by ingest)
-- grain: one row per rejected input row; key: (run_id, file, row_number) where row_number is known
with source as (
    select * from rejects
),

final as (
    select
        run_id,
        file,
        row_number,
        reason,
        message,
        raw,
        complaint_id
    from source
)

select * from final
