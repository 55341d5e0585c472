// Browser-test fixture: small warehouses built with SQL, the real dashboard server
// (pipeline/serve.ts → web/build) on a free port, and the system Chromium via playwright-core.
import { existsSync } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Db } from '../../pipeline/db.ts';
import { modelTableStatements } from '../helpers/modelTables.ts';
import { openTestDb } from '../helpers/warehouse.ts';
import { serveDashboard, type DashboardServer } from '../../pipeline/serve.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
export const artifactsDir = path.join(repoRoot, 'tests', 'artifacts');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Complaints received in one calendar month. */
export interface MonthSpec {
  /** First day of the month, YYYY-MM-01. */
  month: string;
  complaints: number;
}

export interface WarehouseSpec {
  /** Rows to generate in `complaints`, per month. */
  months: readonly MonthSpec[];
  /**
   * Rows of mart_kpis_monthly for dimension 'all' (the last month is written as incomplete); the
   * other marts are there, empty, as in any built warehouse. Omit to build a warehouse whose models
   * are not built (no mart at all), which exercises the dashboard's fallback.
   */
  mart?: readonly MonthSpec[];
}

/**
 * Build a warehouse file from scratch: base tables and journal marts (applyBaseTables), then
 * generated complaints and, optionally, the marts (rows in mart_kpis_monthly, the others empty). Written to a
 * temporary name and renamed into place, the way the pipeline publishes a warehouse.
 */
export async function buildWarehouse(file: string, spec: WarehouseSpec): Promise<void> {
  const staging = `${file}.building`;
  await rm(staging, { force: true });
  await rm(`${staging}.wal`, { force: true });
  const db = await openTestDb({ path: staging });
  try {
    for (const { month, complaints } of spec.months) {
      await db.run(
        `insert into complaint_versions (
           complaint_id, received_at, channel, region, product, complaint_type, severity, description,
           status, row_hash, version_no, is_current, first_loaded_run, load_run_id, source_file)
         select
           strftime($month::date, '%Y%m') || '-' || lpad(cast(i as varchar), 5, '0'),
           $month::date + cast(i % 27 as integer) + interval 9 hour,
           ['hotline', 'app', 'email', 'store'][1 + i % 4],
           ['East', 'North', 'South', 'West'][1 + i % 4],
           'Kettle K' || cast(1 + i % 3 as varchar),
           ['quality', 'delivery', 'service'][1 + i % 3],
           ['low', 'medium', 'high'][1 + i % 3],
           -- markup in complaint text must only ever be shown as text
           '<b>Lid</b> <script>alert(1)</script> broke after ' || cast(i % 9 as varchar) || ' days',
           'closed',
           md5(cast(i as varchar)),
           1, true, 1, 1, 'fixture.csv'
         from range($n) t(i)`,
        { month, n: complaints },
      );
    }
    if (spec.mart) await writeMart(db, spec.mart);
  } finally {
    db.close();
  }
  await rm(`${staging}.wal`, { force: true });
  await rename(staging, file);
}

async function writeMart(db: Db, months: readonly MonthSpec[]): Promise<void> {
  // every mart with its contract columns (a build writes them all), then the KPI rows
  for (const statement of modelTableStatements()) await db.run(statement);
  for (const [index, { month, complaints }] of months.entries()) {
    const params = { month, complete: index < months.length - 1, complaints };
    await db.run(
      `insert into mart_kpis_monthly (period_start, period_end, is_complete, dimension, member,
                                      complaints)
       values ($month::date, cast($month::date + interval 1 month - interval 1 day as date), $complete,
               'all', 'all', $complaints)`,
      params,
    );
    // Other dimensions must not leak into the dashboard's "all" numbers.
    await db.run(
      `insert into mart_kpis_monthly (period_start, period_end, is_complete, dimension, member,
                                      complaints)
       values ($month::date, cast($month::date + interval 1 month - interval 1 day as date), $complete,
               'channel', 'hotline', $complaints + 100000)`,
      params,
    );
  }
}

export interface Dashboard {
  server: DashboardServer;
  url: string;
  /** Directory holding the warehouse (removed by close()). */
  dir: string;
  /** The warehouse file the server reads. */
  db: string;
  close(): Promise<void>;
}

/** Build a warehouse in a fresh temp dir and serve the dashboard on a free loopback port. */
export async function startDashboard(spec: WarehouseSpec): Promise<Dashboard> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'complaint-lens-e2e-'));
  const db = path.join(dir, 'warehouse.duckdb');
  await buildWarehouse(db, spec);
  const logs: string[] = [];
  // page tests run in the explicit no-auth local mode; sign-in and roles have their own test
  const server = await serveDashboard({
    db,
    host: '127.0.0.1',
    port: 0,
    log: (m) => logs.push(m),
    auth: 'none',
  });
  return {
    server,
    url: server.url,
    dir,
    db,
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: apt-get install -y chromium (see .ci/run)`,
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Console errors, page errors and failed requests seen by a page, for "no errors" assertions. */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    // ERR_ABORTED: the page navigated away (e.g. a reload) while the request was in flight.
    if (reason !== 'net::ERR_ABORTED') problems.push(`requestfailed: ${request.url()} ${reason}`);
  });
  return problems;
}

export async function newContext(browser: Browser, locale = 'en-US'): Promise<BrowserContext> {
  return browser.newContext({
    locale,
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
  });
}
