-- The Pareto of root causes, defined once: mart_root_cause_pareto (all data), the dashboard's Pareto
-- under filters and the report's Pareto of a period all select from pareto(counts), so ranks, ties
-- and the "vital few" cannot differ between them (the dashboard and the report had re-implemented
-- the rule in TypeScript, with a different tie-break).
--
-- pareto(counts): counts is a relation (table or CTE) with cluster_id and complaints; its other
-- columns pass through. Ranked by complaints descending, ties by cluster_id; share and
-- cumulative_share are of the relation's total; is_vital_few marks the causes needed to reach
-- pareto_threshold() (80 %) of the total, the one that crosses it included — the causes ranked
-- before it hold less than 80 %.
create or replace macro pareto_threshold() as 0.8;

create or replace macro pareto(counts) as table
    with ranked as (
        select
            *,
            row_number() over (order by complaints desc, cluster_id) as pareto_rank,
            sum(complaints) over (
                order by complaints desc, cluster_id rows between unbounded preceding and current row
            ) as cumulative_complaints,
            sum(complaints) over () as pareto_total
        from query_table(counts)
    )

    select
        * exclude (pareto_rank, pareto_total),
        cast(pareto_rank as integer) as rank,
        complaints / nullif(pareto_total, 0) as share,
        cumulative_complaints / nullif(pareto_total, 0) as cumulative_share,
        (cumulative_complaints - complaints) / nullif(pareto_total, 0) < pareto_threshold() as is_vital_few
    from ranked;
