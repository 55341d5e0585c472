-- mart_data_tests: the data tests of the latest build and their results, for the Pipeline page and
-- the report's data-quality section.
-- A journal mart: a view over the run journal, created with the base tables by every write
-- (pipeline/warehouse/init.ts); empty until the first build.
-- inputs: data_test_results (base table written by `complaint-lens build`, the latest result of
--         each test; a test the latest build did not run keeps an older run_id and is left out)
-- grain: one row per test of the latest build; key: test
with results as (
    select * from data_test_results
),

latest as (
    select max(run_id) as run_id from results
),

final as (
    select
        results.run_id,
        results.test,
        results.severity,
        results.failures,
        results.status
    from results
    join latest on latest.run_id = results.run_id
)

select * from final
