// One complaint: the current record and its version history.
import { error } from '@sveltejs/kit';
import { WarehouseMissingError } from '#lib/server/db.ts';
import { getComplaint, type ComplaintDetail } from '#lib/server/complaints.ts';
import { filtersOrError } from '#lib/server/filters.ts';
import type { PageServerLoad } from './$types';

export type ComplaintPageData =
  | { state: 'ready'; complaint: ComplaintDetail }
  | { state: 'error'; reason: 'missing'; path: string }
  | { state: 'error'; reason: 'query' };

export const load: PageServerLoad = async ({
  params,
  url,
}): Promise<{ detail: ComplaintPageData }> => {
  // the list's filters ride along so "back to the list" keeps them
  await filtersOrError(url, ['q', 'page']);
  if (params.id.length > 200) error(404, 'No such complaint');
  let complaint: ComplaintDetail | undefined;
  try {
    complaint = await getComplaint(params.id);
  } catch (e) {
    if (e instanceof WarehouseMissingError) {
      return { detail: { state: 'error', reason: 'missing', path: e.path } };
    }
    console.error('[complaint] query failed:', e);
    return { detail: { state: 'error', reason: 'query' } };
  }
  if (!complaint) error(404, 'No such complaint');
  return { detail: { state: 'ready', complaint } };
};
