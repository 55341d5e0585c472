// Browser test of the Overview page against a real (small) warehouse and the production build.
// Also covers what the dashboard does when the pipeline swaps the warehouse: fallback without the
// mart, the empty state and the missing-warehouse error.
import { mkdir } from 'node:fs/promises';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactsDir,
  buildWarehouse,
  collectProblems,
  launchBrowser,
  newContext,
  startDashboard,
  type Dashboard,
  type MonthSpec,
} from './fixture.ts';

// Complaints rows and the mart deliberately differ: the page must show the mart's numbers.
const complaintMonths: MonthSpec[] = [
  { month: '2024-01-01', complaints: 40 },
  { month: '2024-02-01', complaints: 35 },
  { month: '2024-04-01', complaints: 52 }, // March has no complaints at all
];
const martMonths: MonthSpec[] = [
  { month: '2024-01-01', complaints: 1203 },
  { month: '2024-02-01', complaints: 987 },
  { month: '2024-03-01', complaints: 1432 },
  { month: '2024-04-01', complaints: 1610 },
  { month: '2024-05-01', complaints: 1311 },
  { month: '2024-06-01', complaints: 420 }, // running month: is_complete = false
];
const martTotal = martMonths.reduce((sum, m) => sum + m.complaints, 0); // 6963

let dashboard: Dashboard;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];

beforeAll(async () => {
  [dashboard, browser] = await Promise.all([
    startDashboard({ months: complaintMonths, mart: martMonths }),
    launchBrowser(),
  ]);
  context = await newContext(browser, 'en-US');
  page = await context.newPage();
  problems = collectProblems(page);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await dashboard?.close();
});

describe('overview', () => {
  it('shows the warehouse numbers from mart_kpis_monthly', async () => {
    const response = await page.goto(dashboard.url);
    expect(response?.status()).toBe(200);

    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(await page.getByText('Source: monthly KPI summary').count()).toBe(1);

    const total = page
      .getByRole('term')
      .filter({ hasText: 'Total complaints' })
      .locator('xpath=..');
    expect(await total.getByRole('definition').first().textContent()).toContain('6,963');
    expect(martTotal).toBe(6963);

    // latest complete month is May 2024 (June is running), +/- vs April: 1311/1610 - 1 = -18.6 %
    const latest = page
      .getByRole('term')
      .filter({ hasText: 'Latest complete month' })
      .locator('xpath=..');
    expect(await latest.textContent()).toContain('1,311');
    expect(await latest.textContent()).toContain('May 2024');
    const change = page
      .getByRole('term')
      .filter({ hasText: 'Change vs previous month' })
      .locator('xpath=..');
    expect(await change.textContent()).toContain('-18.6%');

    const table = page.getByRole('table', { name: 'Complaints in the most recent months' });
    const rows = table.getByRole('row');
    expect(await rows.count()).toBe(7); // header + 6 months
    const first = rows.nth(1);
    expect(await first.getByRole('rowheader').textContent()).toBe('Jun 2024');
    expect(await first.textContent()).toContain('420');
    expect(await first.textContent()).toContain('In progress');
    expect(await rows.nth(2).textContent()).toContain('1,311');
    // the other mart dimension (+100000) never shows up
    expect(await page.getByText('101,203').count()).toBe(0);
  });

  it('draws the chart with an accessible name', async () => {
    const chart = page.getByRole('img', {
      name: /Bar chart of complaints per month from January 2024 to June 2024/,
    });
    await chart.waitFor();
    const name = await chart.getAttribute('aria-label');
    expect(name).toContain(
      'Peak April 2024 with 1,610 complaints; latest June 2024 with 420 complaints',
    );
    // ECharts has rendered SVG into it: one bar path per month at least, axis labels as text
    const svg = chart.locator('svg');
    await svg.waitFor();
    expect(await chart.locator('svg text').filter({ hasText: 'Mar 2024' }).count()).toBeGreaterThan(
      0,
    );
    expect(await chart.locator('svg path').count()).toBeGreaterThanOrEqual(martMonths.length);
  });

  it('sends the security headers', async () => {
    const response = await page.goto(dashboard.url);
    const headers = response!.headers();
    const csp = headers['content-security-policy'];
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self' 'sha256-[^']+'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['x-frame-options']).toBe('DENY');

    // static assets bypass the SvelteKit hooks; web/server.ts still adds the headers
    const asset = await fetch(new URL('/favicon.svg', dashboard.url));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('saves a full-page screenshot', async () => {
    await page.goto(dashboard.url);
    await page
      .getByRole('img', { name: /Bar chart of complaints per month/ })
      .locator('svg')
      .waitFor();
    await mkdir(artifactsDir, { recursive: true });
    await page.screenshot({ path: path.join(artifactsDir, 'overview.png'), fullPage: true });
  });

  it('switches the language and remembers the choice', async () => {
    await page.goto(dashboard.url);
    await page.getByRole('group', { name: 'Language' }).getByRole('link', { name: '中文' }).click();
    await page.getByRole('heading', { level: 1, name: '总览' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByRole('term').filter({ hasText: '投诉总量' }).count()).toBe(1);
    expect(
      await page
        .getByRole('navigation', { name: '主导航' })
        .getByRole('link', { name: '总览' })
        .count(),
    ).toBe(1);
    await page.getByRole('img', { name: /每月投诉量柱状图/ }).waitFor();
    await page.screenshot({ path: path.join(artifactsDir, 'overview-zh.png'), fullPage: true });

    // the cookie wins over the browser's Accept-Language (en-US) on a plain URL
    await page.goto(dashboard.url);
    await page.getByRole('heading', { level: 1, name: '总览' }).waitFor();

    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('defaults to Chinese for a zh browser', async () => {
    const zh = await newContext(browser, 'zh-CN');
    try {
      const zhPage = await zh.newPage();
      const zhProblems = collectProblems(zhPage);
      await zhPage.goto(dashboard.url);
      await zhPage.getByRole('heading', { level: 1, name: '总览' }).waitFor();
      expect(zhProblems).toEqual([]);
    } finally {
      await zh.close();
    }
  });

  it('logged no console errors, page errors or failed requests', () => {
    expect(problems).toEqual([]);
  });
});

describe('when the pipeline replaces the warehouse', () => {
  // The server re-checks the file at most once per second, so poll with reloads until it shows.
  async function reloadUntil(text: string | RegExp): Promise<void> {
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('main').textContent();
        },
        { timeout: 15_000, interval: 300 },
      )
      .toMatch(text);
  }

  it('falls back to the complaints table when there is no mart', async () => {
    await buildWarehouse(dashboard.db, { months: complaintMonths });
    await reloadUntil('Source: complaint records');
    expect(
      await page
        .getByRole('term')
        .filter({ hasText: 'Total complaints' })
        .locator('xpath=..')
        .textContent(),
    ).toContain('127');
    // the month without complaints is shown as zero, not skipped
    const march = page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'Mar 2024' }) });
    expect(await march.getByRole('cell').first().textContent()).toBe('0');
  });

  it('shows the empty state for a warehouse without complaints', async () => {
    await buildWarehouse(dashboard.db, { months: [] });
    await reloadUntil('No complaints yet');
    expect(await page.getByRole('status').textContent()).toContain('complaint-lens ingest');
  });

  it('shows an error when the warehouse is gone', async () => {
    await rm(dashboard.db);
    await reloadUntil('The data could not be loaded');
    // named by its file, never by the server's directory (docs/security.md)
    const alert = await page.getByRole('alert').textContent();
    expect(alert).toContain(path.basename(dashboard.db));
    expect(alert).not.toContain(path.dirname(dashboard.db));
  });
});
