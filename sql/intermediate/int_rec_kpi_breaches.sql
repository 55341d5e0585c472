-- int_rec_kpi_breaches: rules on the handling KPIs over the last `rec_kpi_window_months` months
-- (the month of the last complaint and the ones before it):
--   sla_breach          share resolved late above 1 − rec_sla_target → process and staffing review
--   redispatch_high     re-dispatch rate above rec_redispatch_max → routing rules
--   repeat_high         repeat-complaint rate above rec_repeat_max → closed-loop follow-up calls
--   satisfaction_low    share not satisfied above 1 − rec_satisfied_min → fix what customers reject
--   external_share_high share escalated to external channels above rec_external_max → own channels
-- each for the whole company and for every department that is worse than the rest of it.
-- Maturity (docs/metrics.md): late resolution and dissatisfaction are judged only on months whose
-- every complaint was due before the data's end (period_is_mature, sql/macros/maturity.sql: the
-- rule of mart_kpis_monthly.is_mature); a complaint still open when the export ends is not yet
-- late (right-censoring). Exports that record no resolution or closing date at all
-- (handling_recorded, sql/macros/handling.sql) have no resolution times to judge.
-- inputs: int_complaints_enriched, int_recommendation_settings, cfg_category_sla (through the
--         maturity macros)
-- grain: one row per (rule, subject); key: (rule, subject_key) with subject 'all' or a department
-- Statistics (docs/recommendations.md):
--   company  one-sided test of H0 "bad rate ≤ limit", normal approximation to the binomial with
--            continuity correction (fine for n ≥ rec_kpi_min_complaints and n·limit ≥ 5, which
--            the filter below requires); flagged when p ≤ rec_kpi_alpha.
--   dept.    one-sided two-proportion z-test of the department against all other departments
--            (pooled variance), Bonferroni-adjusted over the departments tested for that KPI;
--            flagged when adjusted p ≤ rec_kpi_alpha and the department's rate is also above the
--            limit (being worse than colleagues who all meet the target is no problem).
-- first_raised_on: the first month of the run of consecutive months, ending at the latest month
-- (or, if the latest month is fine, inside the window), in which the monthly rate broke the limit.
with settings as (
    select * from int_recommendation_settings
),

kpis (rule, kpi, default_owner) as (
    values
        ('sla_breach', 'late_resolution', '客服中心'),
        ('redispatch_high', 'redispatch', '客服中心'),
        ('repeat_high', 'repeat', '客服中心'),
        ('satisfaction_low', 'dissatisfied', '客服中心'),
        ('external_share_high', 'external', '客服中心')
),

maturity as (
    select * from maturity_days(cfg_category_sla)
),

events as (
    select
        month_start,
        coalesce(department, '(unknown)') as department,
        unnest([
            {'kpi': 'late_resolution', 'bad': case when is_mature and handling_recorded then not resolution_sla_met end},
            {'kpi': 'redispatch', 'bad': is_redispatched},
            {'kpi': 'repeat', 'bad': is_repeat},
            {'kpi': 'dissatisfied', 'bad': case when is_mature then not is_satisfied end},
            {'kpi': 'external', 'bad': is_external}
        ], recursive := true)
    from (
        select
            enriched.*,
            period_is_mature(
                cast(enriched.month_start + interval 1 month - interval 1 day as date),
                maturity.maturity_days,
                settings.reference_date
            ) as is_mature,
            handling.resolution_time as handling_recorded
        from int_complaints_enriched as enriched
        cross join maturity
        cross join handling_recorded(int_complaints_enriched) as handling
        cross join settings
    ) as enriched
    where is_valid
),

limits as (
    select
        kpi,
        case kpi
            when 'late_resolution' then 1 - sla_target
            when 'redispatch' then redispatch_max
            when 'repeat' then repeat_max
            when 'dissatisfied' then 1 - satisfied_min
            when 'external' then external_max
        end as bad_limit
    from (select distinct kpi from kpis) as k
    cross join settings
),

monthly_dept as (
    select kpi, department, month_start, count(bad) as n, count(*) filter (where bad) as x
    from events
    group by all
),

monthly as (
    select kpi, 'all' as department, month_start, sum(n) as n, sum(x) as x
    from monthly_dept
    group by all
    union all by name
    select kpi, department, month_start, n, x from monthly_dept
),

window_bounds as (
    select
        date_trunc('month', reference_date) - to_months(kpi_window_months - 1) as window_from,
        reference_date as window_to
    from settings
),

pooled as (
    select monthly.kpi, monthly.department, sum(n) as n, sum(x) as x
    from monthly
    cross join window_bounds
    where month_start >= window_from
    group by all
),

company as (
    select * from pooled where department = 'all'
),

tested as (
    select
        pooled.kpi,
        pooled.department,
        pooled.n,
        pooled.x,
        pooled.x / nullif(pooled.n, 0) as bad_rate,
        limits.bad_limit,
        case
            when pooled.department = 'all' then
                norm_sf((pooled.x - 0.5 - pooled.n * limits.bad_limit)
                    / sqrt(pooled.n * limits.bad_limit * (1 - limits.bad_limit)))
            else
                -- department vs the rest: pooled two-proportion z-test
                norm_sf(
                    (pooled.x / pooled.n - (company.x - pooled.x) / (company.n - pooled.n))
                    / nullif(sqrt(
                        (company.x / company.n) * (1 - company.x / company.n)
                        * (1 / pooled.n + 1 / (company.n - pooled.n))
                    ), 0)
                )
        end as p_raw,
        (company.x - pooled.x) / nullif(company.n - pooled.n, 0) as rest_rate
    from pooled
    join limits using (kpi)
    join company using (kpi)
    cross join settings
    where pooled.n >= settings.kpi_min_complaints
      and pooled.n * limits.bad_limit >= 5
      and (pooled.department = 'all' or company.n - pooled.n >= settings.kpi_min_complaints)
      -- complaints without a department cannot be handed to anyone: only in the company figure
      and pooled.department <> '(unknown)'
),

adjusted as (
    select
        tested.*,
        case
            when department = 'all' then p_raw
            else least(1, p_raw * count(*) filter (where department <> 'all') over (partition by kpi))
        end as p_value
    from tested
),

flagged as (
    select adjusted.*
    from adjusted
    cross join settings
    where p_value <= settings.kpi_alpha and bad_rate > bad_limit
),

streaks as (
    select
        monthly.kpi,
        monthly.department,
        max(month_start) filter (where x / n <= limits.bad_limit) as last_good_month,
        min(month_start) filter (where x / n > limits.bad_limit and month_start >= window_from) as first_bad_in_window
    from monthly
    join limits using (kpi)
    cross join window_bounds
    where n > 0
    group by all
),

raised as (
    select
        flagged.*,
        coalesce(
            (select min(m.month_start) from monthly as m
             join limits as l using (kpi)
             where m.kpi = flagged.kpi and m.department = flagged.department and m.n > 0
               and m.x / m.n > l.bad_limit
               and m.month_start > coalesce(streaks.last_good_month, date '1900-01-01')),
            streaks.first_bad_in_window
        ) as first_raised_on
    from flagged
    left join streaks using (kpi, department)
),

described as (
    select
        raised.*,
        kpis.rule,
        kpis.default_owner,
        -- good-direction KPIs are shown as the good rate (e.g. 62 % resolved in time)
        kpi in ('late_resolution', 'dissatisfied') as shown_inverted,
        department = 'all' as is_company
    from raised
    join kpis using (kpi)
),

final as (
    select
        rule,
        case when is_company then 'company' else 'department' end as subject_kind,
        department as subject_key,
        case rule
            when 'sla_breach' then 0.6
            when 'repeat_high' then 0.55
            when 'satisfaction_low' then 0.55
            when 'external_share_high' then 0.5
            else 0.45
        end as rule_severity,
        cast(x as double) as observed,
        n * bad_limit as expected,
        bad_rate / nullif(bad_limit, 0) as growth,
        p_value,
        cast(null as bigint) as units_at_risk,
        -- what the title and action name (pipeline/messages/recommendations.ts words them)
        json_object('kpi', kpi, 'department', department, 'is_company', is_company,
                    'shown_inverted', shown_inverted) as message_args,
        json_object(
            'kpi', kpi,
            'complaints', n,
            'rate', round(case when shown_inverted then 1 - bad_rate else bad_rate end, 4),
            'limit', round(case when shown_inverted then 1 - bad_limit else bad_limit end, 4),
            'rest_rate', round(case when shown_inverted then 1 - rest_rate else rest_rate end, 4),
            'p_value', p_value,
            'months', (select kpi_window_months from settings)
        ) as evidence,
        first_raised_on,
        (select reference_date from settings) as last_evidence_on,
        cast(null as varchar) as f_product_category,
        cast(null as varchar) as f_product,
        cast(null as varchar) as f_batch,
        cast(null as varchar) as f_region,
        cast(null as varchar) as f_channel,
        case when is_company then null else department end as f_department,
        cast(null as varchar) as f_category,
        cast(null as varchar) as f_cluster,
        (select window_from from window_bounds) as f_from,
        (select window_to from window_bounds) as f_to,
        case when is_company then default_owner else department end as default_owner,
        cast(null as varchar) as covers_product,
        cast(null as varchar) as covers_cluster
    from described
)

select * from final
