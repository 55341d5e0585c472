-- int_complaints_enriched: one enriched row per complaint, the base of every KPI, cluster, hot-spot
-- and trend model. Flags are NULL when they cannot be decided (see docs/metrics.md for each).
-- inputs: stg_complaints, stg_settings, stg_volumes, int_complaint_categories,
--         int_complaint_severity (which carries is_repeat from int_complaint_repeats), cfg_category_sla
-- grain: one row per complaint; key: complaint_id
-- materialized: incremental
-- unique_key: complaint_id
-- recompute_where: is_resolved is not true or (first_response_at is null and resolved_at is null and closed_at is null)
-- signature_query: select distinct product from stg_volumes
-- (incremental: a row depends on its complaint, its category and severity rows — whose changed
--  keys, repeat groups included, are redone here too —, the configuration and the set of products
--  with volumes (signature_query: a change rebuilds in full). The KPI as-of time moves the SLA
--  flags of complaints not yet responded to or resolved only: recompute_where redoes those every
--  night, a few per cent of the table; docs/incremental.md)
-- Free text (description, customer_demand, resolution) stays in stg_complaints and the evidence for
-- category and severity in int_complaint_categories / int_complaint_severity (join on complaint_id):
-- leaving wide text (and values derivable from the columns here, such as the first-response due
-- time) out keeps this table, which every later model scans, cheap to build and read.
-- Durations are calendar hours between naive local timestamps (all in the configured time zone).
-- A negative duration is a data error: it becomes NULL (and the warn-level data test
-- warn_negative_durations lists it) rather than a flattering 0.
with complaints as (
    select * exclude (description, customer_demand, resolution) from stg_complaints
),

settings as (
    select * from stg_settings
),

categories as (
    select * from int_complaint_categories
),

severity as (
    select * from int_complaint_severity
),

sla as (
    select category, resolution_sla_hours from cfg_category_sla
),

volume_products as (
    select distinct product from stg_volumes
),

joined as (
    select
        complaints.*,
        categories.category,
        categories.category_source,
        severity.severity_grade,
        severity.is_external,
        severity.compensation_over_threshold,
        severity.is_repeat,
        sla.resolution_sla_hours,
        settings.first_response_sla_hours,
        settings.satisfied_threshold,
        settings.as_of,
        volume_products.product is not null as product_has_volumes
    from complaints
    cross join settings
    inner join categories on categories.complaint_id = complaints.complaint_id
    inner join severity on severity.complaint_id = complaints.complaint_id
    -- an export's own category unknown to the taxonomy takes the SLA of 其他
    left join sla on sla.category = case when categories.category_source = 'export' then '其他' else categories.category end
    left join volume_products on volume_products.product = complaints.product
),

statuses as (
    select
        *,
        status is distinct from 'invalid' as is_valid,
        coalesce(status = 'invalid', false) as is_invalid,
        coalesce(status = 'withdrawn', false) as is_withdrawn,
        -- The status code wins over timestamps (a reopened complaint keeps its old resolved_at);
        -- timestamps decide only when the export has no status.
        case
            when status in ('resolved', 'closed') then true
            when status is null then coalesce(resolved_at, closed_at) is not null
            else false
        end as is_resolved,
        case
            when status = 'closed' then true
            when status is null then closed_at is not null
            else false
        end as is_closed,
        -- A resolution is also a response: without first_response_at, the resolution time is used.
        coalesce(first_response_at, resolved_at, closed_at) as first_response_time,
        first_response_at is null and coalesce(resolved_at, closed_at) is not null as first_response_inferred,
        coalesce(resolved_at, closed_at) as resolution_time
    from joined
),

durations as (
    select
        *,
        is_valid and not is_withdrawn as in_handling_scope,
        (epoch(first_response_time) - epoch(received_at)) / 3600.0 as first_response_hours_raw,
        case when is_resolved then (epoch(resolution_time) - epoch(received_at)) / 3600.0 end as handling_hours_raw,
        received_at + to_microseconds(cast(first_response_sla_hours * 3600e6 as bigint)) as first_response_due_at,
        received_at + to_microseconds(cast(resolution_sla_hours * 3600e6 as bigint)) as resolution_due_at
    from statuses
),

flags as (
    select
        *,
        case when first_response_hours_raw >= 0 then first_response_hours_raw end as first_response_hours,
        case when handling_hours_raw >= 0 then handling_hours_raw end as handling_hours,
        is_valid and not is_withdrawn and not is_resolved as is_open
    from durations
),

final as (
    select
        complaint_id,
        received_at,
        cast(received_at as date) as received_date,
        cast(date_trunc('month', received_at) as date) as month_start,
        cast(date_trunc('week', received_at) as date) as week_start,
        channel,
        customer_id,
        product,
        product_category,
        batch,
        production_date,
        region,
        -- the structured cause and product hierarchy of durable goods (NULL when the export has none)
        component,
        brand,
        model_year,
        department,
        complaint_type,
        status,
        dispatch_count,
        first_response_at,
        resolved_at,
        closed_at,
        compensation,
        satisfaction,
        -- taxonomy and severity
        category,
        category_source,
        severity_grade,
        -- status
        is_valid,
        is_invalid,
        is_withdrawn,
        is_resolved,
        is_closed,
        is_open,
        -- durations and SLAs
        first_response_inferred,
        first_response_hours,
        handling_hours,
        resolution_sla_hours,
        resolution_due_at,
        case
            when not in_handling_scope then null
            when first_response_time is not null then first_response_hours <= first_response_sla_hours
            when as_of > first_response_due_at then false
        end as first_response_sla_met,
        case
            when not in_handling_scope then null
            when is_resolved then handling_hours <= resolution_sla_hours
            when as_of > resolution_due_at then false
        end as resolution_sla_met,
        is_open and as_of > resolution_due_at as is_overdue_open,
        -- other flags
        case when is_valid then dispatch_count > 1 end as is_redispatched,
        case when is_valid then is_repeat end as is_repeat,
        case when is_valid then is_external end as is_external,
        case when is_valid then satisfaction >= satisfied_threshold end as is_satisfied,
        compensation_over_threshold,
        product_has_volumes,
        (first_response_hours_raw < 0 or handling_hours_raw < 0) is true as has_time_error
    from flags
)

select * from final
