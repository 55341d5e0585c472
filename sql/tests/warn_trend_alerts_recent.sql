-- severity: warn
-- checks: analytic
-- Trend alerts carry what their reasons are worded from (pipeline/messages/trendAlerts.ts) and sane
-- statistics: p- and q-values in [0, 1], a positive expected value where one is shown, the test
-- window of a trend or emerging alert and the alarm limit of a shift.
select alert_id, kind, dimension, member, p_value, q_value, expected
from mart_trend_alerts
where kind not in ('spike', 'drop', 'shift', 'trend', 'emerging')
   or (kind in ('trend', 'emerging') and window_periods is null)
   or (kind = 'shift' and alarm_threshold is null)
   or p_value not between 0 and 1
   or q_value not between 0 and 1
   or expected < 0
