// One root-cause cluster: label, terms, representative complaints, weekly trend and where it
// concentrates. 404 for an id that is not a cluster of mart_root_causes. The representative
// complaints (ids, text) go to analysts and admins only: viewers get the aggregates (issue 18).
import { error } from '@sveltejs/kit';
import { maySeeComplaints } from '#lib/server/auth/access.ts';
import { WarehouseMissingError } from '#lib/server/db.ts';
import { modelsBuilt } from '#lib/server/models.ts';
import { filtersOrError } from '#lib/server/filters.ts';
import { loadCluster, type ClusterDetail } from '#lib/server/rootCauses.ts';
import type { PageServerLoad } from './$types';

/** The cluster as the page gets it: no representatives for a role that may not see complaints. */
export type ClusterView = Omit<ClusterDetail, 'representatives'> & {
  representatives: ClusterDetail['representatives'] | null;
};

export type ClusterPage =
  | { state: 'ready'; detail: ClusterView }
  | { state: 'noMart' }
  | { state: 'error'; reason: 'missing'; path: string }
  | { state: 'error'; reason: 'query' };

export const load: PageServerLoad = async ({
  params,
  url,
  locals,
}): Promise<{ cluster: ClusterPage }> => {
  const filters = await filtersOrError(url);
  // cluster ids are small non-negative integers (mart_root_causes.cluster_id)
  if (!/^\d{1,9}$/.test(params.cluster)) error(404, 'No such root cause');
  let detail: ClusterDetail | undefined;
  try {
    if (!(await modelsBuilt())) return { cluster: { state: 'noMart' } };
    detail = await loadCluster(Number(params.cluster), filters);
  } catch (e) {
    if (e instanceof WarehouseMissingError)
      return { cluster: { state: 'error', reason: 'missing', path: e.path } };
    console.error('[root-cause] query failed:', e);
    return { cluster: { state: 'error', reason: 'query' } };
  }
  if (!detail) error(404, 'No such root cause');
  const representatives = maySeeComplaints(locals.user?.role) ? detail.representatives : null;
  return { cluster: { state: 'ready', detail: { ...detail, representatives } } };
};
