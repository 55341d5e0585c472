-- warn_cluster_shares: the root-cause shares read as shares — the Pareto view ends at a cumulative
-- share of 1, and the clusters' shares plus the unassigned share make 1. A presentation check on
-- floating-point sums: the counts behind them are cluster_marts_reconcile's (integrity).
-- severity: warn
-- checks: presentation
with pareto as (
    select coalesce(max(cumulative_share), 1) as last_share from mart_root_cause_pareto
),
pareto_mismatch as (
    select 'pareto' as check_name, 1 as expected, last_share as actual
    from pareto
    where abs(last_share - 1) > 1e-9
),
shares as (
    select coalesce(sum(share), 0) + coalesce(max(unassigned_share), 0) as total, count(*) as clusters from mart_root_causes
),
share_mismatch as (
    select 'shares' as check_name, 1 as expected, total as actual
    from shares
    where clusters > 0 and abs(total - 1) > 1e-6
)
select * from pareto_mismatch
union all select * from share_mismatch
