-- severity: error
-- checks: integrity
-- The trend series are complete and consistent: every dimension except cluster sums to 'all' in
-- every period (missing values are the member '(unknown)'), and no series skips a period.
with sums as (
    select grain, dimension, period_start, sum(complaints) as complaints
    from int_series_filled
    where dimension not in ('all', 'cluster')
    group by grain, dimension, period_start
),

totals as (
    select grain, period_start, complaints
    from int_series_filled
    where dimension = 'all'
),

mismatches as (
    select sums.grain, sums.dimension, sums.period_start, sums.complaints, totals.complaints as all_complaints
    from sums
    left join totals on totals.grain = sums.grain and totals.period_start = sums.period_start
    where totals.complaints is distinct from sums.complaints
),

gaps as (
    select grain, dimension, member, period_start, null::bigint as complaints, null::bigint as all_complaints
    from (
        select *, period_index - lag(period_index) over (partition by series_id order by period_index) as step
        from int_series_filled
    )
    where step <> 1
)

select grain, dimension, period_start, complaints, all_complaints, null as member from mismatches
union all
select grain, dimension, period_start, complaints, all_complaints, member from gaps
