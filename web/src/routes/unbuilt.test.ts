// Every page's server load against a warehouse whose models are not built yet (loaded, never
// built): each asks modelsBuilt() once (#lib/server/models.ts) and answers its "not built yet —
// run complaint-lens build" state, or lists the complaints without their model columns; none fails
// on a missing mart. The same pages against a built warehouse read the marts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWarehouse, stopServingWarehouse } from '../../../tests/helpers/warehouse.ts';
import {
  createTestWarehouse,
  type TestWarehouse,
} from '../../../tests/helpers/exportTestWarehouse.ts';
import { load as layout } from './+layout.server.ts';
import type { OverviewData } from '#lib/overview/types.ts';
import { load as overview } from './+page.server.ts';
import { load as complaints, type ComplaintsData } from './complaints/+page.server.ts';
import { load as complaint, type ComplaintPageData } from './complaints/[id]/+page.server.ts';
import { load as hotspots, type HotspotsPage } from './hotspots/+page.server.ts';
import { load as batch, type BatchPage } from './hotspots/[batch]/+page.server.ts';
import { load as pipeline, type PipelinePage } from './pipeline/+page.server.ts';
import {
  load as recommendations,
  type RecommendationsPage,
} from './recommendations/+page.server.ts';
import { load as rootCauses, type RootCausesPage } from './root-causes/+page.server.ts';
import { load as cluster, type ClusterPage } from './root-causes/[cluster]/+page.server.ts';
import { load as trends, type TrendsPage } from './trends/+page.server.ts';

/** The parts of a load event the loaders read: the URL, route params and the signed-in user. */
function event(pathname: string, params: Record<string, string> = {}): never {
  return {
    url: new URL(`http://localhost${pathname}`),
    params,
    locals: { locale: 'en', user: { name: 'a', role: 'admin' } },
  } as never;
}

/** A page's data: its load called with `event(pathname, params)`. */
async function data<T>(
  load: (event: never) => unknown,
  pathname: string,
  params: Record<string, string> = {},
): Promise<T> {
  return (await load(event(pathname, params))) as T;
}

let unbuilt: TestWarehouse;
let built: TestWarehouse;

const serve = (warehouse: TestWarehouse) => serveWarehouse(warehouse.file);

beforeAll(async () => {
  [unbuilt, built] = await Promise.all([
    createTestWarehouse({ complaints: 12, models: false }),
    createTestWarehouse({ complaints: 12 }),
  ]);
});

afterAll(async () => {
  await stopServingWarehouse();
  await Promise.all([unbuilt?.remove(), built?.remove()]);
});

describe('pages of a warehouse whose models are not built', () => {
  beforeAll(() => serve(unbuilt));

  it('say the models are not built yet', async () => {
    expect((await data<{ hotspots: HotspotsPage }>(hotspots, '/hotspots')).hotspots).toEqual({
      state: 'noMart',
    });
    expect(
      (await data<{ batch: BatchPage }>(batch, '/hotspots/B1', { batch: 'B1' })).batch,
    ).toEqual({
      state: 'noMart',
    });
    expect(
      (await data<{ rootCauses: RootCausesPage }>(rootCauses, '/root-causes')).rootCauses,
    ).toEqual({ state: 'noMart' });
    expect(
      (await data<{ cluster: ClusterPage }>(cluster, '/root-causes/1', { cluster: '1' })).cluster,
    ).toEqual({
      state: 'noMart',
    });
    expect(
      (await data<{ recommendations: RecommendationsPage }>(recommendations, '/recommendations'))
        .recommendations,
    ).toEqual({
      state: 'missing',
    });
    expect((await data<{ trends: TrendsPage }>(trends, '/trends')).trends).toEqual({
      state: 'empty',
    });
  });

  it('still list the complaints, count them by month and show the pipeline', async () => {
    const list = (await data<{ complaints: ComplaintsData }>(complaints, '/complaints')).complaints;
    expect(list.state === 'ready' && list.list.total).toBe(12);
    const detail = (
      await data<{ detail: ComplaintPageData }>(complaint, '/complaints/T000001', { id: 'T000001' })
    ).detail;
    expect(detail.state === 'ready' && detail.complaint.category).toBeNull();
    const home = (await data<{ overview: OverviewData }>(overview, '/')).overview;
    // 'fallback': the page says the monthly KPI summary is not built yet
    expect(home).toMatchObject({ state: 'ready', source: 'fallback', kpis: [], categories: [] });
    const runs = (await data<{ pipeline: PipelinePage }>(pipeline, '/pipeline')).pipeline;
    expect(runs.state === 'ready' && runs.data.fields).toBeNull();
    expect(await data<Record<string, unknown>>(layout, '/')).toMatchObject({
      filterOptions: {},
      categoryLabels: {},
    });
  });
});

describe('pages of a built warehouse', () => {
  beforeAll(() => serve(built));

  it('read the marts', async () => {
    const list = (
      await data<{ recommendations: RecommendationsPage }>(recommendations, '/recommendations')
    ).recommendations;
    expect(list.state === 'ready' && list.list.items.map((r) => r.recId)).toEqual([
      'R1',
      'R2',
      'R3',
    ]);
    expect((await data<{ hotspots: HotspotsPage }>(hotspots, '/hotspots')).hotspots).toEqual({
      state: 'empty',
    });
    const detail = (
      await data<{ detail: ComplaintPageData }>(complaint, '/complaints/T000001', { id: 'T000001' })
    ).detail;
    expect(detail.state === 'ready' && detail.complaint.category).toBeTypeOf('string');
    const runs = (await data<{ pipeline: PipelinePage }>(pipeline, '/pipeline')).pipeline;
    expect(runs.state === 'ready' && runs.data.fields?.rows.length).toBe(3);
  });
});
