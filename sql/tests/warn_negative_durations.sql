-- severity: warn
-- checks: analytic
-- Response, resolution or closing before the complaint was received: a data error upstream. Such
-- durations are NULL in int_complaints_enriched (excluded from averages and SLA rates).
select complaint_id, received_at, first_response_at, resolved_at, closed_at
from complaints
where first_response_at < received_at
   or resolved_at < received_at
   or closed_at < received_at
