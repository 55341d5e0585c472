-- stg_field_quality: per load, file and canonical field, how many values were empty or unparseable.
-- inputs: field_quality (base table written by ingest)
-- grain: one row per run, file and field; key: (run_id, file, field)
with source as (
    select * from field_quality
),

final as (
    select
        run_id,
        file,
        field,
        source_header,
        "rows" as field_rows,
        nulls,
        unparsed,
        unparsed_example
    from source
)

select * from final
