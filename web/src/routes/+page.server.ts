// Overview: complaint volume per month, KPI tiles and the category mix, under the global filters,
// and the top hot spots, rising root causes and recommendations (whole warehouse).
import { summarise } from '#lib/overview/summary.ts';
import type { OverviewData } from '#lib/overview/types.ts';
import { WarehouseMissingError } from '#lib/server/db.ts';
import { filtersOrError } from '#lib/server/filters.ts';
import { loadHighlights, noHighlights } from '#lib/server/highlights.ts';
import { modelsBuilt } from '#lib/server/models.ts';
import { loadCategoryShares, loadKpiTiles, loadMonthlyComplaints } from '#lib/server/overview.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }): Promise<{ overview: OverviewData }> => {
  const filters = await filtersOrError(url);
  try {
    // models not built yet: months counted over the complaints, and no tiles, mix or highlights
    const built = await modelsBuilt();
    const [{ source, months }, kpis, categories, highlights] = await Promise.all([
      loadMonthlyComplaints(filters, built),
      built ? loadKpiTiles(filters) : [],
      built ? loadCategoryShares(filters) : [],
      built ? loadHighlights(filters) : noHighlights(filters),
    ]);
    const summary = summarise(months);
    if (!summary || summary.total === 0) return { overview: { state: 'empty', source } };
    return {
      overview: { state: 'ready', source, months, summary, kpis, categories, highlights },
    };
  } catch (error) {
    if (error instanceof WarehouseMissingError) {
      return { overview: { state: 'error', reason: 'missing', path: error.path } };
    }
    console.error('[overview] query failed:', error);
    return { overview: { state: 'error', reason: 'query' } };
  }
};
