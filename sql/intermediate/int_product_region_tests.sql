-- int_product_region_tests: each product's in-scope complaints per region and month against its
-- category baseline: is the product unusually frequent in one region?
-- inputs: int_complaints_enriched, int_product_period_tests, int_batch_hotspot_settings
-- grain: one row per (product, period_start, region) where the product or its peers had
--        complaints in the region within the reference window; key: (product, period_start, region)
-- Expected = the product's national expected count for the month (int_product_period_tests) ×
-- the share of the peers' complaints that came from the region over the month and the
-- hotspots_product_history_periods months before it (peers as in int_product_period_tests:
-- same category, else all other products when the category has too few complaints). Complaints
-- without a region are in the shares' denominators, so regional expectations sum to less than the
-- national one by the peers' share of unknown regions. Overdispersion as for the product months.
with settings as (
    select * from int_batch_hotspot_settings
),

product_months as (
    select * from int_product_period_tests
),

complaints as (
    select
        enriched.product,
        enriched.month_start as period_start,
        enriched.region
    from int_complaints_enriched as enriched
    cross join settings
    where enriched.is_valid
        and enriched.product is not null
        and enriched.received_date between settings.data_start and settings.data_end
        and (settings.test_scope = 'all' or list_contains(settings.quality_categories, enriched.category) is true)
),

product_groups as (
    select distinct product, product_category from product_months
),

region_counts as (
    select
        complaints.product,
        product_groups.product_category,
        complaints.period_start,
        complaints.region,
        count(*) as observed
    from complaints
    inner join product_groups on product_groups.product = complaints.product
    group by all
),

periods as (
    select distinct period_start from product_months
),

-- Complaints over each month's reference window (the month and the H months before it), by
-- region: per category, overall and per product; the peers' count is the group's minus the
-- product's own.
window_region_counts as (
    select
        periods.period_start,
        region_counts.product,
        region_counts.product_category,
        region_counts.region,
        sum(region_counts.observed) as observed
    from periods
    cross join settings
    inner join region_counts
        on region_counts.period_start <= periods.period_start
        and region_counts.period_start >= periods.period_start - to_months(settings.product_history_periods)
    group by all
),

category_windows as (
    select period_start, product_category, region, sum(observed) as observed
    from window_region_counts
    group by all
),

all_windows as (
    select period_start, region, sum(observed) as observed
    from window_region_counts
    group by all
),

category_window_totals as (
    select period_start, product_category, sum(observed) as observed
    from category_windows
    group by all
),

all_window_totals as (
    select period_start, sum(observed) as observed
    from all_windows
    group by all
),

own_window_totals as (
    select period_start, product, sum(observed) as observed
    from window_region_counts
    group by all
),

candidate_regions as (
    select
        product_months.product,
        product_months.period_start,
        product_months.baseline_group,
        category_windows.region,
        category_windows.observed as group_observed,
        category_window_totals.observed as group_total
    from product_months
    inner join category_windows
        on category_windows.period_start = product_months.period_start
        and category_windows.product_category = product_months.product_category
    inner join category_window_totals
        on category_window_totals.period_start = product_months.period_start
        and category_window_totals.product_category = product_months.product_category
    where product_months.is_tested and product_months.baseline_group = 'category'
    union all
    select
        product_months.product,
        product_months.period_start,
        product_months.baseline_group,
        all_windows.region,
        all_windows.observed as group_observed,
        all_window_totals.observed as group_total
    from product_months
    inner join all_windows on all_windows.period_start = product_months.period_start
    inner join all_window_totals on all_window_totals.period_start = product_months.period_start
    where product_months.is_tested and product_months.baseline_group = 'all_products'
),

shares as (
    select
        candidate_regions.product,
        candidate_regions.period_start,
        candidate_regions.region,
        (candidate_regions.group_observed - coalesce(own_region.observed, 0))
            / nullif(candidate_regions.group_total - coalesce(own_window_totals.observed, 0), 0) as region_share
    from candidate_regions
    left join window_region_counts as own_region
        on own_region.period_start = candidate_regions.period_start
        and own_region.product = candidate_regions.product
        and own_region.region is not distinct from candidate_regions.region
    left join own_window_totals
        on own_window_totals.period_start = candidate_regions.period_start
        and own_window_totals.product = candidate_regions.product
    where candidate_regions.region is not null
),

measured as (
    select
        product_months.product,
        product_months.product_category,
        product_months.period_start,
        shares.region,
        product_months.basis,
        product_months.baseline_group,
        coalesce(region_counts.observed, 0) as observed,
        product_months.expected * shares.region_share as expected,
        shares.region_share
    from shares
    inner join product_months
        on product_months.product = shares.product
        and product_months.period_start = shares.period_start
    left join region_counts
        on region_counts.product = shares.product
        and region_counts.period_start = shares.period_start
        and region_counts.region = shares.region
),

z as (
    select (observed - expected) / sqrt(expected) as z, expected
    from measured
    where expected >= 1
),

-- τ² of the winsorised residuals (macro dispersion_tau2, shared with the other rate tests).
tau as (
    select * from dispersion_tau2(z)
),

tested as (
    select
        'product_region_period' as level,
        measured.product,
        measured.product_category,
        measured.period_start,
        measured.region,
        measured.basis,
        measured.baseline_group,
        measured.observed,
        measured.expected,
        measured.region_share,
        tau.tau2,
        1 + tau.tau2 * coalesce(measured.expected, 0) as phi,
        case
            -- a code (pipeline/contract/hotspotCodes.ts)
            when measured.expected is null or measured.expected <= 0 then 'no_peer_complaints_in_region'
        end as untested_because
    from measured
    cross join tau
),

final as (
    select
        *,
        untested_because is null as is_tested,
        case when untested_because is null then observed / expected end as rate_ratio,
        case when untested_because is null then rate_ratio_midp(observed, expected, phi) end as p_value
    from tested
)

select * from final
