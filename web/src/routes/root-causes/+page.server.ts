// Root causes: clusters by volume (Pareto, treemap, table) under the global filters.
import { WarehouseMissingError } from '#lib/server/db.ts';
import { filtersOrError } from '#lib/server/filters.ts';
import { loadRootCauses, type RootCausesData } from '#lib/server/rootCauses.ts';
import { loadLastRebuild, type RebuildNotice } from '#lib/server/clusterRebuild.ts';
import type { PageServerLoad } from './$types';

export type RootCausesPage =
  | { state: 'ready'; data: RootCausesData }
  | { state: 'empty' }
  | { state: 'noMart' }
  | { state: 'error'; reason: 'missing'; path: string }
  | { state: 'error'; reason: 'query' };

export const load: PageServerLoad = async ({
  url,
}): Promise<{ rootCauses: RootCausesPage; rebuild?: RebuildNotice | null }> => {
  const filters = filtersOrError(url);
  try {
    const data = await loadRootCauses(filters);
    if (!data) return { rootCauses: { state: 'noMart' } };
    if (data.rows.length === 0) return { rootCauses: { state: 'empty' } };
    return { rootCauses: { state: 'ready', data }, rebuild: await loadLastRebuild() };
  } catch (e) {
    if (e instanceof WarehouseMissingError)
      return { rootCauses: { state: 'error', reason: 'missing', path: e.path } };
    console.error('[root-causes] query failed:', e);
    return { rootCauses: { state: 'error', reason: 'query' } };
  }
};
