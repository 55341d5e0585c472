-- mart_data_quality: data quality of every load for the dashboard's pipeline page.
-- inputs: stg_load_runs, stg_field_quality, stg_rejects
-- grain: one row per (run_id, file, row_type, name):
--   row_type 'load'          one per run and file (name NULL): the accounting of the load and
--                            the rejects table's own count of its rejected rows;
--   row_type 'field'         one per canonical field (name = field): empty and unparseable values;
--   row_type 'reject_reason' one per reject reason (name = reason): rejected rows and an example.
-- key: (run_id, file, row_type, name). Every row repeats its load's columns so one filter on
-- run_id/file/is_latest_run serves the whole page. Rates are NULL when the denominator is 0.
with loads as (
    select * from stg_load_runs
),

fields as (
    select * from stg_field_quality
),

rejects as (
    select * from stg_rejects
),

latest as (
    select max(run_id) as run_id from loads
),

reject_reasons as (
    select
        run_id,
        file,
        reason,
        count(*) as rejects,
        arg_min(message, coalesce(row_number, 0)) as example_message,
        min(row_number) as example_row_number
    from rejects
    group by run_id, file, reason
),

reject_totals as (
    select run_id, file, sum(rejects) as rejects
    from reject_reasons
    group by run_id, file
),

load_keys as (
    select run_id, file from loads
    union
    select run_id, file from fields
    union
    select run_id, file from reject_reasons
),

load_rows as (
    select
        'load' as row_type,
        load_keys.run_id,
        load_keys.file,
        cast(null as varchar) as name,
        cast(null as varchar) as source_header,
        cast(null as bigint) as field_rows,
        cast(null as bigint) as nulls,
        cast(null as double) as null_rate,
        cast(null as bigint) as unparsed,
        cast(null as double) as unparsed_rate,
        cast(null as double) as missing_rate,
        cast(null as varchar) as unparsed_example,
        coalesce(reject_totals.rejects, 0) as rejects,
        reject_totals.rejects / nullif(loads.rows_read, 0) as reject_share,
        cast(null as varchar) as example_message,
        cast(null as bigint) as example_row_number
    from load_keys
    left join reject_totals on reject_totals.run_id = load_keys.run_id and reject_totals.file = load_keys.file
    left join loads on loads.run_id = load_keys.run_id and loads.file = load_keys.file
),

field_rows as (
    select
        'field' as row_type,
        run_id,
        file,
        field as name,
        source_header,
        field_rows,
        nulls,
        nulls / nullif(field_rows, 0) as null_rate,
        unparsed,
        unparsed / nullif(field_rows, 0) as unparsed_rate,
        (nulls + unparsed) / nullif(field_rows, 0) as missing_rate,
        unparsed_example,
        cast(null as bigint) as rejects,
        cast(null as double) as reject_share,
        cast(null as varchar) as example_message,
        cast(null as bigint) as example_row_number
    from fields
),

reason_rows as (
    select
        'reject_reason' as row_type,
        reject_reasons.run_id,
        reject_reasons.file,
        reject_reasons.reason as name,
        cast(null as varchar) as source_header,
        cast(null as bigint) as field_rows,
        cast(null as bigint) as nulls,
        cast(null as double) as null_rate,
        cast(null as bigint) as unparsed,
        cast(null as double) as unparsed_rate,
        cast(null as double) as missing_rate,
        cast(null as varchar) as unparsed_example,
        reject_reasons.rejects,
        reject_reasons.rejects / nullif(loads.rows_read, 0) as reject_share,
        reject_reasons.example_message,
        reject_reasons.example_row_number
    from reject_reasons
    left join loads on loads.run_id = reject_reasons.run_id and loads.file = reject_reasons.file
),

unioned as (
    select * from load_rows
    union all
    select * from field_rows
    union all
    select * from reason_rows
),

final as (
    select
        unioned.row_type,
        unioned.run_id,
        unioned.file,
        unioned.name,
        loads.kind as load_kind,
        loads.started_at,
        loads.finished_at,
        loads.status as load_status,
        loads.format,
        loads.encoding,
        loads.rows_read,
        loads.rows_new,
        loads.rows_updated,
        loads.rows_unchanged,
        loads.rows_rejected,
        loads.reject_rate,
        loads.accounting_ok,
        unioned.run_id = latest.run_id as is_latest_run,
        unioned.source_header,
        unioned.field_rows,
        unioned.nulls,
        unioned.null_rate,
        unioned.unparsed,
        unioned.unparsed_rate,
        unioned.missing_rate,
        unioned.unparsed_example,
        unioned.rejects,
        unioned.reject_share,
        unioned.example_message,
        unioned.example_row_number
    from unioned
    cross join latest
    left join loads on loads.run_id = unioned.run_id and loads.file = unioned.file
    order by unioned.run_id, unioned.file, unioned.row_type, unioned.name
)

select * from final
