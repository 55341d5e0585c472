-- severity: error
-- checks: integrity
-- Every trend alert has a distinct, non-null alert_id (a hash of kind|grain|dimension|member|first_alert_period).
select alert_id, count(*) as n
from mart_trend_alerts
group by alert_id
having alert_id is null or count(*) > 1
