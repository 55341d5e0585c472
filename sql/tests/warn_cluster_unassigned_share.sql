-- warn_cluster_unassigned_share: at most 15 % of complaints in scope may be left unassigned by the
-- root-cause clustering (the issue's coverage target). A breach usually means new kinds of
-- complaints the clusters do not know yet: the next run rebuilds when drift passes its threshold,
-- or run a rebuild on demand (clustering.rebuild = "always").
-- severity: warn
-- checks: analytic
with scope as (
    select count(*) as complaints, count(*) filter (where cluster_id is null) as unassigned
    from int_cluster_assignments
)
select complaints, unassigned, unassigned / complaints as unassigned_share
from scope
where complaints > 0 and unassigned / complaints > 0.15
