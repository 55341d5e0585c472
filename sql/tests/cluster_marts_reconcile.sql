-- cluster_marts_reconcile: the root-cause marts add up — one weekly row per (cluster, week), the
-- weekly series sums to each cluster's complaints, and the Pareto view covers every assigned
-- complaint (nothing lost or double counted). The floating-point shares are warn_cluster_shares'.
-- severity: error
-- checks: integrity
with weekly_duplicates as (
    select 'weekly grain' as check_name, cluster_id, 1 as expected, count(*) as actual
    from mart_root_cause_weekly
    group by cluster_id, week
    having count(*) > 1
),
weekly as (
    select cluster_id, sum(complaints) as complaints from mart_root_cause_weekly group by cluster_id
),
weekly_mismatch as (
    select 'weekly' as check_name, c.cluster_id, c.complaints as expected, coalesce(w.complaints, 0) as actual
    from mart_root_causes as c
    left join weekly as w on w.cluster_id = c.cluster_id
    where c.complaints <> coalesce(w.complaints, 0)
),
assigned as (
    select count(*) as n from int_cluster_assignments where cluster_id is not null
),
pareto as (
    select coalesce(max(cumulative_complaints), 0) as n from mart_root_cause_pareto
),
pareto_mismatch as (
    select 'pareto' as check_name, null as cluster_id, assigned.n as expected, pareto.n as actual
    from assigned cross join pareto
    where assigned.n <> pareto.n
)
select * from weekly_duplicates
union all select * from weekly_mismatch
union all select * from pareto_mismatch
