-- severity: warn
-- checks: analytic
-- Every rate is a share (0–1), every duration and count non-negative, and resolved-within-SLA
-- plus delayed make 1 (floating point). The counts adding up are kpi_counts_reconcile's (integrity).
with kpis as (
    select 'monthly' as mart, * from mart_kpis_monthly
    union all by name
    select 'weekly' as mart, * from mart_kpis_weekly
)

select mart, period_start, dimension, member
from kpis
where first_response_within_sla_rate not between 0 and 1
   or resolved_within_sla_rate not between 0 and 1
   or delay_rate not between 0 and 1
   or redispatch_rate not between 0 and 1
   or repeat_rate not between 0 and 1
   or resolution_rate not between 0 and 1
   or closed_loop_rate not between 0 and 1
   or satisfied_rate not between 0 and 1
   or satisfaction_avg not between 0 and 1
   or external_escalation_rate not between 0 and 1
   or avg_handling_hours < 0
   or median_handling_hours < 0
   or complaints < 0
   or abs(coalesce(resolved_within_sla_rate + delay_rate, 1) - 1) > 1e-9
