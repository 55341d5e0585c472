-- int_cluster_lift: where each root-cause cluster is over-represented — products, batches and
-- regions whose share of the cluster's complaints is well above their share of all complaints.
-- inputs: int_cluster_assignments (macro poisson_midp_upper from sql/macros/stats.sql)
-- grain: one row per (cluster_id, dimension, value) with at least 3 complaints;
--        key: (cluster_id, dimension, value)
-- Test (docs/clustering.md, "Lift"): under independence of cluster and value, the cell count is
-- ~ Poisson(expected), expected = cluster complaints × value complaints / complaints (of that
-- dimension, known values only). One-sided mid-p value for an excess; false alarms controlled by
-- Benjamini–Hochberg at q = 0.05 over all tested cells of the dimension. over_represented = the
-- BH test passes, lift ≥ 1.5 and at least 5 complaints (big enough to act on).
with assigned as (
    select cluster_id, product, batch, region
    from int_cluster_assignments
    where cluster_id is not null
),

long as (
    select cluster_id, 'product' as dimension, product as value from assigned where product is not null
    union all
    select cluster_id, 'batch' as dimension, batch as value from assigned where batch is not null
    union all
    select cluster_id, 'region' as dimension, region as value from assigned where region is not null
),

cells as (
    select cluster_id, dimension, value, count(*) as complaints
    from long
    group by cluster_id, dimension, value
),

cluster_totals as (
    select cluster_id, dimension, sum(complaints) as cluster_complaints
    from cells
    group by cluster_id, dimension
),

value_totals as (
    select dimension, value, sum(complaints) as value_complaints
    from cells
    group by dimension, value
),

dimension_totals as (
    select dimension, sum(complaints) as total
    from cells
    group by dimension
),

expected as (
    select
        cells.*,
        cluster_totals.cluster_complaints,
        value_totals.value_complaints,
        dimension_totals.total,
        cluster_totals.cluster_complaints * value_totals.value_complaints / dimension_totals.total as expected
    from cells
    join cluster_totals on cluster_totals.cluster_id = cells.cluster_id and cluster_totals.dimension = cells.dimension
    join value_totals on value_totals.dimension = cells.dimension and value_totals.value = cells.value
    join dimension_totals on dimension_totals.dimension = cells.dimension
    where cells.complaints >= 3
),

tested as (
    select
        *,
        complaints / expected as lift,
        -- Only excesses are of interest; a deficit gets p = 1 without computing the tail.
        case when complaints > expected then poisson_midp_upper(complaints, expected) else 1.0 end as p_value
    from expected
),

ranked as (
    select
        *,
        row_number() over (partition by dimension order by p_value, cluster_id, value) as p_rank,
        count(*) over (partition by dimension) as tests
    from tested
),

adjusted as (
    select
        *,
        -- Benjamini–Hochberg adjusted p-value: min over larger ranks of p·m/rank, capped at 1.
        least(1.0, min(p_value * tests / p_rank) over (
            partition by dimension order by p_rank desc rows between unbounded preceding and current row
        )) as q_value
    from ranked
),

final as (
    select
        cast(cluster_id as integer) as cluster_id,
        dimension,
        value,
        complaints,
        cluster_complaints,
        value_complaints,
        total,
        expected,
        lift,
        p_value,
        q_value,
        q_value <= 0.05 and lift >= 1.5 and complaints >= 5 as over_represented
    from adjusted
)

select * from final
