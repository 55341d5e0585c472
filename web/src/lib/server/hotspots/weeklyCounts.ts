// Complaints per week over the complaint source (the root-cause pages' timelines).
import { queryRows, type Params } from '../db.ts';
import type { WeekCount } from './types.ts';

/**
 * Complaints per week (Monday–Sunday), zero-filled from `start` to `end` over the complaint
 * source restricted by `condition` (SQL of this module over `c`, values bound in `params`).
 */
export async function weeklyCounts(
  source: string,
  condition: string,
  params: Params,
  start: string,
  end: string,
  dataEnd: string,
): Promise<WeekCount[]> {
  const rows = await queryRows(
    { week: 'date', week_end: 'date', n: 'integer' },
    `with weeks as (
       select cast(unnest(generate_series(
         cast(date_trunc('week', cast($w_start as date)) as date),
         cast(date_trunc('week', cast($w_end as date)) as date),
         interval 7 day)) as date) as week
     ),
     counts as (
       select cast(date_trunc('week', c.received_at) as date) as week, count(*) as n
       from ${source} where ${condition} group by 1
     )
     select strftime(w.week, '%Y-%m-%d') as week, strftime(w.week + 6, '%Y-%m-%d') as week_end,
            coalesce(counts.n, 0) as n
     from weeks as w left join counts using (week)
     order by w.week`,
    { ...params, w_start: start, w_end: end },
  );
  return rows.map((r) => {
    const weekEnd = r.week_end ?? '';
    return { week: r.week ?? '', weekEnd, complaints: r.n ?? 0, complete: weekEnd <= dataEnd };
  });
}
