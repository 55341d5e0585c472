-- mart_load_mappings: the column mapping each file was loaded with, for the Pipeline page: which
-- raw column fed which canonical field and how that was decided (NULL field: kept in extra), one
-- row per derived field, and the load's derivation and missing key fields.
-- A journal mart: a view over the run journal, created with the base tables by every write
-- (pipeline/warehouse/init.ts), so it is current right after an ingest, before any build.
-- inputs: load_mappings, load_runs (base tables written by ingest)
-- grain: one row per run, file and raw column, plus one per derived field (column_index NULL);
-- key: (run_id, file, column_index, field)
-- is_latest_of_file: the file's most recent load (the one the page shows);
-- file_recency: 1 for the file loaded most recently, 2 for the next … (ties by file name).
with mappings as (
    select * from load_mappings
),

complaint_loads as (
    select run_id, file, derivation, missing_fields
    from load_runs
    where kind = 'complaints'
),

latest as (
    select
        *,
        max(run_id) over (partition by file) as latest_run_of_file
    from mappings
),

ranked as (
    select
        *,
        dense_rank() over (order by latest_run_of_file desc, file) as file_recency
    from latest
),

final as (
    select
        ranked.run_id,
        ranked.file,
        ranked.column_index,
        ranked.header,
        ranked.field,
        ranked.method,
        ranked.confidence,
        ranked.reason,
        ranked.run_id = ranked.latest_run_of_file as is_latest_of_file,
        ranked.file_recency,
        complaint_loads.derivation,
        complaint_loads.missing_fields
    from ranked
    left join complaint_loads
        on complaint_loads.run_id = ranked.run_id and complaint_loads.file = ranked.file
)

select * from final
