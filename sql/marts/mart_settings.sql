-- mart_settings: the configuration the models were built with, as the dashboard and the report
-- show it: the time zone of the warehouse's naive timestamps and the as-of the models were
-- computed for. A model mart (not a journal view): cfg_settings is written by the build itself,
-- so this mart is as current as the models it describes.
-- inputs: stg_settings
-- grain: exactly one row; key: none (the one row)
with settings as (
    select * from stg_settings
),

final as (
    select
        timezone,
        as_of
    from settings
)

select * from final
