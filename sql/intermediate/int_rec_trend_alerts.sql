-- int_rec_trend_alerts: rules on the trend detectors' alerts (spike, shift, trend, emerging) of the
-- last `rec_alert_window_weeks`. What an alert calls for depends on what rose:
--   external_escalation   complaints through an external platform or regulator channel
--                         (cfg_escalation_channels) → crisis response and brand monitoring
--   delivery_rise         物流运输 complaints (overall or in one region) → carrier and route review
--   service_attitude_rise 服务态度 complaints → training and call audits
--   price_dispute_rise    价格 complaints → transparent price breakdowns, price-protection rules
--   contract_dispute_rise 合同/购销 complaints → review of sales terms and order confirmation
--   quality_rise          产品质量 complaints → quality containment in that area
--   repair_rise           售后维修 complaints → spare-part supply and repair first-time-fix
--   emerging_root_cause   a root-cause cluster that appeared or rose → preventive action upstream
--   product_surge         a product or product category → field inspection
--   region_surge, channel_surge, department_load, overall_surge, category_rise: the rest
-- inputs: mart_trend_alerts, int_recommendation_settings, cfg_escalation_channels,
--         cfg_categories, mart_root_causes (cluster labels)
-- grain: one row per (rule, subject); key: (rule, subject_key)
-- All alerts of one subject (weekly and monthly, spike and shift) are one recommendation: the
-- latest alert is listed first in alert_ids (readers quote its reason, worded by
-- pipeline/messages/trendAlerts.ts), the first alert period is when it was first raised.
-- Evidence window: from the start of the alerted episode (first alert period; not before the alert
-- window) to the end of the last alert period.
-- Its strength is measured on the weekly series of the subject (mart_series_weekly), not on the
-- single alert: the window's O complaints over w weeks against the B complaints of the b weeks
-- before it (rec_baseline_weeks, at least 8 with data), by the exact conditional test of two
-- Poisson rates (Przyborowski & Wilenski 1940): given O + B, O ~ Binomial(O + B, w / (w + b))
-- under equal rates; one-sided mid-p. growth = (O / w) / ((B + ½) / b). Assumptions: Poisson
-- counts (overdispersion makes p too small, which is why the detectors' own FDR-controlled alert
-- is required first) and no seasonality between the two periods. Without a usable baseline the
-- alert's own q-value is used, and for a CUSUM shift, which has none, p = 0.001: the per-period
-- false-alarm rate of a one-sided CUSUM with k = 0.5, h = 5 (in-control ARL ≈ 930; Montgomery,
-- Introduction to Statistical Quality Control, 7th ed., table 9.3).
-- A subject whose episode is not above its own baseline by this test (window p > rec_confirm_p)
-- is dropped: the alert was transient or seasonal, and no action is recommended for it.
with settings as (
    select * from int_recommendation_settings
),

external_channels as (
    select channel from cfg_escalation_channels
),

categories as (
    select category, label_en from cfg_categories
),

clusters as (
    select cast(cluster_id as varchar) as cluster_key, label from mart_root_causes
),

alerts as (
    select
        mart_trend_alerts.*,
        case
            when grain = 'week' then period_start + 6
            else last_day(period_start)
        end as period_end,
        case when dimension = 'category' then member
             when dimension = 'category_region' then split_part(member, ' × ', 1) end as category,
        case when dimension = 'region' then member
             when dimension = 'category_region' then split_part(member, ' × ', 2) end as region
    from mart_trend_alerts
    cross join settings
    where period_start >= settings.reference_date - to_weeks(settings.alert_window_weeks)
      and kind <> 'drop'
),

classified as (
    select
        alerts.*,
        case
            when dimension = 'channel' and member in (select channel from external_channels)
                then 'external_escalation'
            when category = '物流运输' then 'delivery_rise'
            when category = '服务态度' then 'service_attitude_rise'
            when category = '价格' then 'price_dispute_rise'
            when category = '合同/购销' then 'contract_dispute_rise'
            when category = '产品质量' then 'quality_rise'
            when category = '售后维修' then 'repair_rise'
            when category is not null then 'category_rise'
            when dimension = 'cluster' then 'emerging_root_cause'
            when dimension in ('product', 'product_category') then 'product_surge'
            when dimension = 'region' then 'region_surge'
            when dimension = 'channel' then 'channel_surge'
            when dimension = 'department' then 'department_load'
            else 'overall_surge'
        end as rule
    from alerts
),

-- The latest alert: by period, ties (a spike and a shift of one week) broken by alert_id, so the
-- kind, grain, numbers and the first of alert_ids come from one alert and a rebuild picks the same
-- one (arg_max by period alone picked any of the tied alerts, a different one per build).
latest as (
    select *, strftime(period_start, '%Y-%m-%d') || ' ' || alert_id as recency
    from classified
),

grouped as (
    select
        rule,
        dimension,
        member,
        arg_max(kind, recency) as kind,
        arg_max(grain, recency) as grain,
        max(period_start) as last_period,
        max(period_end) as last_evidence_on,
        min(first_alert_period) as first_raised_on,
        -- the episode's start (a shift's first alarm), but not before the alert window
        cast(greatest(min(first_alert_period), min(settings.reference_date) - to_weeks(min(settings.alert_window_weeks))) as date) as window_from,
        count(*) as alerts,
        arg_max(observed, recency) as observed,
        arg_max(expected, recency) as expected,
        min(coalesce(q_value, p_value, 0.001)) as p_value,  -- alert's own strength (fallback)
        list(alert_id order by recency desc) as alert_ids,
        any_value(category) as category,
        any_value(region) as region
    from latest
    cross join settings
    group by rule, dimension, member
),

windows as (
    select
        grouped.rule,
        grouped.dimension,
        grouped.member,
        sum(series.complaints) filter (where series.period_start >= grouped.window_from) as window_complaints,
        count(*) filter (where series.period_start >= grouped.window_from) as window_weeks,
        sum(series.complaints) filter (where series.period_start < grouped.window_from) as baseline_complaints,
        count(*) filter (where series.period_start < grouped.window_from) as baseline_weeks
    from grouped
    cross join settings
    join mart_series_weekly as series
        on series.dimension = grouped.dimension
        and series.member = grouped.member
        and series.period_start >= grouped.window_from - to_weeks(settings.series_baseline_weeks)
        and series.period_start <= grouped.last_evidence_on
    group by all
),

tested as (
    select
        grouped.*,
        windows.window_complaints,
        windows.window_weeks,
        windows.baseline_complaints,
        windows.baseline_weeks,
        windows.baseline_weeks >= 8 and windows.window_weeks > 0 as has_baseline,
        (windows.window_complaints / windows.window_weeks)
            / ((windows.baseline_complaints + 0.5) / windows.baseline_weeks) as window_ratio,
        binom_midp_upper(
            windows.window_complaints,
            windows.window_complaints + windows.baseline_complaints,
            windows.window_weeks / (windows.window_weeks + windows.baseline_weeks)
        ) as window_p
    from grouped
    left join windows using (rule, dimension, member)
),

described as (
    select
        tested.*,
        categories.label_en as category_en,
        clusters.label as cluster_label
    from tested
    left join categories using (category)
    left join clusters on tested.dimension = 'cluster' and clusters.cluster_key = tested.member
),

texts as (
    select
        described.*,
        case rule
            when 'external_escalation' then 0.85
            when 'quality_rise' then 0.8
            when 'emerging_root_cause' then 0.75
            when 'product_surge' then 0.7
            when 'service_attitude_rise' then 0.65
            when 'delivery_rise' then 0.6
            when 'repair_rise' then 0.6
            when 'contract_dispute_rise' then 0.55
            when 'price_dispute_rise' then 0.5
            when 'department_load' then 0.5
            else 0.4
        end as rule_severity,
        -- what the title and action name (pipeline/messages/recommendations.ts words them)
        json_object('dimension', dimension, 'member', member, 'region', region, 'category', category,
                    'category_en', category_en, 'cluster_label', cluster_label) as message_args
    from described
),

final as (
    select
        rule,
        dimension as subject_kind,
        member as subject_key,
        rule_severity,
        case when has_baseline then window_complaints else observed end as observed,
        case when has_baseline then window_weeks * baseline_complaints / baseline_weeks else expected end as expected,
        case when has_baseline then window_ratio else observed / nullif(expected, 0) end as growth,
        case when has_baseline then window_p else p_value end as p_value,
        cast(null as bigint) as units_at_risk,
        message_args,
        json_object(
            'kind', kind,
            'grain', grain,
            'period', case when grain = 'week' then strftime(last_period, '%G-W%V') else strftime(last_period, '%Y-%m') end,
            'observed', observed,
            'expected', round(expected, 2),
            'p_value', p_value,
            'alerts', alerts,
            'alert_ids', alert_ids,
            'window_from', window_from,
            'window_complaints', window_complaints,
            'window_weeks', window_weeks,
            'baseline_complaints', baseline_complaints,
            'baseline_weeks', baseline_weeks,
            'window_rate_ratio', round(window_ratio, 2),
            'window_p_value', window_p
        ) as evidence,
        first_raised_on,
        last_evidence_on,
        case when dimension = 'product_category' then member end as f_product_category,
        case when dimension = 'product' then member end as f_product,
        cast(null as varchar) as f_batch,
        region as f_region,
        case when dimension = 'channel' then member end as f_channel,
        case when dimension = 'department' then member end as f_department,
        category as f_category,
        case when dimension = 'cluster' then member end as f_cluster,
        window_from as f_from,
        last_evidence_on as f_to,
        case rule
            when 'delivery_rise' then '物流部'
            when 'price_dispute_rise' then '销售部'
            when 'contract_dispute_rise' then '销售部'
            when 'quality_rise' then '质量管理部'
            when 'emerging_root_cause' then '质量管理部'
            when 'product_surge' then '质量管理部'
            when 'repair_rise' then '售后服务部'
            when 'department_load' then member
            else '客服中心'
        end as default_owner,
        case when dimension = 'product' then member end as covers_product,
        case when dimension = 'cluster' then member end as covers_cluster
    from texts
    cross join settings
    where not coalesce(has_baseline, false) or window_p <= settings.confirm_p
)

select * from final
