-- severity: warn
-- checks: analytic
-- Ingest normalises status to the six codes (or NULL); anything else would fall out of every KPI.
select complaint_id, status
from complaints
where status is not null
  and status not in ('open', 'in_progress', 'resolved', 'closed', 'invalid', 'withdrawn')
