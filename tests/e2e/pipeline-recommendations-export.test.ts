// Browser tests of the Pipeline and Recommendations pages and of the exports (CSV/XLSX of the
// complaint list, PNG of a chart), against a warehouse built by the real CLI from sample-data/
// (see sampleWarehouse.ts) plus one more nightly load of a file whose rows are all rejected, and
// the production build of the dashboard. Expected values are read from the same warehouse file.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../pipeline/db.ts';
import {
  listedCount as listedCountOf,
  openSampleSession,
  screenshot as screenshotOf,
  urlOf,
  type SampleSession,
} from './sampleSession.ts';
import { parseCsv } from '../helpers/csv.ts';
import { recommendationOf } from '../../pipeline/contract/recommendations.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');

interface LoadRow {
  run_id: number;
  file: string;
  rows_read: number;
  rows_new: number;
  rows_updated: number;
  rows_unchanged: number;
  rows_rejected: number;
}
interface RecommendationRow {
  rank: number;
  priority: string;
  title_en: string;
  title_zh: string;
  complaints: number;
  drill: string | null;
}

let session: SampleSession;
let db: string;
let page: Page;
let problems: string[];
let loads: LoadRow[];
let rejectReasons: Array<{ reason: string; n: number }>;
/** null when the warehouse has no mart_recommendations (the page must then say how to build it). */
let recommendations: RecommendationRow[] | null;

/** The complaint text of the rejected rows: markup and a spreadsheet formula. */
const hostileText = '<script>alert(1)</script>=HYPERLINK("http://evil.example","x")';

beforeAll(async () => {
  session = await openSampleSession('pipeline', async (file) => {
    await ingestRejectedFile(file);
    await readExpectations(file);
  });
  ({ db, page, problems } = session);
});

afterAll(() => session?.close());

/** A second nightly load: a file whose two rows are both rejected (no id; a date that is not one). */
async function ingestRejectedFile(warehouse: string): Promise<void> {
  const sample = await readFile(path.join(repoRoot, 'sample-data/complaints.csv'), 'utf8');
  const header = sample.slice(0, sample.indexOf('\n'));
  const columns = header.split(',').length;
  const row = (id: string, received: string) => {
    const cells = Array.from({ length: columns }, () => '');
    cells[0] = id;
    cells[1] = received;
    cells[10] = `"${hostileText.replace(/"/g, '""')}"`;
    return cells.join(',');
  };
  // beside the warehouse copy, in the session's own directory
  const file = path.join(path.dirname(warehouse), 'complaints-nightly.csv');
  await writeFile(
    file,
    `${header}\n${row('', '2026-10-20 09:00:00')}\n${row('TSBAD0000000002', 'not-a-date')}\n`,
  );
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      // every row of this file is rejected on purpose: allow a reject rate of 100 %
      [
        path.join(repoRoot, 'pipeline/cli.ts'),
        'ingest',
        '--db',
        warehouse,
        '--quiet',
        '--max-reject-rate',
        '1',
        '--input',
        file,
      ],
      { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`ingest exited ${code}: ${stderr}`)),
    );
  });
}

async function readExpectations(warehouse: string): Promise<void> {
  const conn = await openDb(warehouse, { readOnly: true });
  try {
    loads = (await conn.all(
      `select run_id, file, rows_read, rows_new, rows_updated, rows_unchanged, rows_rejected
       from load_runs order by run_id desc, started_at desc, file`,
    )) as unknown as LoadRow[];
    rejectReasons = (await conn.all(
      `select reason, count(*) as n from rejects group by reason order by n desc, reason`,
    )) as Array<{ reason: string; n: number }>;
    const hasMart = Number(
      await conn.scalar(
        `select count(*) from information_schema.tables where table_name = 'mart_recommendations'`,
      ),
    );
    recommendations = hasMart
      ? (
          await conn.all(
            `select * from mart_recommendations
             order by rank nulls last, score desc nulls last, rec_id limit 200`,
          )
        ).map((r) => {
          const rec = recommendationOf(r);
          return {
            rank: rec.rank,
            priority: rec.priority,
            title_en: rec.titleEn,
            title_zh: rec.titleZh,
            complaints: rec.complaints ?? 0,
            drill: rec.drill,
          };
        })
      : null;
  } finally {
    conn.close();
  }
}

const url = (pathAndQuery: string) => urlOf(session, pathAndQuery);
const listedCount = () => listedCountOf(page);
const screenshot = (name: string) => screenshotOf(page, name);

async function downloaded(download: Download): Promise<Buffer> {
  return readFile(await download.path());
}

describe('pipeline', () => {
  it('shows the latest load with its balanced accounting, and its rejected rows as text', async () => {
    const latest = loads[0];
    expect(latest.file).toMatch(/complaints-nightly\.csv$/);
    expect(Number(latest.rows_read)).toBe(2);
    expect(Number(latest.rows_rejected)).toBe(2);

    expect((await page.goto(url('/pipeline')))?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Pipeline' }).waitFor();
    // loaded minutes ago, but the sample's newest complaint is weeks old: a warning, not green
    expect(
      await page
        .getByRole('alert')
        .filter({
          hasText: /Loaded within the last 36 hours, but the newest complaint is \d+ days old/,
        })
        .count(),
    ).toBe(1);

    const table = page.getByRole('table', { name: /Recent loads/ });
    const rows = table.getByRole('row');
    expect(await rows.count()).toBe(1 + loads.length);
    const first = rows.nth(1);
    expect(await first.getByRole('rowheader').textContent()).toContain('complaints-nightly.csv');
    const cells = (await first.getByRole('cell').allTextContents()).map((c) => c.trim());
    // run, started, status, read, new, updated, unchanged, rejected, balanced
    expect(cells[0]).toBe(String(latest.run_id));
    expect(cells.slice(3, 8)).toEqual(['2', '0', '0', '0', '2']);
    expect(cells[8]).toBe('✓ Balanced');
    expect(await table.getByText('✓ Balanced').count()).toBe(loads.length);

    const rejects = page.getByRole('region', { name: 'Rejected rows by reason' });
    for (const { reason } of rejectReasons) {
      expect(await rejects.getByRole('heading', { level: 3, name: reason }).count()).toBe(1);
    }
    // the raw row is shown as text: the markup is visible, nothing of it is in the DOM as elements
    const toggle = rejects.getByText('Show the full row').first();
    await toggle.click();
    const full = rejects.locator('pre code').first();
    await full.waitFor();
    expect(await full.textContent()).toContain('<script>alert(1)</script>');
    expect(await page.locator('main script, main a[href^="http://evil"]').count()).toBe(0);

    // how each column of the night's file was mapped (issue 12): field and method per header
    const mapping = page.getByRole('region', { name: 'Column mapping' });
    const mapped = mapping.getByRole('table', { name: 'Column mapping of complaints-nightly.csv' });
    if (!(await mapped.isVisible()))
      await mapping.locator('summary').filter({ hasText: 'complaints-nightly.csv' }).click();
    const idRow = mapped.getByRole('row').filter({
      has: page.getByRole('rowheader', { name: '投诉编号', exact: true }),
    });
    expect((await idRow.getByRole('cell').allTextContents()).slice(0, 2)).toEqual([
      'complaint_id',
      'synonym',
    ]);

    await page
      .getByRole('img', { name: /run times of the \d+ slowest models/ })
      .locator('svg')
      .waitFor();
    await screenshot('pipeline');
  });

  it('downloads a chart as a real PNG', async () => {
    await page.goto(url('/pipeline'));
    const chart = page.getByRole('img', { name: /run times of the \d+ slowest models/ });
    await chart.locator('svg').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download PNG: Model run times' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^Model-run-times-\d{4}-\d{2}-\d{2}\.png$/);
    const png = await downloaded(download);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    const box = (await chart.boundingBox())!;
    // drawn at 2× the on-screen size
    expect(png.readUInt32BE(16)).toBe(2 * Math.round(box.width));
    expect(png.readUInt32BE(20)).toBeGreaterThan(0);
    expect(png.length).toBeGreaterThan(5000); // not a blank image
  });

  it('answers 400 for unknown parameters', async () => {
    expect((await page.goto(url('/pipeline?colour=red')))?.status()).toBe(400);
  });
});

describe('recommendations', () => {
  it('lists the mart in rank order with drill-downs, or says how to build it', async () => {
    expect((await page.goto(url('/recommendations')))?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Recommendations' }).waitFor();
    if (recommendations === null) {
      const state = page.getByRole('status').filter({ hasText: 'No recommendations yet' });
      expect(await state.textContent()).toContain('complaint-lens build');
      await screenshot('recommendations');
      return;
    }
    const list = page.getByRole('list', { name: 'Recommendations by rank' });
    if (recommendations.length === 0) {
      expect(await list.count()).toBe(0);
      await screenshot('recommendations');
      return;
    }
    const items = list.getByRole('listitem').filter({ has: page.getByRole('article') });
    expect(await items.count()).toBe(recommendations.length);
    const titles = await list.getByRole('heading', { level: 3 }).allTextContents();
    expect(titles.map((t) => t.trim())).toEqual(recommendations.map((r) => r.title_en));
    await screenshot('recommendations');

    // the same list in Chinese
    await page.goto(url('/recommendations?lang=zh-CN'));
    await page.getByRole('heading', { level: 1, name: '改进建议' }).waitFor();
    const zhTitles = await page
      .getByRole('list', { name: '按排名排列的改进建议' })
      .getByRole('heading', { level: 3 })
      .allTextContents();
    expect(zhTitles.map((t) => t.trim())).toEqual(recommendations.map((r) => r.title_zh));
    await page.goto(url('/recommendations?lang=en'));

    // priority filter (a page parameter)
    const p1 = recommendations.filter((r) => r.priority === 'P1').length;
    await page.getByRole('combobox', { name: 'Priority' }).selectOption('P1');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/priority=P1/);
    expect(await page.getByRole('article').count()).toBe(p1);

    // the first recommendation with a drill-down opens exactly its complaints
    await page.goto(url('/recommendations'));
    const target = recommendations.find((r) => r.drill);
    if (!target) return;
    const article = page.getByRole('article').nth(recommendations.indexOf(target));
    expect(await article.getByRole('heading', { level: 3 }).textContent()).toBe(target.title_en);
    const link = article.getByRole('link', { name: /^View [\d,]+ complaints/ });
    await link.click();
    await page.waitForURL(/\/complaints\?/);
    expect(await listedCount()).toBe(Number(target.complaints));
  });

  it('answers 400 for a priority that does not exist, naming it beside the filter bar', async () => {
    expect((await page.goto(url('/recommendations?priority=P9')))?.status()).toBe(400);
    expect(await page.getByTestId('filter-problems').textContent()).toContain(
      'Priority: “P9” is not one of the choices on this page.',
    );
    expect(await page.getByRole('search').count()).toBe(1);
    expect(await page.getByText('Something went wrong').count()).toBe(0);
  });
});

describe('exports', () => {
  it('exports the filtered, searched complaint list as CSV with the same row count', async () => {
    await page.goto(
      url(`/complaints?region=${encodeURIComponent('四川')}&q=${encodeURIComponent('冰箱')}`),
    );
    await page.getByRole('heading', { level: 1, name: 'Complaints' }).waitFor();
    const count = await listedCount();
    expect(count).toBeGreaterThan(25); // more than one page of the list
    const group = page.getByRole('group', { name: 'Export complaints' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      group.getByRole('link', { name: 'CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^complaints-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await downloaded(download);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(header[0]).toBe('Complaint ID');
    expect(rows).toHaveLength(count);
    const region = header.indexOf('Region');
    expect(rows.every((r) => r[region] === '四川')).toBe(true);
    const description = header.indexOf('Description');
    expect(rows.every((r) => r[description].includes('冰箱') || r[0].includes('冰箱'))).toBe(true);
    await screenshot('complaints-export');
  });

  it('exports the filtered list as an XLSX that parses with exceljs', async () => {
    await page.goto(url(`/complaints?channel=${encodeURIComponent('客服热线')}`));
    const count = await listedCount();
    expect(count).toBeGreaterThan(0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('group', { name: 'Export complaints' })
        .getByRole('link', { name: 'Excel (XLSX)' })
        .click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^complaints-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    const bytes = await downloaded(download);
    // exceljs's typings want an ArrayBuffer-backed Buffer; hand it the file's own bytes
    await workbook.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('Complaint ID');
    expect(sheet.actualRowCount).toBe(count + 1);
  });

  it('exports every rejected row with its raw text intact', async () => {
    await page.goto(url('/pipeline'));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('group', { name: 'Export rejected rows' })
        .getByRole('link', { name: 'CSV' })
        .click(),
    ]);
    const [header, ...rows] = parseCsv((await downloaded(download)).subarray(3).toString('utf8'));
    expect(header).toContain('Raw row');
    expect(rows).toHaveLength(rejectReasons.reduce((sum, r) => sum + Number(r.n), 0));
    const raw = header.indexOf('Raw row');
    // JSON-escaped in the raw row (its quotes doubled by the CSV writer, undone by the parser)
    expect(rows.filter((r) => r[raw].includes('<script>alert(1)</script>=HYPERLINK(')).length).toBe(
      2,
    );
  });

  it('downloads the monthly report of a chosen month, written by complaint-lens report', async () => {
    await page.goto(url('/recommendations?lang=en'));
    const form = page.getByRole('form', { name: 'Download a report' });
    await form.getByLabel('Period').fill('2026-09');
    await form.getByLabel('Language').selectOption('en');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      form.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('complaint-monthly-2026-09-en.html');
    const html = (await downloaded(download)).toString('utf8');
    expect(html).toContain('Monthly complaint report');
    expect(html).toMatch(/<svg/);
    expect(html).not.toMatch(/<script/i);
    // the month's complaint count from the KPI mart is in the report
    const conn = await openDb(db, { readOnly: true });
    const complaints = await conn.scalar(
      `select complaints from mart_kpis_monthly
       where dimension = 'all' and period_start = date '2026-09-01'`,
    );
    conn.close();
    expect(html).toContain(Number(complaints).toLocaleString('en'));
    // a malformed period is a 400, not a crash
    expect((await page.request.get(url('/export/report?period=Sept'))).status()).toBe(400);
  }, 60_000);

  it('logged no console errors, page errors or failed requests', () => {
    // the deliberate 400 responses above are documents, not failed requests
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
  });
});
