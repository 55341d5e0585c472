-- stg_load_runs: one row per input file per ingest run (complaints or volumes file), with the
-- accounting identity checked.
-- inputs: load_runs (base table written by ingest)
-- grain: one row per run and file; key: (run_id, file)
with source as (
    select * from load_runs
),

final as (
    select
        run_id,
        file,
        kind,
        started_at,
        finished_at,
        status,
        format,
        encoding,
        bytes,
        message,
        rows_read,
        rows_new,
        rows_updated,
        rows_unchanged,
        rows_rejected,
        rows_read = rows_new + rows_updated + rows_unchanged + rows_rejected as accounting_ok,
        rows_rejected / nullif(rows_read, 0) as reject_rate
    from source
)

select * from final
