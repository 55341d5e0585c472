-- severity: warn
-- checks: presentation
-- The batch hot spots are ranked 1, 2, … without gaps by the one ordering rule of "the strongest
-- batch" (sql/macros/ranking.sql, batch_hotspot_rank_key: q-value, then rate ratio descending,
-- complaints descending, batch, product), which the dashboard's overview, the exports and the
-- report read; a batch that is not a hot spot has no rank.
with hotspots as (
    select
        *,
        row_number() over (
            partition by is_hotspot
            order by batch_hotspot_rank_key(q_value, rate_ratio, complaints, batch, product)
        ) as expected_rank
    from mart_batch_hotspots
)

select product, batch, is_hotspot, rank, expected_rank, q_value, rate_ratio, complaints
from hotspots
where (is_hotspot and rank is distinct from expected_rank)
    or (not is_hotspot and rank is not null)
