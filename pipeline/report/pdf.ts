// HTML → PDF with the distribution's Chromium driven by playwright-core (no browser download).
// The page gets the HTML with setContent; it has no scripts and no external assets, so nothing is
// fetched. Page numbers come from Chromium's header/footer templates.
import { existsSync } from 'node:fs';
import { escapeHtml } from './html.ts';
import { FONT_STACK, PAGE_MARGIN } from './document.ts';
import type { Lang } from './format.ts';
import { translator } from './messages.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A report failure the user can fix (no browser installed): reported without a stack. */
export class PdfUnavailableError extends Error {}

export interface PdfOptions {
  lang: Lang;
  /** Running header text (the report title and period). */
  headerText: string;
}

function templates(options: PdfOptions): { header: string; footer: string } {
  const t = translator(options.lang);
  // Header/footer templates are rendered in their own tiny document: styles must be inline, and
  // the font stack is repeated so CJK text does not fall back to tofu.
  const style = `font-family: ${FONT_STACK.replace(/"/g, "'")}; font-size: 7.5pt; color: #6b7280; width: 100%; padding: 0 ${PAGE_MARGIN.left};`;
  const pages = escapeHtml(t('footer.pages', { page: '\u0000', total: '\u0001' }))
    .replace('\u0000', '<span class="pageNumber"></span>')
    .replace('\u0001', '<span class="totalPages"></span>');
  return {
    header: `<div style="${style} text-align: right;">${escapeHtml(options.headerText)}</div>`,
    footer: `<div style="${style} text-align: center;">${pages}</div>`,
  };
}

export async function htmlToPdf(html: string, options: PdfOptions): Promise<Buffer> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new PdfUnavailableError(
      `PDF output needs Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH); HTML output works without it`,
    );
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const { header, footer } = templates(options);
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: PAGE_MARGIN,
      displayHeaderFooter: true,
      headerTemplate: header,
      footerTemplate: footer,
    });
  } finally {
    await browser.close();
  }
}
