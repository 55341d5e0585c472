-- mart_batch_cause_mix: each production batch's root-cause mix against its baseline, the same
-- product's other batches, as the batch page shows it: the batch's top causes by its own
-- complaints, each with its count and share in the batch and in the baseline, and the rest summed
-- up as one 'other' row.
-- inputs: mart_batch_hotspots (the batches), mart_complaints (every current complaint with its
--         root-cause cluster: the complaint source the batch page lists)
-- grain: one row per (product, batch) of mart_batch_hotspots and cause row (a named cluster, the
--        complaints no cluster took, or 'other'); key: (product, batch, mix_rank)
-- Counts are over the product's complaints with a batch: batch_complaints those of this batch,
-- baseline_complaints those of its other batches. Causes rank by batch complaints, then baseline
-- complaints, then cluster id (the unassigned first); the first 6 that the batch has at least one
-- complaint of are named (a constant: no model setting declares it; change it here), every other
-- cause of the product is summed up in the 'other' row (is_other, cluster_id NULL, last rank),
-- present only when there is one. A batch whose product has no complaint with a batch has no row.
-- Shares divide by batch_total / baseline_total (0 when that total is 0), so each side sums to 1.
with batches as (
    select product, batch from mart_batch_hotspots
),

complaints as (
    select product, batch, cluster_id, cluster_label
    from mart_complaints
    where product is not null and batch is not null
),

batch_cause_counts as (
    select product, batch, cluster_id, count(*) as n
    from complaints
    group by all
),

product_causes as (
    select product, cluster_id, stable_mode(cluster_label) as cluster_label, count(*) as n
    from complaints
    group by all
),

-- every cause of the product for every one of its batches (the batch may have none of it)
cause_counts as (
    select
        batches.product,
        batches.batch,
        product_causes.cluster_id,
        product_causes.cluster_label,
        coalesce(batch_cause_counts.n, 0) as batch_complaints,
        product_causes.n - coalesce(batch_cause_counts.n, 0) as baseline_complaints
    from batches
    inner join product_causes on product_causes.product = batches.product
    left join batch_cause_counts
        on batch_cause_counts.product = batches.product
        and batch_cause_counts.batch = batches.batch
        and batch_cause_counts.cluster_id is not distinct from product_causes.cluster_id
),

totals as (
    select
        product,
        batch,
        sum(batch_complaints) as batch_total,
        sum(baseline_complaints) as baseline_total
    from cause_counts
    group by product, batch
),

ranked as (
    select
        *,
        row_number() over (
            partition by product, batch
            order by batch_complaints desc, baseline_complaints desc, cluster_id asc nulls first
        ) as cause_rank
    from cause_counts
),

-- the batch's own causes rank first (batch_complaints desc), so the named ones are ranks 1 … ≤ 6
classified as (
    select
        *,
        batch_complaints > 0 and cause_rank <= 6 as is_named
    from ranked
),

named as (
    select
        product,
        batch,
        cast(cause_rank as integer) as mix_rank,
        cast(cluster_id as varchar) as cluster_id,
        cluster_label,
        false as is_other,
        batch_complaints,
        baseline_complaints
    from classified
    where is_named
),

other_row as (
    select
        product,
        batch,
        cast(count(*) filter (where is_named) + 1 as integer) as mix_rank,
        cast(null as varchar) as cluster_id,
        cast(null as varchar) as cluster_label,
        true as is_other,
        sum(batch_complaints) filter (where not is_named) as batch_complaints,
        sum(baseline_complaints) filter (where not is_named) as baseline_complaints
    from classified
    group by product, batch
    having bool_or(not is_named)
),

mix_rows as (
    select * from named
    union all
    select * from other_row
),

final as (
    select
        mix_rows.product,
        mix_rows.batch,
        mix_rows.mix_rank,
        mix_rows.cluster_id,
        mix_rows.cluster_label,
        mix_rows.is_other,
        mix_rows.batch_complaints,
        mix_rows.baseline_complaints,
        case when totals.batch_total > 0 then mix_rows.batch_complaints / totals.batch_total else 0.0 end as batch_share,
        case when totals.baseline_total > 0 then mix_rows.baseline_complaints / totals.baseline_total else 0.0 end as baseline_share,
        totals.batch_total,
        totals.baseline_total
    from mix_rows
    inner join totals
        on totals.product = mix_rows.product
        and totals.batch = mix_rows.batch
)

select * from final
