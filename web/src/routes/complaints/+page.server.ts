// Complaint list: global filters + text search over the description + paging, all in the URL.
import { WarehouseMissingError } from '#lib/server/db.ts';
import { listComplaints, type ComplaintList } from '#lib/server/complaints.ts';
import { filtersOrError } from '#lib/server/filters.ts';
import type { PageServerLoad } from './$types';

export type ComplaintsData =
  | { state: 'ready'; list: ComplaintList; search: string }
  | { state: 'error'; reason: 'missing'; path: string }
  | { state: 'error'; reason: 'query' };

export const load: PageServerLoad = async ({ url }): Promise<{ complaints: ComplaintsData }> => {
  const filters = await filtersOrError(url, ['q', 'page']);
  const search = url.searchParams.get('q') ?? '';
  const pageNo = Number.parseInt(url.searchParams.get('page') ?? '1', 10);
  try {
    const list = await listComplaints(filters, search, Number.isFinite(pageNo) ? pageNo : 1);
    return { complaints: { state: 'ready', list, search } };
  } catch (error) {
    if (error instanceof WarehouseMissingError) {
      return { complaints: { state: 'error', reason: 'missing', path: error.path } };
    }
    console.error('[complaints] query failed:', error);
    return { complaints: { state: 'error', reason: 'query' } };
  }
};
