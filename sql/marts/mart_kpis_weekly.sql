-- mart_kpis_weekly: complaint-handling KPIs per week × dimension × member, for the dashboard.
-- inputs: int_kpi_periods
-- grain: one row per (period_start, dimension, member); key: (period_start, dimension, member)
-- Column contract (the dashboard relies on it; keep names and order): period_start DATE,
-- period_end DATE (last day, inclusive), is_complete BOOLEAN, dimension VARCHAR, member VARCHAR,
-- complaints BIGINT, then the KPI columns, then prev_* and yoy_*, then is_mature and open_share
-- (maturity of the handling KPIs, see int_kpi_periods). Definitions: docs/metrics.md.
with periods as (
    select * from int_kpi_periods
    where grain = 'week'
),

final as (
    select * exclude (grain)
    from periods
)

select * from final
