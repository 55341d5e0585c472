-- int_kpi_units: units in the field per period for the 'all', 'product' and 'product_category'
-- dimensions, the denominator of complaints_per_10k_units.
-- inputs: stg_volumes, stg_complaints, stg_settings, int_kpi_aggregates (for the period range)
-- grain: one row per (grain, period_start, dimension, member) that has units; key: those four
-- Definition (docs/metrics.md, "units"): units in the field at the end of a period = units of the
-- batches produced on or before period_end and, when kpi.unitsInFieldMonths is set, after
-- period_end minus that many months (the service life / warranty window). A batch without a
-- production date counts in every period. A product's category is the product_category most
-- often given on its complaints (volumes files carry no category); products never complained
-- about count only in 'all' and 'product'.
with volumes as (
    select * from stg_volumes
),

settings as (
    select units_in_field_months from stg_settings
),

bounds as (
    select grain, min(period_start) as first_period, max(period_start) as last_period
    from int_kpi_aggregates
    group by grain
),

-- every period from the first to the last, like the grid of int_kpi_periods
period_starts as (
    select
        grain,
        cast(unnest(generate_series(
            first_period,
            last_period,
            case grain when 'month' then interval 1 month else interval 7 day end
        )) as date) as period_start
    from bounds
),

periods as (
    select
        grain,
        period_start,
        case grain
            when 'month' then cast(period_start + interval 1 month - interval 1 day as date)
            else cast(period_start + interval 6 day as date)
        end as period_end
    from period_starts
),

product_categories as (
    select
        product,
        stable_mode(product_category) as product_category
    from stg_complaints
    where product is not null and product_category is not null
    group by product
),

in_field as (
    select
        periods.grain,
        periods.period_start,
        volumes.product,
        sum(volumes.units) as units
    from periods
    cross join settings
    inner join volumes
        on volumes.production_date is null
        or (
            volumes.production_date <= periods.period_end
            and (
                settings.units_in_field_months is null
                or volumes.production_date > periods.period_end - to_months(settings.units_in_field_months)
            )
        )
    group by periods.grain, periods.period_start, volumes.product
),

by_dimension as (
    select
        in_field.grain,
        in_field.period_start,
        case
            when grouping(in_field.product) = 0 then 'product'
            when grouping(product_categories.product_category) = 0 then 'product_category'
            else 'all'
        end as dimension,
        case
            when grouping(in_field.product) = 0 then in_field.product
            when grouping(product_categories.product_category) = 0 then product_categories.product_category
            else 'all'
        end as member,
        sum(in_field.units) as units
    from in_field
    left join product_categories on product_categories.product = in_field.product
    group by grouping sets (
        (in_field.grain, in_field.period_start),
        (in_field.grain, in_field.period_start, in_field.product),
        (in_field.grain, in_field.period_start, product_categories.product_category)
    )
),

final as (
    select grain, period_start, dimension, member, cast(units as bigint) as units
    from by_dimension
    -- products without a known category are not a product_category member
    where member is not null
)

select * from final
