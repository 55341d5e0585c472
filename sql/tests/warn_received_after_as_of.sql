-- severity: warn
-- checks: analytic
-- Complaints received after the KPI as-of time (a wrong time zone, a typo in a year, or
-- kpi.asOf set too early): their periods would count as incomplete.
select complaint_id, received_at, (select as_of from stg_settings) as as_of
from complaints
where received_at > (select as_of from stg_settings) + interval 1 day
