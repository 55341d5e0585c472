-- int_recommendation_settings: thresholds of the recommendation rules and weights of their
-- priority score as one typed row, from cfg_settings, where the runner writes every declared setting
-- (config `modelSettings` or the default declared in pipeline/models/modelSettings.ts);
-- docs/recommendations.md explains each one.
-- inputs: cfg_settings, int_complaints_enriched (the last day with complaints)
-- grain: exactly one row; key: none
-- reference_date is the last day with complaints, not the wall clock: a nightly export that stops
-- a few days before the run must not age every signal out of the window.
-- satisfied_threshold and owner_overrides (`rec_owner_<rule>`: a list of {rule, owner}) are here
-- for mart_recommendations, so that it reads no cfg_settings/stg_settings: those hold the as-of,
-- a new timestamp every cron night, and the mart would be rebuilt every night (kept tables).
with cfg as (
    select key, value from cfg_settings where key like 'rec\_%' escape '\'
),

pivoted as (
    select
        cast(max(value) filter (where key = 'rec_alert_window_weeks') as integer) as alert_window_weeks,
        cast(max(value) filter (where key = 'rec_baseline_weeks') as integer) as series_baseline_weeks,
        cast(max(value) filter (where key = 'rec_min_complaints') as integer) as min_complaints,
        cast(max(value) filter (where key = 'rec_confirm_p') as double) as confirm_p,
        cast(max(value) filter (where key = 'rec_kpi_window_months') as integer) as kpi_window_months,
        cast(max(value) filter (where key = 'rec_kpi_min_complaints') as integer) as kpi_min_complaints,
        cast(max(value) filter (where key = 'rec_kpi_alpha') as double) as kpi_alpha,
        cast(max(value) filter (where key = 'rec_sla_target') as double) as sla_target,
        cast(max(value) filter (where key = 'rec_redispatch_max') as double) as redispatch_max,
        cast(max(value) filter (where key = 'rec_repeat_max') as double) as repeat_max,
        cast(max(value) filter (where key = 'rec_satisfied_min') as double) as satisfied_min,
        cast(max(value) filter (where key = 'rec_external_max') as double) as external_max,
        cast(max(value) filter (where key = 'rec_weight_severity') as double) as weight_severity,
        cast(max(value) filter (where key = 'rec_weight_volume') as double) as weight_volume,
        cast(max(value) filter (where key = 'rec_weight_growth') as double) as weight_growth,
        cast(max(value) filter (where key = 'rec_weight_confidence') as double) as weight_confidence,
        cast(max(value) filter (where key = 'rec_weight_impact') as double) as weight_impact,
        cast(max(value) filter (where key = 'rec_volume_saturation') as double) as volume_saturation,
        cast(max(value) filter (where key = 'rec_p1_score') as double) as p1_score,
        cast(max(value) filter (where key = 'rec_p2_score') as double) as p2_score,
        list({'rule': substr(key, length('rec_owner_') + 1), 'owner': value} order by key)
            filter (where key like 'rec\_owner\_%' escape '\') as owner_overrides
    from cfg
),

satisfied as (
    select cast(max(value) filter (where key = 'satisfied_threshold') as double) as satisfied_threshold
    from cfg_settings
),

data_end as (
    select max(received_date) as reference_date from int_complaints_enriched
),

final as (
    select data_end.reference_date, pivoted.*, satisfied.satisfied_threshold
    from pivoted
    cross join satisfied
    cross join data_end
)

select * from final
