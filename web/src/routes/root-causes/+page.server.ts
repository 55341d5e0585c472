// Root causes: clusters by volume (Pareto, treemap, table) under the global filters.
import { WarehouseMissingError } from '#lib/server/db.ts';
import { modelsBuilt } from '#lib/server/models.ts';
import { filtersOrError } from '#lib/server/filters.ts';
import { loadComponentCauses, type ComponentCauses } from '#lib/server/componentCauses.ts';
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
}): Promise<{
  rootCauses: RootCausesPage;
  components: ComponentCauses | null;
  rebuild: RebuildNotice | null;
}> => {
  const filters = await filtersOrError(url);
  try {
    if (!(await modelsBuilt()))
      return {
        rootCauses: { state: 'noMart' },
        components: await loadComponentCauses(filters),
        rebuild: null,
      };
    const [data, components] = await Promise.all([
      loadRootCauses(filters),
      loadComponentCauses(filters),
    ]);
    if (data.rows.length === 0)
      return { rootCauses: { state: 'empty' }, components, rebuild: null };
    return {
      rootCauses: { state: 'ready', data },
      components,
      rebuild: await loadLastRebuild(),
    };
  } catch (e) {
    if (e instanceof WarehouseMissingError)
      return {
        rootCauses: { state: 'error', reason: 'missing', path: e.path },
        components: null,
        rebuild: null,
      };
    console.error('[root-causes] query failed:', e);
    return { rootCauses: { state: 'error', reason: 'query' }, components: null, rebuild: null };
  }
};
