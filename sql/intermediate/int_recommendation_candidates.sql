-- int_recommendation_candidates: every rule's recommendations in one shape, with overlapping
-- ones folded into the one that explains them (one batch → one recommendation, not five).
-- inputs: int_rec_batch_hotspots, int_rec_product_hotspots, int_rec_trend_alerts,
--         int_rec_kpi_breaches
-- grain: one row per (rule, subject_key); key: rec_id
-- Folding (the absorbed candidate is kept, with folded_into set, so the mart can list it as
-- related evidence of the one that stays; the mart un-folds it if the target is dropped):
--   a product-level signal (product_hotspot, product_surge) of a product with a batch hot spot
--     → that batch's recommendation (the most significant batch if several);
--   a root-cause signal whose cluster is the dominant cause of a batch hot spot → that batch's
--     recommendation (an emerging cluster into any such batch, a product's root cause only into
--     a batch of the same product);
--   a region_surge of a region with a category-specific rise in the same region → that rise.
-- rec_id: a hash of (rule, subject_key), so the same underlying issue keeps its id night after
-- night, whatever its rank or numbers.
with unioned as (
    select * from int_rec_batch_hotspots
    union all by name
    select * from int_rec_product_hotspots
    union all by name
    select * from int_rec_trend_alerts
    union all by name
    select * from int_rec_kpi_breaches
),

keyed as (
    select
        'R' || left(md5(rule || '|' || subject_key), 10) as rec_id,
        unioned.*
    from unioned
),

batches as (
    select rec_id, covers_product, covers_cluster, p_value
    from keyed
    where rule = 'batch_hotspot'
),

category_regions as (
    select rec_id, f_region
    from keyed
    where subject_kind = 'category_region'
),

folds as (
    select keyed.rec_id, arg_min(batches.rec_id, batches.p_value) as folded_into
    from keyed
    join batches on keyed.covers_product = batches.covers_product
    where keyed.rule in ('product_hotspot', 'product_surge')
    group by keyed.rec_id
    union all
    select keyed.rec_id, arg_min(batches.rec_id, batches.p_value)
    from keyed
    join batches
        on keyed.covers_cluster = batches.covers_cluster
        -- a product's root cause folds only into a batch of that product
        and (keyed.rule = 'emerging_root_cause' or keyed.covers_product = batches.covers_product)
    where keyed.rule in ('product_root_cause', 'emerging_root_cause')
    group by keyed.rec_id
    union all
    select keyed.rec_id, arg_min(category_regions.rec_id, category_regions.rec_id)
    from keyed
    join category_regions on keyed.f_region = category_regions.f_region
    where keyed.rule = 'region_surge'
    group by keyed.rec_id
),

final as (
    select
        keyed.*,
        (select min(folds.folded_into) from folds where folds.rec_id = keyed.rec_id) as folded_into
    from keyed
)

select * from final
