-- cluster_marts_reconcile: the root-cause marts add up — one weekly row per (cluster, week), the
-- weekly series sums to each cluster's complaints, the Pareto view ends at a cumulative share of 1
-- and covers every assigned complaint, and shares plus the unassigned share make 1.
-- severity: error
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
    select coalesce(max(cumulative_complaints), 0) as n, coalesce(max(cumulative_share), 1) as last_share from mart_root_cause_pareto
),
pareto_mismatch as (
    select 'pareto' as check_name, null as cluster_id, assigned.n as expected, pareto.n as actual
    from assigned cross join pareto
    where assigned.n <> pareto.n or abs(pareto.last_share - 1) > 1e-9
),
shares as (
    select coalesce(sum(share), 0) + coalesce(max(unassigned_share), 0) as total, count(*) as clusters from mart_root_causes
),
share_mismatch as (
    select 'shares' as check_name, null as cluster_id, 1 as expected, total as actual
    from shares
    where clusters > 0 and abs(total - 1) > 1e-6
)
select * from weekly_duplicates
union all select * from weekly_mismatch
union all select * from pareto_mismatch
union all select * from share_mismatch
