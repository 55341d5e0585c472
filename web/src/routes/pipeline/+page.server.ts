// Pipeline: did the last load work? Freshness, loads, rejects, field quality, data tests, model
// run times. The global filters are accepted (navigation carries them) but do not apply here.
import { WarehouseMissingError } from '#lib/server/db.ts';
import { filtersOrError } from '#lib/server/filters.ts';
import { loadPipeline, type PipelineData } from '#lib/server/pipeline.ts';
import type { PageServerLoad } from './$types';

export type PipelinePage =
  | { state: 'ready'; data: PipelineData }
  | { state: 'error'; reason: 'missing'; path: string }
  | { state: 'error'; reason: 'query' };

export const load: PageServerLoad = async ({
  url,
  locals,
}): Promise<{ pipeline: PipelinePage }> => {
  await filtersOrError(url);
  try {
    // rejects' raw rows in clear for admins only; masked for everyone else (docs/security.md)
    const rawInClear = locals.user?.role === 'admin';
    return { pipeline: { state: 'ready', data: await loadPipeline(new Date(), { rawInClear }) } };
  } catch (e) {
    if (e instanceof WarehouseMissingError) {
      return { pipeline: { state: 'error', reason: 'missing', path: e.path } };
    }
    console.error('[pipeline] query failed:', e);
    return { pipeline: { state: 'error', reason: 'query' } };
  }
};
