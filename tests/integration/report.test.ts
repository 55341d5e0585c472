// `complaint-lens report` end to end: the real CLI over the sample warehouse (tests/e2e/
// sampleWarehouse.ts), checked against the marts it reads — the KPI count, the hot-spot batches,
// the top recommendation — and, for PDF, through poppler's pdftotext/pdfinfo. The PDF tests skip
// with a message when Chromium or poppler-utils is missing (.ci/run installs both).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleWarehouse } from '../e2e/sampleWarehouse.ts';
import { query, runCli, tempDir, type CliResult } from './cli-harness.ts';
import { recommendationOf } from '../../pipeline/contract/recommendations.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasPoppler =
  spawnSync('pdftotext', ['-v']).error === undefined &&
  spawnSync('pdfinfo', ['-v']).error === undefined;
const pdfSkip = !existsSync(CHROMIUM)
  ? `Chromium not found at ${CHROMIUM}`
  : !hasPoppler
    ? 'pdftotext/pdfinfo not found (apt-get install poppler-utils)'
    : '';
if (pdfSkip) console.warn(`skipping report PDF tests: ${pdfSkip}`);

/** The batches planted as defective in sample-data (sample-data/README.md, "Planted signals"). */
const PLANTED = ['B2025W29-F8032', 'B2025W39-BCD520', 'B2025W43-Q330B', 'B2025W46-XQG100'];

let dir: string;
let db: string;
/** Hot-spot batches flagged by the end of October 2026 (what the reports must list). */
let hotBatches: string[];
let octoberComplaints: number;
let topRecommendation: { title_zh: string; title_en: string } | null;

interface ReportJson {
  file: string;
  format: string;
  kind: string;
  period: string;
  lang: string;
  bytes: number;
}

function reportJson(r: CliResult): ReportJson {
  return r.json as unknown as ReportJson;
}

function escaped(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const runs = new Map<string, Promise<CliResult>>();
/** Each report is generated once (concurrently with the others) and shared by the tests. */
function report(name: string, args: string[]): Promise<CliResult> {
  if (!runs.has(name)) runs.set(name, runCli(['report', '--db', db, '--json', '--quiet', ...args]));
  return runs.get(name)!;
}

beforeAll(async () => {
  dir = await tempDir();
  db = await sampleWarehouse(dir);
  hotBatches = (
    await query<{ batch: string }>(
      db,
      `select batch from mart_batch_hotspots
       where is_hotspot and (first_flagged_on is null or first_flagged_on <= date '2026-10-31')
       order by batch`,
    )
  ).map((r) => r.batch);
  const [kpi] = await query<{ complaints: string }>(
    db,
    `select complaints from mart_kpis_monthly
     where dimension = 'all' and member = 'all' and period_start = date '2026-10-01'`,
  );
  octoberComplaints = Number(kpi.complaints);
  topRecommendation =
    (await query(db, `select * from mart_recommendations order by rank limit 1`)).map((r) => {
      const rec = recommendationOf(r);
      return { title_zh: rec.titleZh, title_en: rec.titleEn };
    })[0] ?? null;
  // start every report now: they run in parallel while the tests wait for the ones they need
  report('monthly-zh', [
    '--period',
    '2026-10',
    '--lang',
    'zh',
    '--out',
    join(dir, 'monthly-zh.html'),
  ]);
  report('monthly-en', ['--lang', 'en', '--out', join(dir, 'monthly-en.html')]);
  if (!pdfSkip) {
    report('weekly-zh-pdf', [
      '--period',
      '2026-10-21',
      '--lang',
      'zh',
      '--out',
      join(dir, 'weekly-zh.pdf'),
    ]);
    report('monthly-en-pdf', [
      '--kind',
      'monthly',
      '--period',
      '2026-10',
      '--lang',
      'en',
      '--format',
      'pdf',
      '--out',
      join(dir, 'monthly-en.pdf'),
    ]);
  }
});

describe('the sample warehouse', () => {
  it('has planted batches among its hot spots (else the assertions below prove little)', () => {
    expect(PLANTED.filter((b) => hotBatches.includes(b)).length).toBeGreaterThanOrEqual(3);
    expect(octoberComplaints).toBeGreaterThan(0);
  });
});

describe('complaint-lens report (HTML)', () => {
  it('writes the Chinese monthly report with the mart numbers, hot spots and inline charts', async () => {
    const r = await report('monthly-zh', []);
    expect(r.code, r.stderr).toBe(0);
    expect(reportJson(r)).toMatchObject({
      kind: 'monthly',
      period: '2026-10',
      lang: 'zh',
      format: 'html',
    });
    const html = await readFile(join(dir, 'monthly-zh.html'), 'utf8');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<h1>客户投诉情况及处理月报</h1>');
    expect(html).toContain('<p class="subtitle">2026年10月</p>');
    const kpi = /投诉量（件）<\/th>\s*<td class="num strong">([\d,]+)<\/td>/.exec(html);
    expect(kpi?.[1].replace(/,/g, '')).toBe(String(octoberComplaints));
    for (const batch of hotBatches) expect(html).toContain(batch);
    expect(html.match(/<svg[\s>]/g)?.length).toBeGreaterThanOrEqual(3); // trend, categories, Pareto
    expect(html).not.toMatch(/<script/i);
    if (topRecommendation) expect(html).toContain(escaped(topRecommendation.title_zh));
    else expect(html).toContain('没有符合本期条件的改进建议。');
  });

  it('writes the English monthly report for the latest complete month by default', async () => {
    const r = await report('monthly-en', []);
    expect(r.code, r.stderr).toBe(0);
    expect(reportJson(r)).toMatchObject({ kind: 'monthly', period: '2026-10', lang: 'en' });
    const html = await readFile(join(dir, 'monthly-en.html'), 'utf8');
    expect(html).toContain('<h1>Monthly complaint report</h1>');
    expect(html).not.toContain('客户投诉情况及处理月报');
    const kpi = /Complaints<\/th>\s*<td class="num strong">([\d,]+)<\/td>/.exec(html);
    expect(kpi?.[1].replace(/,/g, '')).toBe(String(octoberComplaints));
    for (const batch of hotBatches) expect(html).toContain(batch);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script/i);
    if (topRecommendation) expect(html).toContain(escaped(topRecommendation.title_en));
    else expect(html).toContain('No recommendation matches this period.');
    // published by rename: no temporary file is left behind
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('exits 2 on a bad period, a period outside the data and a format that contradicts --out', async () => {
    const out = join(dir, 'never.html');
    const bad = await runCli(['report', '--db', db, '--period', '2026-13', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/month must be 01–12/);
    const outside = await runCli(['report', '--db', db, '--period', '2030-W01', '--out', out]);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/outside the warehouse's data/);
    const clash = await runCli(['report', '--db', db, '--format', 'pdf', '--out', out]);
    expect(clash.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

function pdfText(file: string): string {
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

function pdfPages(file: string): number {
  const r = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return Number(/^Pages:\s+(\d+)/m.exec(r.stdout)?.[1]);
}

describe.skipIf(pdfSkip !== '')('complaint-lens report (PDF)', () => {
  it('prints the Chinese weekly bulletin of the week containing a date', async () => {
    const r = await report('weekly-zh-pdf', []);
    expect(r.code, r.stderr).toBe(0);
    expect(reportJson(r)).toMatchObject({ kind: 'weekly', period: '2026-W43', format: 'pdf' });
    const file = join(dir, 'weekly-zh.pdf');
    expect((await readFile(file)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(file);
    expect(text).toContain('投诉热点通报');
    expect(text).toContain('2026年第43周');
    expect(hotBatches.some((b) => text.includes(b))).toBe(true);
    const pages = pdfPages(file);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(15);
  });

  it('prints the English monthly report', async () => {
    const r = await report('monthly-en-pdf', []);
    expect(r.code, r.stderr).toBe(0);
    const file = join(dir, 'monthly-en.pdf');
    expect((await readFile(file)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(file);
    expect(text).toContain('Monthly complaint report');
    expect(text).toContain('October 2026');
    for (const batch of hotBatches) expect(text).toContain(batch);
    expect(text).toMatch(/Page 1 of \d+/);
    const pages = pdfPages(file);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(15);
  });
});
