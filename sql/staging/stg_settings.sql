-- stg_settings: the scalar configuration values as one typed row.
-- inputs: cfg_settings (written by the model runner from pipeline/config.ts before every build)
-- grain: exactly one row; key: none
-- Models cross join this view instead of reading cfg_settings by key, so a typo in a key name is
-- a binder error rather than a silent NULL.
with settings as (
    select key, value from cfg_settings
),

final as (
    select
        max(value) filter (where key = 'timezone') as timezone,
        cast(max(value) filter (where key = 'as_of') as timestamp) as as_of,
        cast(max(value) filter (where key = 'first_response_sla_hours') as double) as first_response_sla_hours,
        cast(max(value) filter (where key = 'repeat_window_days') as double) as repeat_window_days,
        cast(max(value) filter (where key = 'satisfied_threshold') as double) as satisfied_threshold,
        cast(max(value) filter (where key = 'compensation_threshold') as decimal(18, 2)) as compensation_threshold,
        cast(max(value) filter (where key = 'min_text_score') as double) as min_text_score,
        cast(max(value) filter (where key = 'units_in_field_months') as integer) as units_in_field_months
    from settings
)

select * from final
