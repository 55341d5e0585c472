// Monthly report / weekly bulletin downloads from the dashboard. The report is written by the
// same `complaint-lens report` command a cron job runs, in a child process: it opens the warehouse
// with its own read-only DuckDB instance and, for PDF, starts Chromium — neither belongs inside
// the web server's process. Arguments go to execFile as a list (no shell), each checked first.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { warehousePath } from './db.ts';

export interface ReportRequest {
  kind: 'monthly' | 'weekly';
  /** `YYYY-MM`, `YYYY-Www` or a date; absent = the latest complete period. */
  period?: string;
  lang: 'zh' | 'en';
  format: 'html' | 'pdf';
}

export type ParsedReportRequest =
  { ok: true; request: ReportRequest } | { ok: false; problem: string };

const periodPattern = /^\d{4}-(\d{2}|W\d{2}|\d{2}-\d{2})$/;

/** Validate the query string of a report download. */
export function parseReportRequest(params: URLSearchParams): ParsedReportRequest {
  const kind = params.get('kind') ?? 'monthly';
  const lang = params.get('lang') ?? 'zh';
  const format = params.get('format') ?? 'html';
  const period = params.get('period')?.trim() || undefined;
  if (kind !== 'monthly' && kind !== 'weekly') return { ok: false, problem: 'kind' };
  if (lang !== 'zh' && lang !== 'en') return { ok: false, problem: 'lang' };
  if (format !== 'html' && format !== 'pdf') return { ok: false, problem: 'format' };
  if (period !== undefined && !periodPattern.test(period)) return { ok: false, problem: 'period' };
  return { ok: true, request: { kind, lang, format, period } };
}

/** Reports being written now; PDFs start a browser each, so the server allows only a few. */
let running = 0;
export const maxConcurrentReports = 2;
const timeoutMs = 120_000;

export type ReportOutcome =
  | { ok: true; body: Uint8Array<ArrayBuffer>; fileName: string }
  | { ok: false; status: 400 | 429 | 500 | 503; message: string };

export async function renderReport(request: ReportRequest): Promise<ReportOutcome> {
  if (running >= maxConcurrentReports) {
    return { ok: false, status: 429, message: 'Reports are being written; try again shortly.' };
  }
  if (!existsSync(warehousePath())) {
    return { ok: false, status: 503, message: 'No warehouse yet: run complaint-lens first.' };
  }
  running++;
  let dir: string | undefined;
  try {
    dir = await mkdtemp(path.join(tmpdir(), 'cl-report-'));
    const out = path.join(dir, `report.${request.format}`);
    const args = [
      cliPath(),
      'report',
      '--db',
      warehousePath(),
      '--kind',
      request.kind,
      '--lang',
      request.lang,
      '--format',
      request.format,
      '--out',
      out,
      '--json',
      '--quiet',
      ...(request.period ? ['--period', request.period] : []),
    ];
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>(
      (resolve) => {
        execFile(process.execPath, args, { timeout: timeoutMs }, (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        });
      },
    );
    if (result.code !== 0) {
      // the CLI's message stays in the server log: it can name files on the server
      console.error(`[report] exit ${result.code}:`, result.stderr.trim());
      return result.code === 2
        ? {
            ok: false,
            status: 400,
            message: 'No report for that period: the warehouse has no data for it.',
          }
        : { ok: false, status: 500, message: 'The report could not be written.' };
    }
    const summary = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as {
      period?: string;
    };
    const fileName = `complaint-${request.kind}-${summary.period ?? 'latest'}-${request.lang}.${request.format}`;
    return { ok: true, body: new Uint8Array(await readFile(out)), fileName };
  } finally {
    running--;
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

/** The CLI: named by `complaint-lens serve` (COMPLAINT_LENS_CLI), else relative to the cwd. */
function cliPath(): string {
  return process.env.COMPLAINT_LENS_CLI ?? path.resolve('pipeline/cli.ts');
}
