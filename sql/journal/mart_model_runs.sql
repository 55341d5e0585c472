-- mart_model_runs: every model the latest build ran, with its time and rows, for the Pipeline
-- page's run-time chart.
-- A journal mart: a view over the run journal, created with the base tables by every write
-- (pipeline/warehouse/init.ts); empty until the first build.
-- inputs: model_runs (base table written by `complaint-lens build`)
-- grain: one row per model of the latest build; key: model
-- build_started_at: when the latest build started (its first model); is_failed: status not success.
with runs as (
    select * from model_runs
),

latest as (
    select max(run_id) as run_id from runs
),

final as (
    select
        runs.run_id,
        runs.model,
        runs.started_at,
        min(runs.started_at) over () as build_started_at,
        runs.rows,
        runs.milliseconds,
        runs.status,
        runs.status <> 'success' as is_failed,
        runs.message
    from runs
    join latest on latest.run_id = runs.run_id
)

select * from final
