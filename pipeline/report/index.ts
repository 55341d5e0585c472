// `complaint-lens report`: resolve the period, read the marts (read-only), render the HTML, print
// it to PDF when asked, and publish the file atomically (temporary file + rename in the same
// directory), so a cron job or a mail step never picks up half a report.
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { openDb } from '../db.ts';
import { checkMartContracts, outdatedMessage, unbuiltMessage } from '../contract/check.ts';
import { renderReportHtml, reportTitle } from './document.ts';
import { formatter, type Lang } from './format.ts';
import { dataRange, latestCompletePeriodStart, loadReportData } from './load.ts';
import { htmlToPdf } from './pdf.ts';
import {
  impliedKind,
  parsePeriod,
  periodContaining,
  PeriodError,
  type ReportKind,
} from './period.ts';

export type ReportFormat = 'html' | 'pdf';

export interface ReportOptions {
  db: string;
  /** "2026-10", "2026-W43" or a date; default: the latest complete period. */
  period?: string;
  kind?: ReportKind;
  lang: Lang;
  format?: ReportFormat;
  out?: string;
  /** Clock for "generated at" (tests). */
  now?: Date;
}

export interface ReportResult {
  file: string;
  format: ReportFormat;
  kind: ReportKind;
  period: string;
  lang: Lang;
  bytes: number;
  millis: { load: number; render: number; pdf: number; total: number };
}

/** Bad options or a period the warehouse has no data for (exit code 2). */
export class ReportUsageError extends Error {}

export function isReportUsageError(e: unknown): e is Error {
  return e instanceof ReportUsageError || e instanceof PeriodError;
}

function formatFromPath(path: string | undefined): ReportFormat | undefined {
  const ext = path ? extname(path).toLowerCase() : '';
  if (ext === '.pdf') return 'pdf';
  if (ext === '.html' || ext === '.htm') return 'html';
  return undefined;
}

export function resolveFormat(
  format: ReportFormat | undefined,
  out: string | undefined,
): ReportFormat {
  const fromPath = formatFromPath(out);
  if (format && fromPath && format !== fromPath) {
    throw new ReportUsageError(`--format ${format} does not match --out ${out}`);
  }
  return format ?? fromPath ?? 'html';
}

/** Write `data` to `file` through a temporary file in the same directory and a rename. */
export async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export async function writeReport(options: ReportOptions): Promise<ReportResult> {
  const t0 = performance.now();
  const format = resolveFormat(options.format, options.out);
  const kind: ReportKind = options.kind ?? impliedKind(options.period) ?? 'monthly';
  const dbPath = resolve(options.db);
  if (!existsSync(dbPath))
    throw new ReportUsageError(`no warehouse at ${dbPath}: run \`complaint-lens run\` first`);

  const db = await openDb(dbPath, { readOnly: true });
  let data;
  try {
    // Decided once: past this check every mart and base table is there as this
    // version declares it, and load.ts reads them unguarded.
    const contract = await checkMartContracts(db);
    if (contract.state === 'outdated')
      throw new ReportUsageError(outdatedMessage(dbPath, contract));
    if (contract.state === 'unbuilt') throw new ReportUsageError(unbuiltMessage(dbPath));
    let period;
    if (options.period !== undefined) {
      period = parsePeriod(options.period, kind);
      const range = await dataRange(db, kind);
      if (range && (period.start < range.first || period.start > range.last)) {
        const f = formatter('en');
        throw new ReportUsageError(
          `${period.key} is outside the warehouse's data (${kind === 'monthly' ? range.first.slice(0, 7) : periodContaining(range.first, 'weekly').key} … ${
            kind === 'monthly' ? range.last.slice(0, 7) : periodContaining(range.last, 'weekly').key
          }, ${f.date(range.first)} – ${f.date(range.last)})`,
        );
      }
    } else {
      const start = await latestCompletePeriodStart(db, kind);
      if (!start) {
        throw new ReportUsageError(
          `the warehouse has no complete ${kind === 'monthly' ? 'month' : 'week'}: give --period`,
        );
      }
      period = periodContaining(start, kind);
    }
    data = await loadReportData(db, period);
  } finally {
    db.close();
  }
  const t1 = performance.now();

  const html = renderReportHtml(data, {
    lang: options.lang,
    generatedAt: options.now ?? new Date(),
  });
  const t2 = performance.now();
  const fmt = formatter(options.lang);
  const body =
    format === 'pdf'
      ? await htmlToPdf(html, {
          lang: options.lang,
          headerText: `${reportTitle(data, options.lang)} · ${fmt.periodShort(data.period)}`,
        })
      : html;
  const t3 = performance.now();

  const file = resolve(
    options.out ?? `complaint-${kind}-${data.period.key}-${options.lang}.${format}`,
  );
  await writeAtomically(file, body);
  return {
    file,
    format,
    kind,
    period: data.period.key,
    lang: options.lang,
    bytes: typeof body === 'string' ? Buffer.byteLength(body) : body.length,
    millis: {
      load: Math.round(t1 - t0),
      render: Math.round(t2 - t1),
      pdf: Math.round(t3 - t2),
      total: Math.round(performance.now() - t0),
    },
  };
}
