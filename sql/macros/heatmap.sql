-- heatmap: the hot-spot heatmap's cell arithmetic, defined once for mart_batch_heatmap and for the
-- dashboard's batch-grain path (web/src/lib/server/hotspots/heatmap.ts: batch and production-date filters
-- select batches, so the cells are summed from the selected mart_batch_hotspots rows).
--
-- heatmap_cells(batches, min_expected): batches is a relation (table or CTE) with the columns of
-- mart_batch_hotspots it reads (product, product_category, age_bucket, complaints, units, observed,
-- expected, is_hotspot, rate_ratio). One row per (product, age_bucket) with a batch (batches
-- without an age bucket are left out): batches, complaints, units, Σ observed, Σ expected, the
-- hot-spot batches, hot_ratio (the largest rate ratio among them: the statistic that flagged
-- them), ratio = Σ observed / Σ expected — age-adjusted, NULL below min_expected expected
-- complaints (hotspots_heatmap_min_expected), where one complaint more or less swings it — and
-- per_10k = complaints per 10,000 units built (not age-adjusted; NULL without units).
create or replace macro heatmap_cells(batches, min_expected) as table
    select
        product,
        min(product_category) as product_category,
        age_bucket,
        count(*) as batches,
        coalesce(sum(complaints), 0) as complaints,
        coalesce(sum(units), 0) as units,
        sum(observed) as observed,
        sum(expected) as expected,
        count(*) filter (where is_hotspot) as hotspots,
        max(rate_ratio) filter (where is_hotspot) as hot_ratio,
        case
            when sum(expected) >= min_expected then coalesce(sum(observed), 0) / sum(expected)
        end as ratio,
        case
            when sum(units) > 0 then coalesce(sum(complaints), 0) * 10000.0 / sum(units)
        end as per_10k
    from query_table(batches)
    where age_bucket is not null
    group by product, age_bucket;
