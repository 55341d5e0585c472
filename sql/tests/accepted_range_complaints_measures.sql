-- severity: warn
-- checks: analytic
-- satisfaction is on the 0–1 scale; compensation and dispatch_count are not negative.
select complaint_id, satisfaction, compensation, dispatch_count
from complaints
where satisfaction not between 0 and 1
   or compensation < 0
   or dispatch_count < 0
