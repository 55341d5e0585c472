-- severity: warn
-- checks: analytic
-- Trend alerts carry readable reasons and sane statistics: p- and q-values in [0, 1], a positive
-- expected value where one is shown, reasons in both languages.
select alert_id, kind, dimension, member, p_value, q_value, expected
from mart_trend_alerts
where reason_zh is null or reason_en is null
   or p_value not between 0 and 1
   or q_value not between 0 and 1
   or expected < 0
