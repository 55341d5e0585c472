-- handling: whether the loaded exports record the handling of complaints at all (docs/metrics.md
-- "Handling data"). An export with neither a status nor resolution or closing dates (owner
-- reports, regulator extracts, reviews) leaves every complaint "open": counted as such, every
-- complaint would become late once its SLA passed, and a 0 % resolution rate would raise an
-- "act now" recommendation about a process the export never described. The ingest warns about
-- the missing columns; the models say "not recorded" (NULL) instead of a 0 % that is not true.
-- int_kpi_periods (the handling KPIs of the KPI marts) and int_rec_kpi_breaches (the late
-- resolution rule) both use it.
--
-- handling_recorded(enriched): one row —
--   resolution      some complaint has a status, a resolution or a closing date;
--   first_response  some complaint has a first-response date, or resolution is recorded (a
--                   resolution counts as the first response, int_complaints_enriched).
-- A table macro over its argument, as a macro naming the table would be bound when it is created.
create or replace macro handling_recorded(enriched) as table
    select
        coalesce(bool_or(status is not null or resolved_at is not null or closed_at is not null), false)
            as resolution,
        coalesce(bool_or(first_response_at is not null or status is not null or resolved_at is not null
            or closed_at is not null), false) as first_response
    from query_table(enriched);
