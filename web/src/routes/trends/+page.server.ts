// Trends: one series (grain, dimension, member from the URL), its alerts and control chart.
import type { FilterProblem } from '#lib/filters.ts';
import { WarehouseMissingError } from '#lib/server/db.ts';
import { modelsBuilt } from '#lib/server/models.ts';
import { filtersOrError, notAnOption } from '#lib/server/filters.ts';
import {
  loadTrend,
  trendDimensions,
  type Grain,
  type TrendData,
  type TrendDimension,
} from '#lib/server/trends.ts';
import type { PageServerLoad } from './$types';

export type TrendsPage =
  | {
      state: 'ready';
      grain: Grain;
      dimension: TrendDimension;
      member: string;
      /** No (or an unknown) member was asked for: the biggest is shown, and the page says so. */
      defaulted: boolean;
      trend: TrendData;
    }
  | { state: 'empty' }
  | { state: 'error'; reason: 'missing'; path: string }
  | { state: 'error'; reason: 'query' };

// The dimension picker's choices come with the data: the list is declared once
// (pipeline/contract/dimensions.ts), on the server side of the app.
export const load: PageServerLoad = async ({
  url,
}): Promise<{ trends: TrendsPage; dimensions: readonly TrendDimension[] }> => ({
  trends: await trendsPage(url),
  dimensions: trendDimensions,
});

async function trendsPage(url: URL): Promise<TrendsPage> {
  const grainParam = url.searchParams.get('grain') ?? 'week';
  const dimensionParam = url.searchParams.get('dimension') ?? 'all';
  // a wrong grain or dimension is reported like a wrong filter: named, beside the filter bar
  const problems: FilterProblem[] = [];
  if (grainParam !== 'week' && grainParam !== 'month')
    problems.push(notAnOption('grain', grainParam));
  if (!(trendDimensions as readonly string[]).includes(dimensionParam))
    problems.push(notAnOption('dimension', dimensionParam));
  await filtersOrError(url, ['grain', 'dimension', 'member'], problems);
  const grain = grainParam as Grain; // checked above: filtersOrError refused anything else
  const dimension = dimensionParam as TrendDimension;
  try {
    // models not built yet: no series to show (the page's empty state says so)
    if (!(await modelsBuilt())) return { state: 'empty' };
    let member = dimension === 'all' ? 'all' : (url.searchParams.get('member') ?? '');
    let trend = await loadTrend(grain, dimension, member);
    const defaulted = dimension !== 'all' && !trend.members.includes(member);
    if (!trend.members.includes(member) && trend.members.length > 0) {
      member = trend.members[0]; // the biggest member when none (or an unknown one) was chosen
      trend = await loadTrend(grain, dimension, member);
    }
    if (trend.series.length === 0) return { state: 'empty' };
    return { state: 'ready', grain, dimension, member, defaulted, trend };
  } catch (e) {
    if (e instanceof WarehouseMissingError)
      return { state: 'error', reason: 'missing', path: e.path };
    console.error('[trends] query failed:', e);
    return { state: 'error', reason: 'query' };
  }
}
