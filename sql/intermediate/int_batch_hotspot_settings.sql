-- int_batch_hotspot_settings: the hot-spot settings (batch and product) as one typed row, plus the
-- observation window the tests use.
-- inputs: cfg_settings (keys hotspots_*, where the runner writes every declared setting: the
--         config's modelSettings value or the default in pipeline/models/modelSettings.ts),
--         stg_settings (as_of),
--         int_complaints_enriched (first and last receipt date)
-- grain: exactly one row; key: none
-- docs/statistics.md explains each setting. The window: complaints are observed from the first
-- receipt date in the warehouse (data_start) to the last one not after as_of (data_end); batches
-- produced before data_start are left-truncated (their early complaints were never exported), so
-- exposure is only counted inside the window.
with cfg as (
    select key, value from cfg_settings
),

as_of as (
    select cast(as_of as date) as as_of_date from stg_settings
),

received as (
    select
        min(received_date) as first_received,
        max(received_date) as last_received
    from int_complaints_enriched
    where is_valid
),

keyed as (
    select
        cast(max(value) filter (where key = 'hotspots_max_q') as double) as max_q,
        cast(max(value) filter (where key = 'hotspots_min_complaints') as integer) as min_complaints,
        cast(max(value) filter (where key = 'hotspots_min_rate_ratio_lower') as double) as min_rate_ratio_lower,
        cast(max(value) filter (where key = 'hotspots_ci_level') as double) as ci_level,
        cast(max(value) filter (where key = 'hotspots_min_age_days') as integer) as min_age_days,
        cast(max(value) filter (where key = 'hotspots_min_comparator_batches') as integer) as min_comparator_batches,
        -- Age buckets (days since production): [0, e₁), [e₁, e₂), …, [e_last, ∞). Monthly while the
        -- complaint hazard changes fast, wider later, where it changes slowly.
        list_prepend(0, list_transform(
            string_split(max(value) filter (where key = 'hotspots_age_bucket_edges'), ','),
            e -> cast(trim(e) as integer)
        )) as age_bucket_starts,
        cast(max(value) filter (where key = 'hotspots_monitor_step_days') as integer) as monitor_step_days,
        cast(max(value) filter (where key = 'hotspots_baseline_screen_p') as double) as baseline_screen_p,
        max(value) filter (where key = 'hotspots_test_scope') as test_scope,
        list_transform(
            string_split(max(value) filter (where key = 'hotspots_quality_categories'), ','),
            c -> trim(c)
        ) as quality_categories,
        cast(max(value) filter (where key = 'hotspots_max_dispersion') as double) as max_dispersion,
        cast(max(value) filter (where key = 'hotspots_mix_min_complaints') as integer) as mix_min_complaints,
        cast(max(value) filter (where key = 'hotspots_mix_min_prr') as double) as mix_min_prr,
        cast(max(value) filter (where key = 'hotspots_mix_min_chi2') as double) as mix_min_chi2,
        cast(max(value) filter (where key = 'hotspots_product_history_periods') as integer) as product_history_periods,
        cast(max(value) filter (where key = 'hotspots_product_min_baseline') as integer) as product_min_baseline,
        cast(max(value) filter (where key = 'hotspots_product_exclusive_max') as double) as product_exclusive_max
    from cfg
),

final as (
    select
        keyed.*,
        len(keyed.age_bucket_starts) - 1 as max_age_bucket,
        received.first_received as data_start,
        least(received.last_received, as_of.as_of_date) as data_end
    from keyed
    cross join received
    cross join as_of
)

select * from final
