-- mart_load_runs: every load of every input file, with its row accounting checked, for the
-- Pipeline page (recent loads, freshness, column-mapping notes), the load-runs export and the report.
-- A journal mart: a view over the run journal, created with the base tables by every write
-- (pipeline/warehouse/init.ts), so it is current right after an ingest, before any build.
-- inputs: load_runs (base table written by ingest)
-- grain: one row per run and file; key: (run_id, file)
-- accounting_ok: read = new + updated + unchanged + rejected (the load accounting identity).
with loads as (
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
        rows_read,
        rows_new,
        rows_updated,
        rows_unchanged,
        rows_rejected,
        rows_read = rows_new + rows_updated + rows_unchanged + rows_rejected as accounting_ok,
        format,
        encoding,
        bytes,
        message,
        derivation,
        missing_fields
    from loads
)

select * from final
