// Queries behind the Overview page.
import { fillMissingMonths } from '../overview/summary.ts';
import type { MonthlyPoint, MonthlySource } from '../overview/types.ts';
import { query, relationExists } from './db.ts';

interface MonthlyRow {
  [column: string]: string | boolean | null;
  period_start: string;
  is_complete: boolean | null;
  complaints: string | null;
}

/** Complaints per calendar month, oldest first, gaps filled with zero. */
export async function loadMonthlyComplaints(): Promise<{
  source: MonthlySource;
  months: MonthlyPoint[];
}> {
  if (await relationExists('mart_kpis_monthly')) {
    return { source: 'mart', months: fillMissingMonths(await monthlyFromMart()) };
  }
  return {
    source: 'fallback',
    months: fillMissingMonths(await monthlyFromComplaintsTableFallback()),
  };
}

async function monthlyFromMart(): Promise<MonthlyPoint[]> {
  const rows = await query<MonthlyRow>(
    `select cast(period_start as date) as period_start, is_complete, complaints
     from mart_kpis_monthly
     where dimension = $dimension
     order by period_start`,
    { dimension: 'all' },
  );
  return rows.map(toPoint);
}

/**
 * TEMPORARY: used only while the warehouse has no mart_kpis_monthly (that model is being written).
 * Delete this function and its call once the mart ships. A month counts as complete when a later
 * month has data — the same rule the mart is expected to apply to the running month.
 */
async function monthlyFromComplaintsTableFallback(): Promise<MonthlyPoint[]> {
  const rows = await query<MonthlyRow>(
    `with monthly as (
       select cast(date_trunc('month', received_at) as date) as period_start, count(*) as complaints
       from complaints
       group by 1
     ),
     final as (
       select period_start, period_start < max(period_start) over () as is_complete, complaints
       from monthly
     )
     select * from final order by period_start`,
  );
  return rows.map(toPoint);
}

function toPoint(row: MonthlyRow): MonthlyPoint {
  return {
    periodStart: String(row.period_start).slice(0, 10),
    isComplete: row.is_complete === true,
    complaints: Number(row.complaints ?? 0),
  };
}
