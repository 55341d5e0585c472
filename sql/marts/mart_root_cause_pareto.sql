-- mart_root_cause_pareto: root-cause clusters by volume with cumulative share — the "vital few"
-- causes behind most complaints.
-- inputs: mart_root_causes, int_cluster_assignments (the complaints in scope), macro pareto
-- grain: one row per active cluster; key: cluster_id (rank orders them, ties by cluster_id)
-- cumulative_share is over assigned complaints (it reaches 1); share_of_all over every complaint in
-- scope (unassigned included). is_vital_few: the clusters needed to reach 80 % of assigned
-- complaints (the cluster that crosses 80 % included) — the rule of sql/macros/pareto.sql.
with causes as (
    select cluster_id, label, category, complaints
    from mart_root_causes
),

ranked as (
    select * from pareto(causes)
),

scope as (
    select count(*) as scope_complaints from int_cluster_assignments
),

final as (
    select
        ranked.rank,
        ranked.cluster_id,
        ranked.label,
        ranked.category,
        ranked.complaints,
        ranked.share,
        ranked.cumulative_complaints,
        ranked.cumulative_share,
        ranked.complaints / nullif(scope.scope_complaints, 0) as share_of_all,
        ranked.is_vital_few
    from ranked
    cross join scope
    order by ranked.rank
)

select * from final
