// Browser tests of the Hot spots and Root causes pages, against a warehouse built by the real CLI
// from sample-data/ (see sampleWarehouse.ts) and the production build of the dashboard. The
// expected numbers are read from the warehouse's marts, so every drill-down is checked against
// the same source the pages use.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../pipeline/db.ts';
import {
  listedCount as listedCountOf,
  openSampleSession,
  screenshot as screenshotOf,
  urlOf,
  type SampleSession,
} from './sampleSession.ts';

/** The defective batches planted in sample-data (sample-data/README.md, "Planted signals"). */
const plantedBatches = ['B2025W29-F8032', 'B2025W46-XQG100', 'B2025W39-BCD520', 'B2025W43-Q330B'];

let session: SampleSession;
let page: Page;
let problems: string[];
/** From the marts: complaints per batch and per cluster, and the hot-spot batches. */
let batchComplaints: Map<string, number>;
let clusterComplaints: Map<string, number>;
let clusterLabels: Map<string, string>;
let hotBatches: string[];

beforeAll(async () => {
  session = await openSampleSession('hotspots', readExpectations);
  ({ page, problems } = session);
});

afterAll(() => session?.close());

/** Expected numbers, from the marts of the warehouse the dashboard serves. */
async function readExpectations(db: string): Promise<void> {
  const warehouse = await openDb(db, { readOnly: true });
  try {
    const batches = await warehouse.all<{
      batch: string;
      complaints: number | string;
      is_hotspot: boolean;
    }>('select batch, complaints, is_hotspot from mart_batch_hotspots');
    batchComplaints = new Map(batches.map((b) => [b.batch, Number(b.complaints)]));
    hotBatches = batches
      .filter((b) => b.is_hotspot)
      .map((b) => b.batch)
      .sort();
    const clusters = await warehouse.all<{
      cluster_id: number;
      label: string;
      complaints: number | string;
    }>('select cluster_id, label, complaints from mart_root_causes');
    clusterComplaints = new Map(clusters.map((c) => [String(c.cluster_id), Number(c.complaints)]));
    clusterLabels = new Map(clusters.map((c) => [String(c.cluster_id), c.label]));
  } finally {
    warehouse.close();
  }
}

const url = (pathAndQuery: string) => urlOf(session, pathAndQuery);
const listedCount = () => listedCountOf(page);
const screenshot = (name: string) => screenshotOf(page, name);

/** Click the centre of the biggest SVG element matching `selector` inside `chart`. */
async function clickLargest(
  chart: Locator,
  selector: string,
  by: 'height' | 'area' = 'height',
): Promise<void> {
  // charts are server-rendered SVG: the click handler comes with the page script
  await page.waitForLoadState('networkidle');
  const shapes = await chart.locator(selector).all();
  const sized = await Promise.all(
    shapes.map(async (shape) => ({ shape, box: await shape.boundingBox() })),
  );
  const size = (b: { width: number; height: number }) =>
    by === 'height' ? b.height : b.width * b.height;
  const candidates = sized.filter((s) => s.box !== null);
  expect(candidates.length).toBeGreaterThan(0);
  const target = candidates.reduce((best, s) => (size(s.box!) > size(best.box!) ? s : best));
  // mouse coordinates are the viewport's: bring the shape into view first
  await target.shape.scrollIntoViewIfNeeded();
  const box = (await target.shape.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

describe('hot spots', () => {
  it('flags exactly the four planted batches, on top of the batch table', async () => {
    expect(hotBatches).toEqual([...plantedBatches].sort());
    const response = await page.goto(url('/hotspots'));
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Hot spots' }).waitFor();
    const table = page.getByRole('table', { name: 'Production batches, hot spots first' });
    const rows = table.getByRole('row');
    const hot = rows.filter({ hasText: 'Hot spot' });
    expect(await hot.count()).toBe(4);
    const names = (await hot.getByRole('rowheader').getByRole('link').allTextContents()).map((t) =>
      t.trim(),
    );
    expect(names.sort()).toEqual([...plantedBatches].sort());
    // hot spots come first: rows 1–4 after the header
    for (let i = 1; i <= 4; i++) expect(await rows.nth(i).textContent()).toContain('Hot spot');
    expect(await rows.nth(5).textContent()).not.toContain('Hot spot');
    await page
      .getByRole('img', { name: /Heatmap of the complaint rate ratio by product/ })
      .locator('svg')
      .waitFor();
    await screenshot('hotspots');
  });

  it('sorts by a column through the URL, hot spots still first', async () => {
    await page.goto(url('/hotspots'));
    const table = page.getByRole('table', { name: 'Production batches, hot spots first' });
    await table.getByRole('link', { name: /^Complaints/ }).click();
    await page.waitForURL(/sort=-complaints/);
    await expect
      .poll(() =>
        table
          .getByRole('columnheader', { name: /Complaints/ })
          .first()
          .getAttribute('aria-sort'),
      )
      .toBe('descending');
    const rows = table.getByRole('row');
    for (let i = 1; i <= 4; i++) expect(await rows.nth(i).textContent()).toContain('Hot spot');
    const counts = await table
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.slice(4).map((tr) => Number((tr.children[3].textContent ?? '').replace(/[^\d]/g, ''))),
      );
    expect(counts.length).toBeGreaterThan(5);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect((await page.goto(url('/hotspots?sort=description')))?.status()).toBe(400);
    expect((await page.goto(url('/hotspots?show=some')))?.status()).toBe(400);
    // the age buckets are the warehouse's (mart_batch_age_buckets): today's keys stay valid, a
    // well-formed key that is not one of them is refused, named like a wrong filter
    expect((await page.goto(url('/hotspots?age=90-179')))?.status()).toBe(200);
    expect((await page.goto(url('/hotspots?age=90-119')))?.status()).toBe(400);
    expect(await page.locator('main').textContent()).toContain('age');
  });

  it('narrows the table to a heatmap cell when it is clicked', async () => {
    await page.goto(url('/hotspots'));
    const heatmap = page.getByRole('img', { name: /Heatmap of the complaint rate ratio/ });
    await heatmap.locator('svg').waitFor();
    // a cell outlined as holding a hot-spot batch
    await clickLargest(heatmap, 'svg path[stroke="#b91c1c"]', 'area');
    await page.waitForURL(/\/hotspots\?.*product=.*age=/);
    const params = new URL(page.url()).searchParams;
    expect(params.get('show')).toBe('all');
    const table = page.getByRole('table', { name: 'Production batches, hot spots first' });
    expect(await table.getByRole('row').filter({ hasText: 'Hot spot' }).count()).toBe(1);
    const products = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    for (const cell of products) expect(cell).toContain(params.get('product')!);
    expect(await page.getByRole('navigation', { name: 'Active filters' }).textContent()).toContain(
      params.get('product')!,
    );
  });

  it('opens a batch page with its reason, figures and complaints', async () => {
    await page.goto(url('/hotspots'));
    const table = page.getByRole('table', { name: 'Production batches, hot spots first' });
    await table.getByRole('link', { name: 'B2025W29-F8032' }).click();
    await page.waitForURL(/\/hotspots\/B2025W29-F8032/);
    await page.getByRole('heading', { level: 1, name: /Batch B2025W29-F8032/ }).waitFor();
    const reason = page.getByRole('region', { name: 'Assessment' });
    expect(await reason.textContent()).toMatch(
      /Batch B2025W29-F8032: \d+ quality complaints, .* expected/,
    );
    await page
      .getByRole('img', { name: /Bar chart of the complaints of batch B2025W29-F8032 per week/ })
      .locator('svg')
      .waitFor();
    const mix = page.getByRole('table', { name: /Root-cause mix of the batch/ });
    expect(await mix.getByRole('row').count()).toBeGreaterThan(2);
    const latest = page.getByRole('table', { name: 'Latest complaints of the batch' });
    const links = latest.getByRole('rowheader').getByRole('link');
    expect(await links.count()).toBe(20);
    expect(await links.first().getAttribute('href')).toMatch(/^\/complaints\/TS\d+$/);
    // the category column names the taxonomy category in English, not its Chinese name
    const categories = await latest
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader') })
      .evaluateAll((rows) => rows.map((r) => r.querySelectorAll('td')[1]?.textContent?.trim()));
    expect(categories.length).toBe(20);
    for (const category of categories) expect(category).toMatch(/^[A-Z][A-Za-z ,&/-]+$/);
    await screenshot('hotspots-batch');

    // "all N complaints" → the complaint list of the batch, as many as the mart counts
    const expected = batchComplaints.get('B2025W29-F8032')!;
    const all = page.getByRole('link', { name: `All ${expected} complaints` });
    await all.click();
    await page.waitForURL(/\/complaints\?batch=B2025W29-F8032$/);
    await page.getByRole('heading', { level: 1, name: 'Complaints' }).waitFor();
    expect(await listedCount()).toBe(expected);
  });

  it('answers 404 for an unknown batch and renders in Chinese', async () => {
    expect((await page.goto(url('/hotspots/NO-SUCH-BATCH')))?.status()).toBe(404);
    await page.goto(url('/hotspots?lang=zh-CN'));
    await page.getByRole('heading', { level: 1, name: '热点' }).waitFor();
    const table = page.getByRole('table', { name: '生产批次，热点在前' });
    expect(await table.getByRole('row').filter({ hasText: '热点' }).count()).toBe(4);
    await screenshot('hotspots-zh');
    await page.goto(url('/hotspots/B2025W46-XQG100'));
    await page.getByRole('heading', { level: 1, name: /批次 B2025W46-XQG100/ }).waitFor();
    expect(await page.getByRole('region', { name: '判定说明' }).textContent()).toMatch(
      /批次 B2025W46-XQG100：质量投诉 \d+ 起/,
    );
    await screenshot('hotspots-batch-zh');
    await page.goto(url('/hotspots?lang=en'));
    await page.getByRole('heading', { level: 1, name: 'Hot spots' }).waitFor();
  });

  it('logged no console errors, page errors or failed requests', () => {
    // the deliberate 400/404 responses above are documents, not failed requests
    expect(problems.filter((p) => !/status of 40[04]/.test(p))).toEqual([]);
  });
});

describe('root causes', () => {
  it('drills from a Pareto bar to the complaints of that root cause', async () => {
    const response = await page.goto(url('/root-causes'));
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Root causes' }).waitFor();
    await page
      .getByRole('img', { name: /Treemap of \d+ root causes/ })
      .locator('svg')
      .waitFor();
    expect(
      await page.getByRole('table', { name: 'Root causes by complaints' }).getByRole('row').count(),
    ).toBe(clusterComplaints.size + 1);
    const pareto = page.getByRole('img', { name: /Pareto chart of \d+ root causes/ });
    await pareto.locator('svg').waitFor();
    await screenshot('root-causes');
    // the tallest bar: the biggest root cause
    await clickLargest(pareto, 'svg path[fill="#1d4ed8"]');
    await page.waitForURL(/\/complaints\?cluster=\d+$/);
    const id = new URL(page.url()).searchParams.get('cluster')!;
    const biggest = Math.max(...clusterComplaints.values());
    expect(clusterComplaints.get(id)).toBe(biggest);
    await page.getByRole('heading', { level: 1, name: 'Complaints' }).waitFor();
    expect(await listedCount()).toBe(clusterComplaints.get(id));
    // the breadcrumb names the root cause by its label
    expect(await page.getByRole('navigation', { name: 'Active filters' }).textContent()).toContain(
      clusterLabels.get(id)!,
    );
  });

  it('opens a root cause with its representative complaints and weekly trend', async () => {
    await page.goto(url('/root-causes'));
    const table = page.getByRole('table', { name: 'Root causes by complaints' });
    const first = table.getByRole('rowheader').first().getByRole('link');
    const label = (await first.textContent())!.trim();
    await first.click();
    await page.waitForURL(/\/root-causes\/\d+/);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { level: 1, name: label }).waitFor();
    const reps = page.getByRole('region', { name: 'Representative complaints' });
    const repLinks = reps.getByRole('link', { name: /^Open complaint / });
    expect(await repLinks.count()).toBeGreaterThan(0);
    expect((await reps.locator('blockquote').first().textContent())?.trim().length).toBeGreaterThan(
      5,
    );
    expect(
      await page.getByRole('region', { name: 'Where it concentrates' }).getByRole('link').count(),
    ).toBeGreaterThan(3);
    const chart = page.getByRole('img', { name: /Bar chart of the complaints about .* per week/ });
    await chart.locator('svg').waitFor();
    await screenshot('root-cause');

    // a week bar → that week's complaints of this cause
    await clickLargest(chart, 'svg path[fill="#1d4ed8"]');
    await page.waitForURL(/\/complaints\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&cluster=\d+$/);
    const params = new URL(page.url()).searchParams;
    expect(params.get('cluster')).toBe(id);
    const days = (Date.parse(params.get('to')!) - Date.parse(params.get('from')!)) / 86_400_000;
    expect(days).toBe(6);
    expect(await listedCount()).toBeGreaterThan(0);

    // a representative complaint opens its page
    await page.goBack();
    await page
      .getByRole('region', { name: 'Representative complaints' })
      .getByRole('link')
      .first()
      .click();
    await page.waitForURL(/\/complaints\/TS\d+$/);
    await page.getByRole('heading', { level: 1, name: /^Complaint TS\d+/ }).waitFor();
  });

  it('answers 404 for an unknown root cause and renders in Chinese', async () => {
    expect((await page.goto(url('/root-causes/999999')))?.status()).toBe(404);
    expect((await page.goto(url('/root-causes/abc')))?.status()).toBe(404);
    await page.goto(url('/root-causes?lang=zh-CN'));
    await page.getByRole('heading', { level: 1, name: '根因分析' }).waitFor();
    await page
      .getByRole('img', { name: /根因的帕累托图/ })
      .locator('svg')
      .waitFor();
    await screenshot('root-causes-zh');
    await page
      .getByRole('table', { name: '按投诉数排列的根因' })
      .getByRole('rowheader')
      .first()
      .getByRole('link')
      .click();
    await page.waitForURL(/\/root-causes\/\d+/);
    await page.getByRole('heading', { level: 2, name: '代表性投诉' }).waitFor();
    await screenshot('root-cause-zh');
    await page.goto(url('/root-causes?lang=en'));
    await page.getByRole('heading', { level: 1, name: 'Root causes' }).waitFor();
  });

  it('logged no console errors, page errors or failed requests', () => {
    expect(problems.filter((p) => !/status of 40[04]/.test(p))).toEqual([]);
  });
});
