-- mart_product_hotspots: which products have more complaints than they should — per month, per
-- region and month, against their product-category baseline, and which root causes are
-- over-represented for a product — with false-discovery control and a readable reason.
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
        untested_reason
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
        untested_reason
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
        untested_reason,
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

fragments as (
    select
        *,
        case when test_scope = 'all' then '投诉' else '质量投诉' end as scope_zh,
        case when test_scope = 'all' then 'complaints' else 'quality complaints' end as scope_en,
        case when q_value < 0.001 then 'q<0.001' else printf('q=%.3f', q_value) end as q_text,
        strftime(period_start, '%Y-%m') as period_text,
        case when rate_ratio_lower is not null then printf(' [%.1f–%.1f]', rate_ratio_lower, rate_ratio_upper) else '' end as ci_text,
        case
            when basis = 'units' and baseline_group = 'category' then '同类产品每台按龄加权在用量的投诉率'
            when basis = 'units' then '其他产品每台按龄加权在用量的投诉率'
            when baseline_group = 'category' then printf('自身前 %d 个月水平 × 同类产品同期变化', product_history_periods)
            else printf('自身前 %d 个月水平 × 其他产品同期变化', product_history_periods)
        end as basis_zh,
        case
            when basis = 'units' and baseline_group = 'category' then 'category peers'' rate per age-weighted unit in service'
            when basis = 'units' then 'other products'' rate per age-weighted unit in service'
            when baseline_group = 'category' then printf('own level over the previous %d months × category peers'' change', product_history_periods)
            else printf('own level over the previous %d months × other products'' change', product_history_periods)
        end as basis_en
    from flagged
),

texts as (
    select
        *,
        case
            when level = 'product_period' and is_tested then printf(
                '产品 %s %s：%s %d 起，预期 %.1f 起（%s），比率 %.1f%s，%s',
                product, period_text, scope_zh, cast(observed as bigint), expected, basis_zh, rate_ratio, ci_text, q_text)
            when level = 'product_region_period' and is_tested then printf(
                '产品 %s 在%s %s：%s %d 起，预期 %.1f 起（全国预期 × 同类产品该地区占比 %d%%），比率 %.1f%s，%s',
                product, region, period_text, scope_zh, cast(observed as bigint), expected, cast(round(100 * region_share) as integer),
                rate_ratio, ci_text, q_text)
            when level = 'product_cause' and is_tested then printf(
                '产品 %s：%s 占 %d%%（%s %d%%），提升 %.1f 倍，ROR %.1f [%.1f–%.1f]，χ²=%.1f，%s',
                product, coalesce(cause_label, '簇 ' || cause_key), cast(round(100 * share) as integer),
                case when baseline_group = 'category' then '同类产品' else '其他产品' end,
                cast(round(100 * baseline_share) as integer), rate_ratio, ror, ror_lower, ror_upper, chi2, q_text)
        end as numbers_zh,
        case
            when level = 'product_period' and is_tested then printf(
                'Product %s %s: %d %s, %.1f expected (%s), ratio %.1f%s, %s',
                product, period_text, cast(observed as bigint), scope_en, expected, basis_en, rate_ratio, ci_text, q_text)
            when level = 'product_region_period' and is_tested then printf(
                'Product %s in %s %s: %d %s, %.1f expected (national expectation × peers'' regional share %d%%), ratio %.1f%s, %s',
                product, region, period_text, cast(observed as bigint), scope_en, expected, cast(round(100 * region_share) as integer),
                rate_ratio, ci_text, q_text)
            when level = 'product_cause' and is_tested then printf(
                'Product %s: %s is %d%% of its complaints (%s %d%%), lift %.1f, ROR %.1f [%.1f–%.1f], χ²=%.1f, %s',
                product, coalesce(cause_label, 'cluster ' || cause_key), cast(round(100 * share) as integer),
                case when baseline_group = 'category' then 'category peers' else 'other products' end,
                cast(round(100 * baseline_share) as integer), rate_ratio, ror, ror_lower, ror_upper, chi2, q_text)
        end as numbers_en
    from fragments
),

final as (
    select
        level,
        product,
        product_category,
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
        untested_reason,
        is_hotspot,
        case
            when not is_tested then printf('产品 %s：未检验（%s）', product, untested_reason)
            when is_hotspot then numbers_zh
            else numbers_zh || '；未达热点标准'
        end as reason_zh,
        case
            when not is_tested then printf('Product %s: not tested (%s)', product, untested_reason)
            when is_hotspot then numbers_en
            else numbers_en || '; not a hot spot'
        end as reason_en,
        as_of_date
    from texts
)

select * from final
