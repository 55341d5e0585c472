-- mart_complaint_versions: every version of every complaint ever loaded, for the complaint page
-- (the current record and its history), and the current versions for the complaint list of a
-- warehouse whose models are not built yet (web/src/lib/server/complaintSource.ts).
-- A journal mart: a view over the complaint versions, created with the base tables by every write
-- (pipeline/warehouse/init.ts), so it is current right after an ingest, before any build.
-- inputs: complaint_versions (base table written by ingest)
-- grain: one row per complaint and version; key: (complaint_id, version_no)
-- is_current: the complaint's current version (exactly one per complaint); load_run_id: the run
-- that loaded this version. row_hash and extra (the unmapped columns) are not read and left out.
with versions as (
    select * from complaint_versions
),

final as (
    select
        complaint_id,
        version_no,
        is_current,
        received_at,
        channel,
        customer_id,
        product,
        product_category,
        batch,
        production_date,
        region,
        complaint_type,
        severity,
        description,
        customer_demand,
        department,
        dispatch_count,
        first_response_at,
        resolved_at,
        closed_at,
        status,
        resolution,
        compensation,
        satisfaction,
        satisfaction_raw,
        updated_at,
        brand,
        series,
        model_year,
        component,
        serial_no,
        usage,
        incident_at,
        first_loaded_run,
        load_run_id,
        source_file
    from versions
)

select * from final
