-- The dominant member of each batch and its share against the product's other batches, defined
-- once: mart_batch_hotspots takes a batch's dominant complaint category and its dominant root
-- cause with it (the two were copies).
--
-- dominant_share(counts): counts is a relation (table or CTE) with product, batch, member and n
-- (complaints); its other columns pass through. One row per (product, batch): the member with the
-- most complaints (ties by member), its share of the batch's complaints, and baseline_share, the
-- same member's share of the product's other batches' complaints (NULL when they have none).
create or replace macro dominant_share(counts) as table
    select
        *,
        n / sum(n) over (partition by product, batch) as share,
        (sum(n) over (partition by product, member) - n)
            / nullif(sum(n) over (partition by product) - sum(n) over (partition by product, batch), 0)
            as baseline_share
    from query_table(counts)
    qualify row_number() over (partition by product, batch order by n desc, member) = 1;
