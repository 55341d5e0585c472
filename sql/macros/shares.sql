-- Shares of a batch's complaints, each defined once where a model needed the same arithmetic
-- twice. dominant_share: mart_batch_hotspots takes a batch's dominant complaint category and its
-- dominant root cause with it (the two were copies).
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

-- mix_level_totals(terms): int_batch_mix_tests' per-target totals at one comparison level (the
-- product, or a wider pool), from its terms (batch_id, cause_id, eval_date, level, and per age
-- bucket batch_n, batch_k, others_n, others_k, others_batches): the batch's complaints n and those
-- of the cause a, the expected a at the comparators' cause share (and its Haldane-corrected twin),
-- the comparators' complaints, and the most comparator batches at any one of the batch's ages.
create or replace macro mix_level_totals(terms) as table
    select
        batch_id,
        cause_id,
        eval_date,
        level,
        sum(batch_n) as n,
        sum(batch_k) as a,
        sum(case when others_n > 0 then batch_n * others_k / others_n else 0 end) as expected,
        sum(batch_n * (others_k + 0.5) / (others_n + 1.0)) as expected_haldane,
        sum(others_n) as comparator_complaints,
        max(others_batches) as comparator_batches
    from query_table(terms)
    group by all;
