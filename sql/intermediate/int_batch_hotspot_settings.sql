-- int_batch_hotspot_settings: the hot-spot settings (batch and product) as one typed row, plus the
-- observation window the tests use.
-- inputs: cfg_model_settings (columns hotspots_*, where the runner writes every declared setting
--         typed: the config's modelSettings value or the default in pipeline/models/modelSettings.ts),
--         stg_settings (as_of),
--         int_complaints_enriched (first and last receipt date)
-- grain: exactly one row; key: none
-- docs/statistics.md explains each setting. The window: complaints are observed from the first
-- receipt date in the warehouse (data_start) to the last one not after as_of (data_end); batches
-- produced before data_start are left-truncated (their early complaints were never exported), so
-- exposure is only counted inside the window.
with as_of as (
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
    -- Age buckets (days since production): [0, e₁), [e₁, e₂), …, [e_last, ∞). Monthly while the
    -- complaint hazard changes fast, wider later, where it changes slowly.
    select
        columns('^hotspots_(.*)$') as '\1',
        list_prepend(0, hotspots_age_bucket_edges) as age_bucket_starts
    from cfg_model_settings
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
