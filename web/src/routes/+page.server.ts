// Overview: complaint volume per month from the warehouse.
import { summarise } from '#lib/overview/summary.ts';
import type { OverviewData } from '#lib/overview/types.ts';
import { WarehouseMissingError } from '#lib/server/db.ts';
import { loadMonthlyComplaints } from '#lib/server/overview.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (): Promise<{ overview: OverviewData }> => {
  try {
    const { source, months } = await loadMonthlyComplaints();
    const summary = summarise(months);
    if (!summary || summary.total === 0) return { overview: { state: 'empty', source } };
    return { overview: { state: 'ready', source, months, summary } };
  } catch (error) {
    if (error instanceof WarehouseMissingError) {
      return { overview: { state: 'error', reason: 'missing', path: error.path } };
    }
    console.error('[overview] query failed:', error);
    return { overview: { state: 'error', reason: 'query' } };
  }
};
