// Browser tests of the dashboard pages after Overview, against a warehouse built by the real CLI
// from sample-data/ (see sampleWarehouse.ts) and the production build of the dashboard.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../pipeline/db.ts';
import { artifactsDir } from './fixture.ts';
import {
  listedCount as listedCountOf,
  openSampleSession,
  screenshot as screenshotOf,
  urlOf,
  type SampleSession,
} from './sampleSession.ts';
import {
  markupComplaintId,
  markupDescription,
  updatedComplaintId,
  updatedResolution,
} from './sampleWarehouse.ts';
import { recommendationOf } from '../../pipeline/contract/recommendations.ts';

let session: SampleSession;
let page: Page;
let problems: string[];
let db: string;

beforeAll(async () => {
  session = await openSampleSession('pages');
  ({ page, problems, db } = session);
});

afterAll(() => session?.close());

const url = (pathAndQuery: string) => urlOf(session, pathAndQuery);
const listedCount = () => listedCountOf(page);
const screenshot = (name: string) => screenshotOf(page, name);

describe('overview drill-down', () => {
  it('shows KPI tiles and the by-category chart', async () => {
    await page.goto(url('/'));
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    const tiles = page
      .getByRole('definition')
      .filter({ hasText: /vs previous month|no previous month/ });
    expect(await tiles.count()).toBe(4);
    for (const label of [
      'Resolved within SLA',
      'Resolution rate',
      'Satisfaction (mean score, 0–1)',
      'Repeat complaint rate',
    ]) {
      expect(await page.getByRole('term').filter({ hasText: label }).count()).toBe(1);
    }
    await page
      .getByRole('img', { name: /Horizontal bar chart of complaints in 7 categories/ })
      .locator('svg')
      .waitFor();
    await screenshot('overview-filters');
  });

  it('opens the complaints of a month when its bar is clicked, keeping other filters', async () => {
    await page.goto(url('/?channel=' + encodeURIComponent('客服热线')));
    await page.waitForLoadState('networkidle'); // the click handler comes with the page script
    const chart = page.getByRole('img', { name: /chart of complaints per month/ });
    await chart.locator('svg').waitFor();
    const bars = chart.locator(`svg path[fill="#1d4ed8"]`);
    expect(await bars.count()).toBeGreaterThan(3);
    await bars.nth(2).click();
    await page.waitForURL(/\/complaints\?from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}&channel=/);
    const from = new URL(page.url()).searchParams.get('from')!;
    await page.getByRole('heading', { level: 1, name: 'Complaints' }).waitFor();
    expect(await listedCount()).toBeGreaterThan(0);
    expect(await listedCount()).toBeLessThan(20001);
    const table = page.getByRole('table', { name: /Complaints matching the filters/ });
    for (const cell of await table.getByRole('row').locator('td:nth-child(2)').allTextContents()) {
      expect(cell.slice(0, 7)).toBe(from.slice(0, 7));
    }
    for (const cell of await table.getByRole('row').locator('td:nth-child(5)').allTextContents()) {
      expect(cell.trim()).toBe('客服热线');
    }
  });

  it('narrows the overview to a category, and the filter survives navigation', async () => {
    await page.goto(url('/'));
    // the chart's SVG is server-rendered: wait for the script that attaches its click handler
    await page.waitForLoadState('networkidle');
    const chart = page.getByRole('img', { name: /Horizontal bar chart of complaints/ });
    await chart.locator('svg').waitFor();
    const before = await page
      .getByRole('term')
      .filter({ hasText: 'Total complaints' })
      .locator('xpath=..')
      .textContent();
    // the top bar is the biggest category (产品质量)
    const bars = chart.locator('svg path[fill="#1d4ed8"]');
    const boxes = await Promise.all(
      (await bars.all()).map(async (b) => ({ b, box: await b.boundingBox() })),
    );
    const top = boxes.filter((x) => x.box).sort((a, b) => a.box!.y - b.box!.y)[0];
    await top.b.click();
    await page.waitForURL(/category=/);
    expect(decodeURIComponent(page.url())).toContain('category=产品质量');
    // the URL holds the category's name; the English page shows its label
    const crumbs = page.getByRole('navigation', { name: 'Active filters' });
    expect(await crumbs.textContent()).toContain('Product quality');
    await expect
      .poll(() =>
        page
          .getByRole('term')
          .filter({ hasText: 'Total complaints' })
          .locator('xpath=..')
          .textContent(),
      )
      .not.toBe(before);

    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Complaints' })
      .click();
    await page.waitForURL(/\/complaints\?category=/);
    expect(await page.getByRole('navigation', { name: 'Active filters' }).textContent()).toContain(
      'Product quality',
    );
    const table = page.getByRole('table', { name: /Complaints matching the filters/ });
    for (const cell of await table.getByRole('row').locator('td:nth-child(4)').allTextContents()) {
      expect(cell.trim()).toBe('Product quality');
    }
  });
});

describe('rendered-page cache', () => {
  it('keeps a page, its data and each invalidation set apart, and serves them again', async () => {
    const get = async (p: string) => {
      const response = await fetch(url(p));
      return { type: response.headers.get('content-type') ?? '', body: await response.text() };
    };
    const html = await get('/complaints?region=%E5%9B%9B%E5%B7%9D');
    const data = await get('/complaints/__data.json?region=%E5%9B%9B%E5%B7%9D');
    const pageOnly = await get(
      '/complaints/__data.json?region=%E5%9B%9B%E5%B7%9D&x-sveltekit-invalidated=01',
    );
    expect(html.type).toMatch(/^text\/html/);
    expect(data.type).toMatch(/^application\/json/);
    expect(JSON.parse(pageOnly.body).nodes[0].type).toBe('skip');
    expect(JSON.parse(data.body).nodes[0].type).toBe('data');
    // the same three again: identical bodies (kept), and still each of its own kind
    expect((await get('/complaints?region=%E5%9B%9B%E5%B7%9D')).body).toBe(html.body);
    expect((await get('/complaints/__data.json?region=%E5%9B%9B%E5%B7%9D')).body).toBe(data.body);
    expect(
      (await get('/complaints/__data.json?region=%E5%9B%9B%E5%B7%9D&x-sveltekit-invalidated=01'))
        .body,
    ).toBe(pageOnly.body);
  });
});

describe('overview highlights', () => {
  it('lists the top batch hot spots, rising root causes and recommendations, each a link', async () => {
    const conn = await openDb(db, { readOnly: true });
    const hot = (
      await conn.all<{ batch: string }>(
        // the mart's one order of hot spots (sql/macros/ranking.sql)
        'select batch from mart_batch_hotspots where is_hotspot order by rank limit 3',
      )
    ).map((r) => r.batch);
    const topRec = (await conn.all('select * from mart_recommendations order by rank limit 1')).map(
      (r) => recommendationOf(r).titleEn,
    )[0];
    conn.close();
    await page.goto(url('/?lang=en'));
    // each handling-KPI tile has a sparkline of its last 12 complete months
    const tiles = page.getByRole('definition').filter({ has: page.locator('svg.spark') });
    expect(
      await page
        .locator('dl[aria-label="Handling KPIs of the latest month old enough to judge"] svg.spark')
        .count(),
    ).toBe(4);
    expect(await tiles.count()).toBeGreaterThanOrEqual(5);
    const hotspots = page.getByRole('region', { name: 'Batch hot spots' });
    await expect
      .poll(() => hotspots.getByRole('link').allTextContents())
      .toEqual(['All →', ...hot]);
    const recs = page.getByRole('region', { name: 'Top recommendations' });
    await expect.poll(() => recs.getByRole('link').nth(1).textContent()).toBe(topRec);
    await page.screenshot({ path: path.join(artifactsDir, 'overview-sample.png'), fullPage: true });
    await hotspots.getByRole('link', { name: hot[0] }).click();
    await page.waitForURL((u) => u.pathname === `/hotspots/${hot[0]}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(hot[0]);
  });
});

describe('complaints', () => {
  it('lists, filters, searches and pages the complaints', async () => {
    const response = await page.goto(url('/complaints'));
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Complaints' }).waitFor();
    const all = await listedCount();
    expect(all).toBe(20001); // the sample's 20,000 + the follow-up export's new complaint
    const table = page.getByRole('table', { name: /Complaints matching the filters/ });
    expect(await table.getByRole('row').count()).toBe(26); // header + one page of 25

    // filter bar: choose a region, apply → URL and list change
    const bar = page.getByRole('search', { name: 'Filters' });
    await bar.getByRole('combobox', { name: 'Region' }).selectOption('四川');
    await bar.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/region=%E5%9B%9B%E5%B7%9D/);
    const sichuan = await listedCount();
    expect(sichuan).toBeGreaterThan(0);
    expect(sichuan).toBeLessThan(all);
    for (const cell of await table.getByRole('row').locator('td:nth-child(6)').allTextContents()) {
      expect(cell.trim()).toBe('四川');
    }

    // text search keeps the filter
    const search = page.getByRole('searchbox', { name: 'Search complaint text' });
    await search.fill('冷藏');
    await search.press('Enter');
    await page.waitForURL(/q=/);
    expect(page.url()).toContain('region=');
    const found = await listedCount();
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThan(sichuan);
    for (const cell of await table.locator('td.description').allTextContents()) {
      expect(cell).toContain('冷藏');
    }

    // breadcrumb removes the filter but keeps the search
    const crumbs = page.getByRole('navigation', { name: 'Active filters' });
    await crumbs.getByRole('link', { name: /Remove filter Region/ }).click();
    await page.waitForURL((u) => !u.search.includes('region='));
    expect(page.url()).toContain('q=');
    expect(await listedCount()).toBeGreaterThanOrEqual(found);

    // paging
    await page.goto(url('/complaints'));
    await page.getByRole('link', { name: /Next/ }).click();
    await page.waitForURL(/page=2/);
    expect(await page.getByText('Page 2 of').count()).toBe(1);
    await screenshot('complaints');
  });

  it('answers 400 for unknown or malformed filter parameters', async () => {
    expect((await page.goto(url('/complaints?colour=red')))?.status()).toBe(400);
    expect((await page.goto(url("/complaints?from=2024-01-01' or 1=1--")))?.status()).toBe(400);
    // a hostile search is just text
    const response = await page.goto(url(`/complaints?q=${encodeURIComponent("' or 1=1 --")}`));
    expect(response?.status()).toBe(200);
    expect(await listedCount()).toBe(0);
  });

  it('shows a complaint with its text and version history', async () => {
    await page.goto(url(`/complaints?q=${updatedComplaintId}`));
    await page.getByRole('link', { name: updatedComplaintId }).click();
    await page.waitForURL(new RegExp(`/complaints/${updatedComplaintId}`));
    await page
      .getByRole('heading', { level: 1, name: `Complaint ${updatedComplaintId}` })
      .waitFor();
    expect(await page.locator('main').textContent()).toContain('洗衣机甩干的时候震动得厉害');
    const history = page.getByRole('region', { name: 'Version history' });
    expect(await history.textContent()).toContain('2 versions');
    const changes = history.getByRole('table', { name: 'Fields changed in version 2' });
    expect(await changes.textContent()).toContain(updatedResolution);
    await screenshot('complaint');
    // back link keeps the list's search
    await page.getByRole('link', { name: /Back to the complaint list/ }).click();
    await page.waitForURL(/\/complaints\?q=/);
  });

  it('renders complaint text containing markup as text', async () => {
    await page.goto(url(`/complaints/${markupComplaintId}`));
    const text = page.getByRole('region', { name: 'Complaint text' });
    expect((await text.locator('p').textContent())?.trim()).toBe(markupDescription);
    expect(await page.locator('main b, main img, main script').count()).toBe(0);
    expect((await page.goto(url('/complaints/NO-SUCH-ID')))?.status()).toBe(404);
  });

  it('logged no console errors, page errors or failed requests', () => {
    // the deliberate 400/404 responses above are documents, not failed requests
    expect(problems.filter((p) => !/status of 40[04]/.test(p))).toEqual([]);
  });
});

describe('trends', () => {
  it('shows the series with alerts, the control chart and recent alerts in both languages', async () => {
    const response = await page.goto(url('/trends?grain=week&dimension=product'));
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Trends' }).waitFor();
    const member = await page.getByRole('combobox', { name: 'Member' }).inputValue();
    expect(member).not.toBe('');
    await page
      .getByRole('img', { name: new RegExp(`Line chart of complaints for Product: ${member}`) })
      .locator('svg')
      .waitFor();
    const control = page.getByRole('img', { name: /Control chart for/ });
    await control.locator('svg').waitFor();
    // the rules a red point breaks are named in words (the mart carries only their codes)
    const breaks = Number(
      (await control.getAttribute('aria-label'))?.match(/(\d+) points break a rule/)?.[1],
    );
    expect(breaks).toBeGreaterThanOrEqual(0);
    const rules = page.getByText(/Red points break a Western Electric \/ Nelson rule:\s+(WE|N3)/);
    expect(await rules.count()).toBe(breaks > 0 ? 1 : 0);
    const alerts = page.getByRole('table', { name: 'Recent alerts' });
    expect(await alerts.getByRole('row').count()).toBeGreaterThan(1);
    expect(await alerts.textContent()).toMatch(/baseline/);
    await screenshot('trends');

    await page.goto(url('/trends?grain=week&dimension=product&lang=zh-CN'));
    await page.getByRole('heading', { level: 1, name: '趋势' }).waitFor();
    expect(await page.getByRole('table', { name: '最近预警' }).textContent()).toMatch(/基线/);
    await page.goto(url('/trends?lang=en'));
    await page.getByRole('heading', { level: 1, name: 'Trends' }).waitFor();
  });

  it('rejects an unknown dimension', async () => {
    expect((await page.goto(url('/trends?dimension=description')))?.status()).toBe(400);
  });

  it('drills from a point to the complaints of that period and member', async () => {
    await page.goto(
      url('/trends?grain=month&dimension=channel&member=' + encodeURIComponent('客服热线')),
    );
    const chart = page.getByRole('img', { name: /Line chart of complaints for Channel: 客服热线/ });
    await chart.locator('svg').waitFor();
    await page.waitForLoadState('networkidle'); // the click handler comes with the page script
    const box = (await chart.boundingBox())!;
    // the chart's points span its width; click along the middle height until one hits a point
    const points = chart.locator('svg path[fill="#1d4ed8"]');
    const boxes = (await Promise.all((await points.all()).map((p) => p.boundingBox()))).filter(
      (b): b is NonNullable<typeof b> => b !== null && b.width < 12 && b.height < 12,
    );
    expect(boxes.length).toBeGreaterThan(3);
    const target = boxes[Math.floor(boxes.length / 2)];
    expect(target.x).toBeGreaterThan(box.x);
    await page.mouse.click(target.x + target.width / 2, target.y + target.height / 2);
    await page.waitForURL(/\/complaints\?from=.*channel=/);
    expect(await listedCount()).toBeGreaterThan(0);
    const table = page.getByRole('table', { name: /Complaints matching the filters/ });
    for (const cell of await table.getByRole('row').locator('td:nth-child(5)').allTextContents()) {
      expect(cell.trim()).toBe('客服热线');
    }
  });

  it('logged no console errors, page errors or failed requests', () => {
    expect(problems.filter((p) => !/status of 40[04]/.test(p))).toEqual([]);
  });
});
