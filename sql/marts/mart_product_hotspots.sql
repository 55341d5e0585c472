-- mart_product_hotspots: which products have more complaints than they should — per month, per
-- region and month, against their product-category baseline, and which root causes are
-- over-represented for a product — with false-discovery control, and the numbers and codes its
-- reason is worded from (pipeline/messages/productHotspots.ts).
-- inputs: int_product_period_tests, int_product_region_tests, int_product_cause_tests,
--         int_batch_hotspot_settings
-- grain: one row per test; key: (level, product, period_start, region, cause_key) where
--   level 'product_period'        product × month            (region, cause_key NULL)
--   level 'product_region_period' product × region × month   (cause_key NULL)
--   level 'product_cause'         product × root cause, whole window (period_start, region NULL)
-- Statistics (docs/statistics.md): the rate levels use the batch machinery (quasi-Poisson mid-p,
-- exact CI for the rate ratio, BH q-value) with is_hotspot = observed ≥ hotspots_min_complaints,
-- q ≤ hotspots_max_q and CI lower bound > hotspots_min_rate_ratio_lower; product_cause uses the
-- cause-mix rule (n ≥ 3, lift = PRR ≥ 2, χ² ≥ 4, q ≤ hotspots_max_q). BH runs per level over all
-- of that level's tests.
with settings as (
    select * from int_batch_hotspot_settings
),

periods as (
    select * from int_product_period_tests
),

regions as (
    select * from int_product_region_tests
),

causes as (
    select * from int_product_cause_tests
),

-- The three levels carry different columns: `union all by name` fills the ones a level lacks with
-- NULL, instead of a positional union padded with bare nulls.
unioned as (
    select
        level,
        product,
        product_category,
        period_start,
        region,
        basis,
        baseline_group,
        complaints,
        cast(observed as double) as observed,
        expected,
        units_in_field,
        age_weighted_units,
        rate_per_10k_units,
        rate_ratio,
        phi,
        p_value,
        is_tested,
        untested_because
    from periods
    union all by name
    select
        level,
        product,
        product_category,
        period_start,
        region,
        basis,
        baseline_group,
        cast(observed as double) as observed,
        expected,
        region_share,
        rate_ratio,
        phi,
        p_value,
        is_tested,
        untested_because
    from regions
    union all by name
    select
        level,
        product,
        product_category,
        cause_kind,
        cause_key,
        cause_label,
        'mix' as basis,
        baseline_group,
        a + b as complaints,
        cast(a as double) as observed,
        -- the count the test expects: the peers' share with the Haldane ½ (mix_midp)
        (a + b) * (c + 0.5) / (c + d + 1.0) as expected,
        share,
        baseline_share,
        lift as rate_ratio,
        1.0 as phi,
        p_value,
        ror,
        ror_lower,
        ror_upper,
        chi2,
        is_tested,
        untested_because,
        reason_limit,
        exclusive_share,
        family_size as cause_family_size
    from causes
),

-- Benjamini–Hochberg per level.
ranked as (
    select
        level,
        product,
        period_start,
        region,
        cause_key,
        p_value,
        row_number() over (partition by level order by p_value, product, period_start, region, cause_key) as p_rank,
        -- product_cause: all (product, cause) hypotheses, not only the rows with enough complaints
        greatest(coalesce(max(cause_family_size) over (partition by level), 0), count(*) over (partition by level)) as family_size
    from unioned
    where is_tested
),

bh as (
    select
        level,
        product,
        period_start,
        region,
        cause_key,
        family_size,
        least(1.0, min(p_value * family_size / p_rank) over (
            partition by level
            order by p_rank desc
            rows between unbounded preceding and current row
        )) as q_value
    from ranked
),

with_q as (
    select
        unioned.*,
        bh.q_value,
        bh.family_size as tests_in_family,
        -- exact CI where the ratio is at least 1 (the direction a hot spot lies in; at a million
        -- complaints there are ~350k region-months); the flag rule uses the tail probability below
        case when unioned.is_tested and unioned.level <> 'product_cause' and unioned.rate_ratio >= 1
            then rate_ratio_lower(unioned.observed, unioned.expected, unioned.phi, settings.ci_level) end as rate_ratio_lower,
        case when unioned.is_tested and unioned.level <> 'product_cause' and unioned.rate_ratio >= 1
            then rate_ratio_upper(unioned.observed, unioned.expected, unioned.phi, settings.ci_level) end as rate_ratio_upper,
        -- P(X ≥ O) at the minimum ratio: below (1 − level)/2 exactly when the CI's lower bound is
        -- above it; only summed where a flag is possible
        case
            when unioned.is_tested and unioned.level <> 'product_cause' and bh.q_value <= settings.max_q
                and unioned.observed >= settings.min_complaints
                and unioned.observed > settings.min_rate_ratio_lower * unioned.expected
                then rate_ratio_tail_at(unioned.observed, unioned.expected, unioned.phi, settings.min_rate_ratio_lower)
            else 1.0
        end as p_ratio_above_min,
        settings.test_scope,
        settings.product_history_periods,
        settings.data_end as as_of_date
    from unioned
    cross join settings
    left join bh
        on bh.level = unioned.level
        and bh.product = unioned.product
        and bh.period_start is not distinct from unioned.period_start
        and bh.region is not distinct from unioned.region
        and bh.cause_key is not distinct from unioned.cause_key
),

flagged as (
    select
        with_q.*,
        coalesce(case
            when with_q.level = 'product_cause' then
                with_q.is_tested
                and with_q.observed >= settings.mix_min_complaints
                and with_q.rate_ratio >= settings.mix_min_prr
                and with_q.chi2 >= settings.mix_min_chi2
                and with_q.q_value <= settings.max_q
            else
                with_q.is_tested
                and with_q.observed >= settings.min_complaints
                and with_q.q_value <= settings.max_q
                and with_q.p_ratio_above_min < (1 - settings.ci_level) / 2
        end, false) as is_hotspot
    from with_q
    cross join settings
),

final as (
    select
        level,
        product,
        -- '(unknown)' pools the products without a category as one peer group in the tests; the
        -- mart says "no category" as NULL, so no reader shows a placeholder as if it were data
        nullif(product_category, '(unknown)') as product_category,
        period_start,
        region,
        cause_kind,
        cause_key,
        cause_label,
        basis,
        baseline_group,
        complaints,
        observed,
        expected,
        units_in_field,
        age_weighted_units,
        rate_per_10k_units,
        region_share,
        share,
        baseline_share,
        rate_ratio,
        rate_ratio_lower,
        rate_ratio_upper,
        phi as dispersion_factor,
        ror,
        ror_lower,
        ror_upper,
        chi2,
        p_value,
        q_value,
        tests_in_family,
        is_tested,
        -- why a test was not run: a code (pipeline/contract/hotspotCodes.ts) and the numbers its
        -- sentence cites (the minimum it fell short of; the share of product-specific causes)
        untested_because,
        reason_limit,
        exclusive_share,
        is_hotspot,
        -- what the reason cites besides the numbers (pipeline/messages/productHotspots.ts words it)
        test_scope,
        product_history_periods,
        as_of_date
    from flagged
)

select * from final
