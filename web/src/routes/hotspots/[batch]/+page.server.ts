// One production batch: its hot-spot row, weekly complaints, root-cause mix against the product's
// other batches, regions and latest complaints. 404 for a batch the mart does not know. The latest
// complaints (ids, text) go to analysts and admins only: viewers get the aggregates (issue 18).
import { error } from '@sveltejs/kit';
import { hotspotParams } from '#lib/hotspots/params.ts';
import { maySeeComplaints } from '#lib/server/auth/access.ts';
import { WarehouseMissingError } from '#lib/server/db.ts';
import { modelsBuilt } from '#lib/server/models.ts';
import { filtersOrError } from '#lib/server/filters.ts';
import { loadBatch } from '#lib/server/hotspots/batch.ts';
import type { BatchDetail, ComplaintBrief } from '#lib/server/hotspots/types.ts';
import type { PageServerLoad } from './$types';

/** The batch as the page gets it: `latest` is null for a role that may not see complaints. */
export type BatchView = Omit<BatchDetail, 'latest'> & { latest: ComplaintBrief[] | null };

export type BatchPage =
  | { state: 'ready'; detail: BatchView }
  | { state: 'noMart' }
  | { state: 'error'; reason: 'missing'; path: string }
  | { state: 'error'; reason: 'query' };

export const load: PageServerLoad = async ({
  params,
  url,
  locals,
}): Promise<{ batch: BatchPage }> => {
  // the list's filters and view ride along so "back to hot spots" keeps them
  const filters = await filtersOrError(url, hotspotParams);
  if (params.batch.length > 200) error(404, 'No such batch');
  let detail: BatchDetail | undefined;
  try {
    if (!(await modelsBuilt())) return { batch: { state: 'noMart' } };
    // a batch code could repeat across products: the product filter picks one
    detail = await loadBatch(params.batch, filters.product);
  } catch (e) {
    if (e instanceof WarehouseMissingError)
      return { batch: { state: 'error', reason: 'missing', path: e.path } };
    console.error('[batch] query failed:', e);
    return { batch: { state: 'error', reason: 'query' } };
  }
  if (!detail) error(404, 'No such batch');
  const latest = maySeeComplaints(locals.user?.role) ? detail.latest : null;
  return { batch: { state: 'ready', detail: { ...detail, latest } } };
};
