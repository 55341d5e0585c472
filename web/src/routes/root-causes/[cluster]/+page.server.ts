// One root-cause cluster: label, terms, representative complaints, weekly trend and where it
// concentrates. 404 for an id that is not a cluster of mart_root_causes.
import { error } from '@sveltejs/kit';
import { relationExists, WarehouseMissingError } from '#lib/server/db.ts';
import { filtersOrError } from '#lib/server/filters.ts';
import { loadCluster, type ClusterDetail } from '#lib/server/rootCauses.ts';
import type { PageServerLoad } from './$types';

export type ClusterPage =
  | { state: 'ready'; detail: ClusterDetail }
  | { state: 'noMart' }
  | { state: 'error'; reason: 'missing'; path: string }
  | { state: 'error'; reason: 'query' };

export const load: PageServerLoad = async ({ params, url }): Promise<{ cluster: ClusterPage }> => {
  const filters = await filtersOrError(url);
  // cluster ids are small non-negative integers (mart_root_causes.cluster_id)
  if (!/^\d{1,9}$/.test(params.cluster)) error(404, 'No such root cause');
  let detail: ClusterDetail | undefined;
  try {
    if (!(await relationExists('mart_root_causes'))) return { cluster: { state: 'noMart' } };
    detail = await loadCluster(Number(params.cluster), filters);
  } catch (e) {
    if (e instanceof WarehouseMissingError)
      return { cluster: { state: 'error', reason: 'missing', path: e.path } };
    console.error('[root-cause] query failed:', e);
    return { cluster: { state: 'error', reason: 'query' } };
  }
  if (!detail) error(404, 'No such root cause');
  return { cluster: { state: 'ready', detail } };
};
