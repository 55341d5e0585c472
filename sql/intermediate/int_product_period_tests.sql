-- int_product_period_tests: each product's in-scope complaints per calendar month against its
-- product-category baseline: observed, expected, overdispersion, mid-p value.
-- inputs: int_complaints_enriched, stg_volumes, stg_settings, int_batch_exposure,
--         int_batch_catalogue, int_batch_hotspot_settings
-- grain: one row per (product, period_start) from the product's first complaint month to data_end;
--        key: (product, period_start)
-- Expected (docs/statistics.md, "Product hot spots"), by basis:
--   'units'   (the product is in the volumes file): the peers' complaints per age-weighted unit
--             that month × the product's age-weighted units. A unit's weight for the month is the
--             complaint hazard at its age (days in the month at each age bucket × the pooled
--             per-unit-day rate of that bucket over every volume-based batch, from
--             int_batch_exposure on data_end): indirect age standardisation, so a newly launched
--             product (all young units, which complain most) is not compared with peers whose
--             fleets are mostly old and quiet.
--   'history' (no volumes): the product's own complaints over the previous
--             hotspots_product_history_periods months × the peers' change (peers' complaints this
--             month ÷ over those months): indirect standardisation, which needs no denominator.
--             A product whose sales are still ramping up rises against its own history.
-- Peers = the other products of the same product_category; when they have fewer than
-- hotspots_product_min_baseline complaints in the reference, all other products.
-- Overdispersion: τ² (DerSimonian–Laird on winsorised z, as in int_batch_rate_tests) over all
-- tested product-months, φ = 1 + τ²·E; products differ in their intrinsic rates, so τ² > 0 is
-- expected on the 'units' basis.
with settings as (
    select * from int_batch_hotspot_settings
),

field as (
    select units_in_field_months from stg_settings
),

complaints as (
    select
        enriched.product,
        enriched.month_start as period_start,
        settings.test_scope = 'all' or list_contains(settings.quality_categories, enriched.category) is true as in_test_scope
    from int_complaints_enriched as enriched
    cross join settings
    where enriched.is_valid
        and enriched.product is not null
        and enriched.received_date between settings.data_start and settings.data_end
),

product_groups as (
    select
        product,
        coalesce(stable_mode(product_category), '(unknown)') as product_category
    from int_complaints_enriched
    where is_valid and product is not null
    group by product
),

volumes as (
    select product, production_date, units from stg_volumes
),

volume_products as (
    select distinct product from volumes
),

periods as (
    select cast(unnest(generate_series(
        cast(date_trunc('month', settings.data_start) as date),
        cast(date_trunc('month', settings.data_end) as date),
        interval 1 month
    )) as date) as period_start
    from settings
),

first_months as (
    select product, min(period_start) as first_period
    from complaints
    group by product
),

grid as (
    select
        first_months.product,
        product_groups.product_category,
        periods.period_start,
        cast(periods.period_start + interval 1 month - interval 1 day as date) as period_end,
        first_months.first_period,
        volume_products.product is not null as has_volumes
    from first_months
    inner join product_groups on product_groups.product = first_months.product
    inner join periods on periods.period_start >= first_months.first_period
    left join volume_products on volume_products.product = first_months.product
),

counts as (
    select product, period_start, count(*) filter (where in_test_scope) as observed, count(*) as complaints
    from complaints
    group by all
),

units_in_field as (
    select
        grid.product,
        grid.period_start,
        sum(volumes.units) as units
    from grid
    cross join field
    inner join volumes
        on volumes.product = grid.product
        and (
            volumes.production_date is null
            or (
                volumes.production_date <= grid.period_end
                and (field.units_in_field_months is null or volumes.production_date > grid.period_end - to_months(field.units_in_field_months))
            )
        )
    group by all
),

-- Complaint hazard by age bucket (per unit per day), pooled over every volume-based batch.
hazard as (
    select
        exposure.age_bucket,
        sum(exposure.observed) / sum(exposure.unit_days) as hazard
    from int_batch_exposure as exposure
    cross join settings
    inner join int_batch_catalogue as catalogue on catalogue.batch_id = exposure.batch_id
    where catalogue.exposure_basis = 'units'
        and exposure.eval_date = settings.data_end
    group by exposure.age_bucket
    having sum(exposure.unit_days) > 0
),

-- Each batch's days at each age bucket within each month it was in service.
batch_months as (
    select
        volumes.product,
        grid.period_start,
        volumes.units,
        volumes.production_date,
        greatest(grid.period_start, volumes.production_date) as from_date,
        grid.period_end as to_date
    from volumes
    inner join grid
        on grid.product = volumes.product
        and grid.period_end >= volumes.production_date
    where volumes.production_date is not null
),

batch_month_buckets as (
    select
        batch_months.product,
        batch_months.period_start,
        batch_months.units,
        age_bucket,
        case
            when age_bucket = settings.max_age_bucket then batch_months.to_date
            else least(batch_months.to_date, batch_months.production_date + settings.age_bucket_starts[age_bucket + 2] - 1)
        end
            - greatest(batch_months.from_date, batch_months.production_date + settings.age_bucket_starts[age_bucket + 1]) + 1 as days
    from batch_months
    cross join settings
    cross join unnest(range(
        len(list_filter(settings.age_bucket_starts, s -> s <= batch_months.from_date - batch_months.production_date)) - 1,
        len(list_filter(settings.age_bucket_starts, s -> s <= batch_months.to_date - batch_months.production_date))
    )) as buckets(age_bucket)
),

weighted_units as (
    select
        batch_month_buckets.product,
        batch_month_buckets.period_start,
        sum(batch_month_buckets.units * batch_month_buckets.days * hazard.hazard) as weighted_units
    from batch_month_buckets
    inner join hazard on hazard.age_bucket = batch_month_buckets.age_bucket
    where batch_month_buckets.days > 0
    group by all
),

monthly as (
    select
        grid.*,
        coalesce(counts.observed, 0) as observed,
        coalesce(counts.complaints, 0) as complaints,
        units_in_field.units as units_in_field,
        weighted_units.weighted_units
    from grid
    left join counts on counts.product = grid.product and counts.period_start = grid.period_start
    left join units_in_field on units_in_field.product = grid.product and units_in_field.period_start = grid.period_start
    left join weighted_units on weighted_units.product = grid.product and weighted_units.period_start = grid.period_start
),

-- Totals per category and overall, per month; a product's peers are the total minus itself.
category_totals as (
    select
        product_category,
        period_start,
        sum(observed) as observed,
        sum(observed) filter (where has_volumes and weighted_units > 0) as observed_with_units,
        sum(weighted_units) filter (where has_volumes and weighted_units > 0) as weighted_units
    from monthly
    group by all
),

all_totals as (
    select
        period_start,
        sum(observed) as observed,
        sum(observed) filter (where has_volumes and weighted_units > 0) as observed_with_units,
        sum(weighted_units) filter (where has_volumes and weighted_units > 0) as weighted_units
    from monthly
    group by all
),

-- The previous H months (H = hotspots_product_history_periods): the product's own complaints and
-- its category's and everyone's, over the same months.
history as (
    select
        monthly.product,
        monthly.period_start,
        sum(earlier.observed) as own_history_observed,
        sum(category_totals.observed) as category_history_observed,
        sum(all_totals.observed) as all_history_observed
    from monthly
    cross join settings
    inner join monthly as earlier
        on earlier.product = monthly.product
        and earlier.period_start < monthly.period_start
        and earlier.period_start >= monthly.period_start - to_months(settings.product_history_periods)
    inner join category_totals
        on category_totals.product_category = monthly.product_category
        and category_totals.period_start = earlier.period_start
    inner join all_totals on all_totals.period_start = earlier.period_start
    group by all
),

peers as (
    select
        monthly.*,
        history.own_history_observed as history_observed,
        monthly.period_start - to_months(settings.product_history_periods) >= monthly.first_period as has_full_history,
        category_totals.observed - monthly.observed as category_peers_observed,
        all_totals.observed - monthly.observed as all_peers_observed,
        category_totals.observed_with_units - case when monthly.has_volumes and monthly.weighted_units > 0 then monthly.observed else 0 end
            as category_peers_observed_with_units,
        category_totals.weighted_units - case when monthly.has_volumes and monthly.weighted_units > 0 then monthly.weighted_units else 0 end
            as category_peers_units,
        all_totals.observed_with_units - case when monthly.has_volumes and monthly.weighted_units > 0 then monthly.observed else 0 end
            as all_peers_observed_with_units,
        all_totals.weighted_units - case when monthly.has_volumes and monthly.weighted_units > 0 then monthly.weighted_units else 0 end
            as all_peers_units,
        history.category_history_observed - coalesce(history.own_history_observed, 0) as category_peers_history,
        history.all_history_observed - coalesce(history.own_history_observed, 0) as all_peers_history
    from monthly
    cross join settings
    inner join category_totals
        on category_totals.product_category = monthly.product_category
        and category_totals.period_start = monthly.period_start
    inner join all_totals on all_totals.period_start = monthly.period_start
    left join history on history.product = monthly.product and history.period_start = monthly.period_start
),

expected as (
    select
        peers.*,
        case
            when peers.has_volumes and peers.weighted_units > 0 then 'units'
            else 'history'
        end as basis,
        case
            when peers.has_volumes and peers.weighted_units > 0 then
                case when coalesce(peers.category_peers_observed_with_units, 0) >= settings.product_min_baseline then 'category' else 'all_products' end
            else
                case when coalesce(peers.category_peers_history, 0) >= settings.product_min_baseline then 'category' else 'all_products' end
        end as baseline_group
    from peers
    cross join settings
),

measured as (
    select
        expected.*,
        case
            when basis = 'units' and baseline_group = 'category' and category_peers_units > 0
                then weighted_units * category_peers_observed_with_units / category_peers_units
            when basis = 'units' and all_peers_units > 0
                then weighted_units * all_peers_observed_with_units / all_peers_units
            when basis = 'history' and has_full_history and baseline_group = 'category' and category_peers_history > 0
                then history_observed * category_peers_observed / category_peers_history
            when basis = 'history' and has_full_history and all_peers_history > 0
                then history_observed * all_peers_observed / all_peers_history
        end as expected_count
    from expected
    cross join settings
),

z as (
    select (observed - expected_count) / sqrt(expected_count) as z, expected_count as expected
    from measured
    where expected_count >= 1
),

-- τ² of the winsorised residuals (macro dispersion_tau2, shared with the other rate tests).
tau as (
    select * from dispersion_tau2(z)
),

tested as (
    select
        'product_period' as level,
        measured.product,
        measured.product_category,
        measured.period_start,
        cast(null as varchar) as region,
        measured.basis,
        measured.baseline_group,
        measured.complaints,
        measured.observed,
        measured.expected_count as expected,
        measured.units_in_field,
        measured.weighted_units as age_weighted_units,
        case when measured.units_in_field > 0 then 1e4 * measured.observed / measured.units_in_field end as rate_per_10k_units,
        tau.tau2,
        1 + tau.tau2 * coalesce(measured.expected_count, 0) as phi,
        case
            -- why the month is not tested: a code (pipeline/contract/hotspotCodes.ts)
            when measured.expected_count is null and measured.basis = 'history' then 'short_history'
            when measured.expected_count is null then 'no_baseline'
            when measured.expected_count <= 0 then 'no_baseline_complaints'
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
