-- stg_complaints: the current version of every complaint, with empty strings turned into NULL
-- and the lineage columns left behind.
-- inputs: complaints (base table written by ingest; values already normalised, see docs/schema.md)
-- grain: one row per complaint; key: complaint_id
-- Long free text is tested for a non-blank character rather than trimmed: trimming copies every
-- string, which costs about a second per million descriptions, and keyword matching does not
-- care about surrounding white space.
with source as (
    select * from complaints
),

final as (
    select
        complaint_id,
        received_at,
        nullif(trim(channel), '') as channel,
        nullif(trim(customer_id), '') as customer_id,
        nullif(trim(product), '') as product,
        nullif(trim(product_category), '') as product_category,
        nullif(trim(batch), '') as batch,
        production_date,
        nullif(trim(region), '') as region,
        nullif(trim(complaint_type), '') as complaint_type,
        nullif(trim(severity), '') as severity,
        case when regexp_matches(description, '\S') then description end as description,
        case when regexp_matches(customer_demand, '\S') then customer_demand end as customer_demand,
        nullif(trim(department), '') as department,
        dispatch_count,
        first_response_at,
        resolved_at,
        closed_at,
        status,
        case when regexp_matches(resolution, '\S') then resolution end as resolution,
        compensation,
        satisfaction,
        updated_at,
        nullif(trim(brand), '') as brand,
        nullif(trim(series), '') as series,
        model_year,
        nullif(trim(component), '') as component,
        nullif(trim(serial_no), '') as serial_no,
        usage,
        incident_at,
        source_file
    from source
)

select * from final
