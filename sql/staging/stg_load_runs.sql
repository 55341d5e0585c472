-- stg_load_runs: one row per input file per ingest run (complaints or volumes file), with the
-- accounting identity checked (by the journal mart) and the reject rate.
-- inputs: mart_load_runs (the journal mart over the base table load_runs, sql/journal/)
-- grain: one row per run and file; key: (run_id, file)
with source as (
    select * from mart_load_runs
),

final as (
    select *, rows_rejected / nullif(rows_read, 0) as reject_rate
    from source
)

select * from final
