// One browser session on the dashboard served over a private copy of the sample warehouse (see
// sampleWarehouse.ts): what the page-level e2e files share. `prepare` runs on the warehouse copy
// before the server opens it (e.g. one more nightly load); then the production build is served,
// Chromium gets an en-US context and a page whose console errors are collected.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { serveDashboard, type DashboardServer } from '../../pipeline/serve.ts';
import { artifactsDir, collectProblems, launchBrowser, newContext } from './fixture.ts';
import { sampleWarehouse } from './sampleWarehouse.ts';

export interface SampleSession {
  /** The warehouse file the dashboard serves. */
  db: string;
  server: DashboardServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and failed requests seen by `page`. */
  problems: string[];
  close(): Promise<void>;
}

export async function openSampleSession(
  name: string,
  prepare: (db: string) => Promise<void> = async () => {},
  /** 'none' (default): the no-auth local mode; 'on': sign-in, with accounts made by `prepare`. */
  auth: 'on' | 'none' = 'none',
): Promise<SampleSession> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `complaint-lens-${name}-`));
  const [db, browser] = await Promise.all([sampleWarehouse(dir), launchBrowser()]);
  await prepare(db);
  const server = await serveDashboard({ db, host: '127.0.0.1', port: 0, log: () => {}, auth });
  const context = await newContext(browser, 'en-US');
  const page = await context.newPage();
  const problems = collectProblems(page);
  await mkdir(artifactsDir, { recursive: true });
  return {
    db,
    server,
    browser,
    context,
    page,
    problems,
    async close() {
      await context.close();
      await browser.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Absolute URL of a dashboard path. */
export function urlOf(session: SampleSession, pathAndQuery: string): string {
  return new URL(pathAndQuery, session.server.url).href;
}

/** The "N complaints" heading of the complaint list, as a number. */
export async function listedCount(page: Page): Promise<number> {
  const text = await page.getByRole('heading', { level: 2, name: /complaints$/ }).textContent();
  return Number((text ?? '').replace(/[^\d]/g, ''));
}

/** A full-page screenshot in tests/artifacts/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true });
}
