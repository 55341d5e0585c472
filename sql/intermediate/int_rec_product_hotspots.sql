-- int_rec_product_hotspots: rules on the product hot-spot model.
--   `product_root_cause`  a root cause over-represented for a product (level product_cause) →
--                         a 5W1H investigation of that cause on that product;
--   `product_hotspot`     a product with more complaints than its category baseline in a recent
--                         month, overall or in one region → targeted inspection of units in the
--                         field and of the supply to that region.
-- inputs: mart_product_hotspots, int_recommendation_settings
-- grain: one row per (rule, product[, region]); key: (rule, subject_key)
-- Several flagged months of one product (or product × region) are one recommendation: the most
-- significant month is its evidence, the first flagged month is when it was first raised, and the
-- other months are counted in the evidence. Only months inside the alert window are considered.
with settings as (
    select * from int_recommendation_settings
),

flagged as (
    select *
    from mart_product_hotspots
    where is_hotspot
),

causes as (
    select
        'product_root_cause' as rule,
        'product_cause' as subject_kind,
        product || ' · ' || cause_key as subject_key,
        0.8 as rule_severity,
        observed,
        expected,
        coalesce(ror, share / nullif(baseline_share, 0)) as growth,
        q_value as p_value,
        cast(null as bigint) as units_at_risk,
        -- what the title and action name (pipeline/messages/recommendations.ts words them)
        json_object('product', product, 'cause_label', cause_label) as message_args,
        json_object(
            'complaints', complaints,
            'share', round(share, 3),
            'baseline_share', round(baseline_share, 3),
            'ror', round(ror, 2),
            'q_value', q_value
        ) as evidence,
        cast(null as date) as first_raised_on,
        as_of_date as last_evidence_on,
        product_category as f_product_category,
        product as f_product,
        cast(null as varchar) as f_batch,
        cast(null as varchar) as f_region,
        cast(null as varchar) as f_channel,
        cast(null as varchar) as f_department,
        cast(null as varchar) as f_category,
        case when cause_kind = 'cluster' then cause_key end as f_cluster,
        cast(null as date) as f_from,
        cast(null as date) as f_to,
        '质量管理部' as default_owner,
        product as covers_product,
        case when cause_kind = 'cluster' then cause_key end as covers_cluster
    from flagged
    where level = 'product_cause'
),

months as (
    select
        flagged.*,
        coalesce(region, '') as region_key,
        count(*) over (partition by product, coalesce(region, '')) as flagged_months,
        min(period_start) over (partition by product, coalesce(region, '')) as first_month,
        row_number() over (
            partition by product, coalesce(region, '') order by q_value, period_start desc
        ) as strength_rank
    from flagged
    cross join settings
    where level in ('product_period', 'product_region_period')
      and period_start >= settings.reference_date - to_weeks(settings.alert_window_weeks)
),

periods as (
    select
        'product_hotspot' as rule,
        case when region is null then 'product' else 'product_region' end as subject_kind,
        product || case when region is null then '' else ' · ' || region end as subject_key,
        0.7 as rule_severity,
        observed,
        expected,
        rate_ratio as growth,
        q_value as p_value,
        units_in_field as units_at_risk,
        json_object('product', product, 'region', region) as message_args,
        json_object(
            'complaints', complaints,
            'observed', observed,
            'expected', round(expected, 2),
            'rate_ratio', round(rate_ratio, 2),
            'rate_ratio_lower', round(rate_ratio_lower, 2),
            'q_value', q_value,
            'period', strftime(period_start, '%Y-%m'),
            'flagged_months', flagged_months
        ) as evidence,
        first_month as first_raised_on,
        last_day(period_start) as last_evidence_on,
        product_category as f_product_category,
        product as f_product,
        cast(null as varchar) as f_batch,
        region as f_region,
        cast(null as varchar) as f_channel,
        cast(null as varchar) as f_department,
        cast(null as varchar) as f_category,
        cast(null as varchar) as f_cluster,
        period_start as f_from,
        last_day(period_start) as f_to,
        '质量管理部' as default_owner,
        product as covers_product,
        cast(null as varchar) as covers_cluster
    from months
    where strength_rank = 1
),

final as (
    select * from causes
    union all by name
    select * from periods
)

select * from final
