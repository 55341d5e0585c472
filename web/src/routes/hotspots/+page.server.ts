// Hot spots: the batch table (mart_batch_hotspots), the product × batch-age heatmap and the
// product hot spots (mart_product_hotspots), under the global filters and the page's own
// parameters (sort, show, age, metric, page; see #lib/hotspots/params.ts).
import {
  hotspotParams,
  parseHotspotParams,
  type AgeBucket,
  type HotspotParams,
} from '#lib/hotspots/params.ts';
import { WarehouseMissingError } from '#lib/server/db.ts';
import { modelsBuilt } from '#lib/server/models.ts';
import { filtersOrError, notAnOption } from '#lib/server/filters.ts';
import { loadAgeBuckets } from '#lib/server/hotspots/heatmap.ts';
import { loadHotspots } from '#lib/server/hotspots/list.ts';
import type { HotspotsData } from '#lib/server/hotspots/types.ts';
import type { PageServerLoad } from './$types';

export type HotspotsPage =
  | { state: 'ready'; view: HotspotParams; data: HotspotsData }
  | { state: 'empty' }
  | { state: 'noMart' }
  | { state: 'error'; reason: 'missing'; path: string }
  | { state: 'error'; reason: 'query' };

/**
 * The warehouse's heatmap age buckets (mart_batch_age_buckets), which the `age` parameter must be
 * one of; null when they cannot be read (no warehouse, models not built, a failed query: the load
 * below meets the same and shows its state).
 */
async function warehouseAgeBuckets(): Promise<AgeBucket[] | null> {
  try {
    return (await modelsBuilt()) ? await loadAgeBuckets() : null;
  } catch {
    return null;
  }
}

export const load: PageServerLoad = async ({ url }): Promise<{ hotspots: HotspotsPage }> => {
  const ageBuckets = await warehouseAgeBuckets();
  const parsed = parseHotspotParams(url.searchParams, ageBuckets);
  // a wrong sort, show, age, metric or page is reported like a wrong filter (named, with the bar)
  const filters = await filtersOrError(
    url,
    hotspotParams,
    'invalid' in parsed ? [notAnOption(parsed.invalid, url.searchParams.get(parsed.invalid))] : [],
  );
  if ('invalid' in parsed) throw new Error('unreachable: filtersOrError refused the parameter');
  try {
    if (!(await modelsBuilt())) return { hotspots: { state: 'noMart' } };
    const data = await loadHotspots(filters, parsed.params, ageBuckets ?? undefined);
    if (data.summary.batches === 0) return { hotspots: { state: 'empty' } };
    return { hotspots: { state: 'ready', view: parsed.params, data } };
  } catch (e) {
    if (e instanceof WarehouseMissingError)
      return { hotspots: { state: 'error', reason: 'missing', path: e.path } };
    console.error('[hotspots] query failed:', e);
    return { hotspots: { state: 'error', reason: 'query' } };
  }
};
