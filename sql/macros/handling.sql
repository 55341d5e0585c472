-- handling: whether the loaded exports record the handling of complaints at all (docs/metrics.md
-- "Handling data"). An export with neither a status nor resolution or closing dates (owner
-- reports, regulator extracts, reviews) leaves every complaint "open": counted as such, every
-- complaint would become late once its SLA passed, and a 0 % resolution rate would raise an
-- "act now" recommendation about a process the export never described. The ingest warns about
-- the missing columns; the models say "not recorded" (NULL) instead of a 0 % that is not true.
-- The same holds for exports that record a status but no dates: "closed" says nothing of when.
-- int_kpi_periods (the handling KPIs of the KPI marts) and int_rec_kpi_breaches (the late
-- resolution rule) both use it.
--
-- handling_recorded(enriched): one row —
--   resolution       some complaint has a status, a resolution or a closing date: whether a
--                    complaint is resolved, closed or open is known (resolution, closed-loop rates,
--                    open share, open and overdue counts);
--   resolution_time  some complaint has a resolution or a closing date: how long resolving took is
--                    known (resolved within SLA, delay). A status alone does not say it: with only
--                    "closed" recorded (the CFPB export), the complaints whose SLA outcome is known
--                    are the ones still open and past due — every known outcome is "late", and the
--                    rate read 0 % on time;
--   first_response   some complaint has a first-response date, or resolution times are recorded (a
--                    resolution counts as the first response, int_complaints_enriched).
-- A table macro over its argument, as a macro naming the table would be bound when it is created.
create or replace macro handling_recorded(enriched) as table
    select
        coalesce(bool_or(status is not null or resolved_at is not null or closed_at is not null), false)
            as resolution,
        coalesce(bool_or(resolved_at is not null or closed_at is not null), false) as resolution_time,
        coalesce(bool_or(first_response_at is not null or resolved_at is not null or closed_at is not null),
            false) as first_response
    from query_table(enriched);
