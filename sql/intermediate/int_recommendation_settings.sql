-- int_recommendation_settings: thresholds of the recommendation rules and weights of their
-- priority score as one typed row: the rec_* columns of cfg_model_settings, where the runner writes
-- every declared setting typed (config `modelSettings` or the default declared in
-- pipeline/models/modelSettings.ts; docs/recommendations.md explains each one), and the owners.
-- inputs: cfg_model_settings, cfg_settings (rec_owner_<rule>, satisfied_threshold),
--         int_complaints_enriched (the last day with complaints)
-- grain: exactly one row; key: none
-- reference_date is the last day with complaints, not the wall clock: a nightly export that stops
-- a few days before the run must not age every signal out of the window.
-- satisfied_threshold and owner_overrides (`rec_owner_<rule>`: a list of {rule, owner}) are here
-- for mart_recommendations, so that it reads no cfg_settings/stg_settings: those hold the as-of,
-- a new timestamp every cron night, and the mart would be rebuilt every night (kept tables).
with declared as (
    select columns('^rec_(.*)$') as '\1' from cfg_model_settings
),

pivoted as (
    -- the trend rule's name for it (weeks of series before the alert window): models join this
    -- row beside others that have a baseline_weeks of their own
    select * rename (baseline_weeks as series_baseline_weeks) from declared
),

owners as (
    select
        list({'rule': substr(key, length('rec_owner_') + 1), 'owner': value} order by key) as owner_overrides
    from cfg_settings
    where key like 'rec\_owner\_%' escape '\'
),

satisfied as (
    select cast(max(value) filter (where key = 'satisfied_threshold') as double) as satisfied_threshold
    from cfg_settings
),

data_end as (
    select max(received_date) as reference_date from int_complaints_enriched
),

final as (
    select data_end.reference_date, pivoted.*, owners.owner_overrides, satisfied.satisfied_threshold
    from pivoted
    cross join owners
    cross join satisfied
    cross join data_end
)

select * from final
