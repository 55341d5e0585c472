-- severity: error
-- checks: integrity
-- mart_kpis_monthly has one row per period, dimension and member.
select period_start, dimension, member, count(*) as n
from mart_kpis_monthly
group by period_start, dimension, member
having count(*) > 1
