-- materialized: incremental
-- partition_by: eval_date
-- partition_source: int_batch_complaints
-- partition_source_date: received_date
-- partition_open_from: select data_end from int_batch_hotspot_settings
-- signature_query: select c.batch_id, c.product_id, c.product, c.batch, c.product_category, c.production_date, c.exposure_basis, c.exposure_units, s.data_start from int_batch_catalogue as c cross join int_batch_hotspot_settings as s
-- int_batch_rate_tests: the age-adjusted complaint-rate test of every batch at every monitoring
-- date: observed vs expected in-scope complaints, overdispersion, mid-p value.
-- inputs: int_batch_exposure, int_batch_catalogue, int_batch_hotspot_settings
-- grain: one row per (batch, eval_date) with exposure; key: (batch_id, eval_date) (also product, batch)
-- Model (docs/statistics.md): complaints of batch b at age bucket m are Poisson with mean
-- exposure × r_p(m), the product's per-unit-day (or per-batch-day) rate at that age. The
-- expected count E_b = Σ_m unit_days_b(m) · r_p(m) uses r_p(m) pooled over the product's OTHER
-- batches (leave-one-out), only at ages where at least hotspots_min_comparator_batches other
-- batches were observed; observed O_b counts complaints at those same ages. A batch with no such
-- age is tested against its product line's (then all products') same-age profile scaled to the
-- product's own level, with the exact conditional test (the fallback CTEs below);
-- baseline_level says which, as a code ('product', 'product_line', 'all_products'), and
-- untested_because why a batch-date is not tested (codes: pipeline/contract/hotspotCodes.ts).
-- Outlier-resistant baseline, in two passes: pass 1 pools every batch; batches whose pass-1
-- excess is significant at hotspots_baseline_screen_p are screened out, and pass 2 pools the rest
-- (a one-step trimmed estimator), so one defective batch does not inflate its siblings' baseline.
-- Overdispersion: quasi-Poisson, var(O) = φ·E with φ ≥ 1 (McCullagh & Nelder 1989; Spiegelhalter
-- 2005): winsorised Pearson z² in pass 1 per product (robust to the outliers that are still in),
-- winsorised Pearson over the unscreened batches of the whole product line in pass 2, capped at
-- hotspots_max_dispersion for the test (phi_estimate keeps the uncapped value); the test is the
-- scaled-Poisson mid-p with O/φ and E/φ. φ = 1 (pure Poisson) with fewer than 10 batches with E ≥ 1. Repeat
-- complaints, misclassification and small rate differences between batches all raise φ; rate
-- differences that grow with batch size are held off by the rate-ratio threshold (CI lower bound
-- > hotspots_min_rate_ratio_lower), see docs/statistics.md.
-- p_ratio_above_min = P(X ≥ O) at rate ratio hotspots_min_rate_ratio_lower: below (1−level)/2
-- exactly when the exact CI's lower limit exceeds that ratio, so the flag rule needs no CI.
with settings as (
    select * from int_batch_hotspot_settings
),

catalogue as (
    select batch_id, product, product_category, batch, production_date, exposure_basis
    from int_batch_catalogue
    where exposure_basis is not null
),

-- Every statistic below is per monitoring date: an incremental build (docs/incremental.md)
-- computes only the dates on or after its partition floor (NULL in a full build).
cells as (
    select * from int_batch_exposure
    where eval_date >= coalesce(cast(getvariable('partition_floor') as date), eval_date)
),

-- Pass 1: every batch in the pool.
pool_1 as materialized (
    select product_id, eval_date, age_bucket, sum(observed) as pool_observed, sum(unit_days) as pool_unit_days, count(*) as pool_batches
    from cells
    group by all
),

cells_1 as materialized (
    select
        cells.product_id,
        cells.batch_id,
        cells.eval_date,
        cells.age_bucket,
        cells.observed,
        cells.unit_days,
        pool_1.pool_observed,
        pool_1.pool_unit_days,
        pool_1.pool_batches
    from cells
    inner join pool_1
        on pool_1.product_id = cells.product_id
        and pool_1.eval_date = cells.eval_date
        and pool_1.age_bucket = cells.age_bucket
),

comparable_1 as (
    select
        cells_1.*,
        cells_1.pool_batches - 1 >= settings.min_comparator_batches
            and cells_1.pool_unit_days - cells_1.unit_days > 1e-9 as comparable
    from cells_1
    cross join settings
),

pass_1 as materialized (
    select
        product_id,
        batch_id,
        eval_date,
        sum(observed) filter (where comparable) as observed,
        sum(unit_days * (pool_observed - observed) / (pool_unit_days - unit_days)) filter (where comparable) as expected
    from comparable_1
    group by all
),

z_1 as (
    select product_id, eval_date, expected, (observed - expected) / sqrt(expected) as z
    from pass_1
    where expected >= 1
),

winsor_1 as (
    select product_id, eval_date, quantile_cont(z, 0.1) as z_lo, quantile_cont(z, 0.9) as z_hi
    from z_1
    group by all
),

-- Winsorised at the 10th/90th percentiles (macro winsorised_phi_hat, sql/macros/stats.sql).
dispersion_1 as (
    select
        z_1.product_id,
        z_1.eval_date,
        case
            when count(*) >= 10 then greatest(1.0, winsorised_phi_hat(z_1.z, winsor_1.z_lo, winsor_1.z_hi))
            else 1.0
        end as phi
    from z_1
    inner join winsor_1 on winsor_1.product_id = z_1.product_id and winsor_1.eval_date = z_1.eval_date
    group by all
),

-- Only the (few) screened batch-dates.
screened as materialized (
    select pass_1.product_id, pass_1.batch_id, pass_1.eval_date
    from pass_1
    cross join settings
    left join dispersion_1 on dispersion_1.product_id = pass_1.product_id and dispersion_1.eval_date = pass_1.eval_date
    where pass_1.expected > 0
        -- a mid-p below 0.001 needs an excess of more than 2.5 sd: the exact tail is only summed then
        and pass_1.observed > pass_1.expected + 2.5 * sqrt(coalesce(dispersion_1.phi, 1.0) * pass_1.expected)
        and rate_ratio_midp(pass_1.observed, pass_1.expected, coalesce(dispersion_1.phi, 1.0)) < settings.baseline_screen_p
),

-- Pass 2: screened batches leave the pool (they are still tested against it).
screened_pool as materialized (
    select
        cells_1.product_id,
        cells_1.eval_date,
        cells_1.age_bucket,
        sum(cells_1.observed) as screened_observed,
        sum(cells_1.unit_days) as screened_unit_days,
        count(*) as screened_batches
    from cells_1
    inner join screened
        on screened.batch_id = cells_1.batch_id
        and screened.eval_date = cells_1.eval_date
    group by all
),

cells_2 as (
    select
        cells_1.product_id,
        cells_1.batch_id,
        cells_1.eval_date,
        cells_1.observed,
        cells_1.unit_days,
        screened.batch_id is not null as screened,
        -- the pool without screened batches, and without this batch when it is in the pool
        cells_1.pool_observed - coalesce(screened_pool.screened_observed, 0)
            - case when screened.batch_id is null then cells_1.observed else 0 end as others_observed,
        cells_1.pool_unit_days - coalesce(screened_pool.screened_unit_days, 0)
            - case when screened.batch_id is null then cells_1.unit_days else 0 end as others_unit_days,
        cells_1.pool_batches - coalesce(screened_pool.screened_batches, 0)
            - case when screened.batch_id is null then 1 else 0 end as others_batches
    from cells_1
    left join screened_pool
        on screened_pool.product_id = cells_1.product_id
        and screened_pool.eval_date = cells_1.eval_date
        and screened_pool.age_bucket = cells_1.age_bucket
    left join screened
        on screened.batch_id = cells_1.batch_id
        and screened.eval_date = cells_1.eval_date
),

comparable_2 as (
    select
        cells_2.*,
        cells_2.others_batches >= settings.min_comparator_batches and cells_2.others_unit_days > 1e-9 as comparable
    from cells_2
    cross join settings
),

pass_2 as materialized (
    select
        product_id,
        batch_id,
        eval_date,
        bool_or(screened) as screened,
        sum(observed) as observed_all_ages,
        sum(observed) filter (where comparable) as observed,
        sum(unit_days * others_observed / others_unit_days) filter (where comparable) as expected,
        min(others_batches) filter (where comparable) as comparator_batches
    from comparable_2
    group by all
),

-- Comparators that exist (issue 16 item 3; docs/statistics.md, "Fallback baseline"). A batch-date
-- the product level cannot test (no age with hotspots_min_comparator_batches other batches of the
-- product) is tested against a wider pool: the product line (product_category; a product without
-- one is its own line, so it goes straight to all products), then all products — the first level
-- that works. Without volumes another product's per-batch rate is no fair baseline (model lines
-- sell very different numbers), so only the wider pool's AGE PROFILE is borrowed and the level is
-- the product's own (indirect standardisation, as in an SMR):
--   r_L(m)  = complaints / unit-days at age m over the pool's unscreened batches of OTHER products,
--             at ages where at least hotspots_min_comparator_batches such batches were observed;
--   E_b     = Σ_m unit_days_b(m) · r_L(m) over those ages, O_b the batch's complaints there;
--   E_ref, O_ref the same sums over the product's other unscreened batches (leave-one-out);
--   expected = E_b · k_p with k_p = O_ref / E_ref, the product's own observed/expected ratio.
-- Assumptions: the product's age profile has the pool's shape (a product whose complaints rise
-- or fall with age unlike its line's breaks it), and its batches differ only by a common factor.
-- The test (p_value, p_ratio_above_min, and the CI in the mart) is the exact conditional
-- comparison of O_b with O_ref: given O_b + O_ref, O_b ~ Binomial(O_b + O_ref, ρw/(1 + ρw)),
-- w = E_b / E_ref (macros rate_ratio_cond_*), so the uncertainty of k_p — often estimated from
-- one or two sibling batches — is in the test, not ignored. Overdispersion: the line's φ, as for
-- product-level tests; these rows do not enter its estimate. Where no level works (the product
-- has no other batch at any comparable age) the batch stays 'no comparable batches at this age'.
fallback_dates as (
    select distinct product_id, eval_date from pass_2 where expected is null
),

product_lines as (
    select distinct product_id, coalesce(product_category, product) as line
    from int_batch_catalogue
    where exposure_basis is not null
),

-- Unscreened complaints, unit-days and batches per product, age and date (the pools' parts),
-- from the pass-1 pools minus the screened batches: no pass over the exposure cells.
product_ages as materialized (
    select
        pool_1.product_id,
        product_lines.line,
        pool_1.eval_date,
        pool_1.age_bucket,
        pool_1.pool_observed - coalesce(screened_pool.screened_observed, 0) as observed,
        pool_1.pool_unit_days - coalesce(screened_pool.screened_unit_days, 0) as unit_days,
        pool_1.pool_batches - coalesce(screened_pool.screened_batches, 0) as batches
    from pool_1
    inner join product_lines on product_lines.product_id = pool_1.product_id
    left join screened_pool
        on screened_pool.product_id = pool_1.product_id
        and screened_pool.eval_date = pool_1.eval_date
        and screened_pool.age_bucket = pool_1.age_bucket
    where pool_1.eval_date in (select eval_date from fallback_dates)
),

pool_ages as (
    select
        case when grouping(line) = 0 then 2 else 3 end as level,
        coalesce(line, '') as pool,
        eval_date,
        age_bucket,
        sum(observed) as observed,
        sum(unit_days) as unit_days,
        sum(batches) as batches
    from product_ages
    group by grouping sets ((line, eval_date, age_bucket), (eval_date, age_bucket))
),

-- Per product needing the fallback, level and age: the pool without the product itself.
fallback_rates as (
    select
        fallback_dates.product_id,
        levels.level,
        fallback_dates.eval_date,
        pool_ages.age_bucket,
        (pool_ages.observed - coalesce(product_ages.observed, 0))
            / (pool_ages.unit_days - coalesce(product_ages.unit_days, 0)) as pool_rate,
        pool_ages.batches - coalesce(product_ages.batches, 0) as pool_batches
    from fallback_dates
    inner join product_lines on product_lines.product_id = fallback_dates.product_id
    cross join (values (2), (3)) as levels(level)
    inner join pool_ages
        on pool_ages.level = levels.level
        and pool_ages.pool = case levels.level when 2 then product_lines.line else '' end
        and pool_ages.eval_date = fallback_dates.eval_date
    left join product_ages
        on product_ages.product_id = fallback_dates.product_id
        and product_ages.eval_date = fallback_dates.eval_date
        and product_ages.age_bucket = pool_ages.age_bucket
    cross join settings
    where pool_ages.batches - coalesce(product_ages.batches, 0) >= settings.min_comparator_batches
        and pool_ages.unit_days - coalesce(product_ages.unit_days, 0) > 1e-9
),

-- Every batch of those products (screened ones too: they are still tested), per level.
fallback_batches as (
    select
        cells_1.product_id,
        cells_1.batch_id,
        cells_1.eval_date,
        fallback_rates.level,
        bool_or(screened.batch_id is not null) as screened,
        sum(cells_1.observed) as observed,
        sum(cells_1.unit_days * fallback_rates.pool_rate) as pool_expected,
        min(fallback_rates.pool_batches) as comparator_batches
    from cells_1
    inner join fallback_rates
        on fallback_rates.product_id = cells_1.product_id
        and fallback_rates.eval_date = cells_1.eval_date
        and fallback_rates.age_bucket = cells_1.age_bucket
    left join screened
        on screened.batch_id = cells_1.batch_id
        and screened.eval_date = cells_1.eval_date
    group by all
),

fallback_products as (
    select product_id, eval_date, level, sum(observed) as observed, sum(pool_expected) as pool_expected
    from fallback_batches
    where not screened
    group by all
),

-- The first level at which the batch and its product's other batches both have expected
-- complaints; only batch-dates the product level could not test.
fallback as materialized (
    select
        fallback_batches.batch_id,
        fallback_batches.eval_date,
        fallback_batches.level,
        fallback_batches.observed,
        fallback_batches.pool_expected,
        fallback_batches.comparator_batches,
        fallback_products.observed - case when fallback_batches.screened then 0 else fallback_batches.observed end as reference_observed,
        fallback_products.pool_expected - case when fallback_batches.screened then 0 else fallback_batches.pool_expected end as reference_expected
    from fallback_batches
    inner join fallback_products
        on fallback_products.product_id = fallback_batches.product_id
        and fallback_products.eval_date = fallback_batches.eval_date
        and fallback_products.level = fallback_batches.level
    inner join pass_2
        on pass_2.batch_id = fallback_batches.batch_id
        and pass_2.eval_date = fallback_batches.eval_date
    where pass_2.expected is null
        and fallback_batches.pool_expected > 0
        and fallback_products.pool_expected
            - case when fallback_batches.screened then 0 else fallback_batches.pool_expected end > 1e-12
    qualify row_number() over (partition by fallback_batches.batch_id, fallback_batches.eval_date order by fallback_batches.level) = 1
),

-- Pass 2 φ per product line (product_category; a product without one is its own line), over the
-- line's unscreened batches with E ≥ 1, winsorised like pass 1 (robust to batches that are
-- unusual but not screened), with one value per line and date: a product's own handful of batches
-- gives a noisy φ, its line's many batches a stable one. dispersion_estimate is reported as it is;
-- the test uses it capped at hotspots_max_dispersion (docs/statistics.md: a very large estimate
-- says the batches differ for reasons the model does not know, e.g. unequal batch sizes without a
-- volumes file; uncapped, it would make every batch untestable).
z_2 as (
    select
        coalesce(catalogue.product_category, catalogue.product) as line,
        pass_2.eval_date,
        (pass_2.observed - pass_2.expected) / sqrt(pass_2.expected) as z
    from pass_2
    inner join catalogue on catalogue.batch_id = pass_2.batch_id
    where not pass_2.screened and pass_2.expected >= 1
),

winsor_2 as (
    select line, eval_date, quantile_cont(z, 0.1) as z_lo, quantile_cont(z, 0.9) as z_hi, count(*) as batches
    from z_2
    group by all
),

dispersion_2 as (
    select
        z_2.line,
        z_2.eval_date,
        case
            when any_value(winsor_2.batches) >= 10
                then greatest(1.0, winsorised_phi_hat(z_2.z, winsor_2.z_lo, winsor_2.z_hi))
            else 1.0
        end as phi_estimate
    from z_2
    inner join winsor_2 on winsor_2.line = z_2.line and winsor_2.eval_date = z_2.eval_date
    group by all
),

-- Each batch-date with its baseline: the product's own where it has one, else the fallback's
-- (only the few batch-dates without a product baseline are joined to it).
baselines as (
    select
        batch_id,
        eval_date,
        screened,
        observed_all_ages,
        observed,
        expected,
        comparator_batches,
        'product' as baseline_level,
        cast(null as hugeint) as reference_observed,
        cast(null as double) as baseline_weight
    from pass_2
    where expected is not null
    union all
    select
        pass_2.batch_id,
        pass_2.eval_date,
        pass_2.screened,
        pass_2.observed_all_ages,
        fallback.observed,
        fallback.reference_observed * fallback.pool_expected / fallback.reference_expected as expected,
        fallback.comparator_batches,
        case fallback.level when 2 then 'product_line' when 3 then 'all_products' end as baseline_level,
        fallback.reference_observed,
        fallback.pool_expected / fallback.reference_expected as baseline_weight
    from pass_2
    left join fallback
        on fallback.batch_id = pass_2.batch_id
        and fallback.eval_date = pass_2.eval_date
    where pass_2.expected is null
),

tested as (
    select
        baselines.batch_id,
        catalogue.product,
        catalogue.batch,
        baselines.eval_date,
        catalogue.exposure_basis,
        baselines.eval_date - catalogue.production_date as age_days,
        baselines.observed_all_ages,
        coalesce(baselines.observed, 0) as observed,
        baselines.expected,
        baselines.comparator_batches,
        baselines.baseline_level,
        baselines.reference_observed,
        baselines.baseline_weight,
        baselines.screened as screened_from_baseline,
        coalesce(dispersion_2.phi_estimate, 1.0) as phi_estimate,
        least(coalesce(dispersion_2.phi_estimate, 1.0), settings.max_dispersion) as phi,
        case
            when baselines.eval_date - catalogue.production_date < settings.min_age_days then 'too_young'
            when baselines.expected is null then 'no_comparable_batches'
            when baselines.expected <= 0 then 'no_baseline_complaints'
        end as untested_because,
        settings.min_rate_ratio_lower,
        settings.min_complaints,
        settings.max_q,
        baselines.eval_date = settings.data_end as is_current
    from baselines
    inner join catalogue on catalogue.batch_id = baselines.batch_id
    cross join settings
    left join dispersion_2
        on dispersion_2.line = coalesce(catalogue.product_category, catalogue.product)
        and dispersion_2.eval_date = baselines.eval_date
),

tests as (
    select
        batch_id,
        product,
        batch,
        eval_date,
        exposure_basis,
        age_days,
        observed_all_ages,
        observed,
        expected,
        comparator_batches,
        case when untested_because is null then baseline_level end as baseline_level,
        reference_observed,
        baseline_weight,
        screened_from_baseline,
        phi_estimate,
        phi,
        untested_because is null as is_tested,
        untested_because,
        case when untested_because is null then observed / expected end as rate_ratio,
        -- Exact p on the current date; on earlier dates only where it can be ≤ max_q: a mid-p ≤ α
        -- needs an excess above (z_α − ½) sd (the Poisson upper tail is heavier than the normal),
        -- and a p-value above max_q cannot change any BH decision at max_q. NULL there means
        -- "not computed, above max_q".
        case
            when untested_because is not null then null
            -- the fallback's conditional test: on earlier dates only above expectation (O > O_ref·w,
            -- i.e. above the binomial mean; the median is at least its floor, so the mid-p is ≥ ¼
            -- there); the normal bound below does not hold for a baseline from few complaints
            when baseline_level <> 'product' then case
                when is_current or observed > expected or max_q >= 0.25
                    then rate_ratio_cond_midp(observed, reference_observed, baseline_weight, phi)
            end
            when is_current or observed > expected + greatest(norm_quantile(1 - max_q) - 0.5, 0) * sqrt(phi * expected)
                then rate_ratio_midp(observed, expected, phi)
        end as p_value,
        min_rate_ratio_lower,
        min_complaints,
        max_q,
        is_current
    from tested
),

final as (
    select
        *,
        -- P(X ≥ O) at the minimum rate ratio, only where a flag is still possible (p ≤ max_q,
        -- enough complaints, ratio above the minimum); 1 elsewhere.
        case
            when not is_tested then null
            when p_value <= max_q and observed >= min_complaints and observed > min_rate_ratio_lower * expected
                and baseline_level <> 'product'
                then rate_ratio_cond_tail_at(observed, reference_observed, baseline_weight, phi, min_rate_ratio_lower)
            when p_value <= max_q and observed >= min_complaints and observed > min_rate_ratio_lower * expected
                then rate_ratio_tail_at(observed, expected, phi, min_rate_ratio_lower)
            else 1.0
        end as p_ratio_above_min
    from tests
)

select * from final
