-- severity: error
-- checks: integrity
-- In every KPI row the severity counts add up to the complaints, and no more complaints are open
-- than there are: a complaint lost or counted twice by the severity grading would break it.
with kpis as (
    select 'monthly' as mart, period_start, dimension, member, complaints, open_complaints,
        severity_general, severity_major, severity_urgent
    from mart_kpis_monthly
    union all
    select 'weekly' as mart, period_start, dimension, member, complaints, open_complaints,
        severity_general, severity_major, severity_urgent
    from mart_kpis_weekly
),

final as (
    select mart, period_start, dimension, member, complaints, open_complaints
    from kpis
    where complaints < open_complaints
       or complaints <> severity_general + severity_major + severity_urgent
)

select * from final
