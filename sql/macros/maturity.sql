-- maturity: the one rule of when a period's handling KPIs can be judged (docs/metrics.md
-- "Maturity"; right-censoring: a complaint still open when the export ends is not yet a failure).
-- int_kpi_periods (is_mature of the KPI marts) and int_rec_kpi_breaches (which months the late
-- resolution and dissatisfaction rules judge) both use it, so the two cannot drift apart.
--
-- maturity_days(sla): one row, maturity_days: whole days a cohort needs before every complaint in
-- it is due — the longest resolution_sla_hours of `sla` (cfg_category_sla), rounded up to days; 0
-- without any SLA. A table macro over its argument, as a macro naming the table would be bound
-- when it is created (before the configuration tables exist in a fresh database).
create or replace macro maturity_days(sla) as table
    select cast(ceil(coalesce(max(resolution_sla_hours), 0) / 24.0) as integer) as maturity_days
    from query_table(sla);

-- period_is_mature(period_end, maturity_days, data_end): every complaint received up to
-- period_end had its whole resolution window by data_end (the day of the last complaint received).
create or replace macro period_is_mature(period_end, maturity_days, data_end) as
    period_end + maturity_days <= data_end;
