-- severity: error
-- checks: integrity
-- Every complaint id has exactly one current version (none: the complaint would silently vanish
-- from every model; two: it would count twice), and every version was loaded by a recorded run.
with versions as (
    select
        complaint_id,
        count(*) filter (where is_current) as current_versions
    from complaint_versions
    group by complaint_id
),

final as (
    select complaint_id, cast(null as bigint) as run_id, 'no current version' as problem
    from versions
    where current_versions = 0

    union all

    select complaint_id, cast(null as bigint) as run_id, 'several current versions' as problem
    from versions
    where current_versions > 1

    union all

    select complaint_id, load_run_id as run_id, 'load_run_id not in load_runs' as problem
    from complaint_versions
    where load_run_id not in (select run_id from load_runs)

    union all

    select complaint_id, first_loaded_run as run_id, 'first_loaded_run not in load_runs' as problem
    from complaint_versions
    where first_loaded_run not in (select run_id from load_runs)
)

select * from final
