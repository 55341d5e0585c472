// `complaint-lens report`: the monthly complaint report or the weekly hot-spot bulletin (HTML or
// PDF). A bad --period or --kind is a usage error; any other failure exits 1.
import { createLogger } from '../log.ts';
import { EXIT, UsageError } from './common.ts';

export interface ReportOpts {
  db: string;
  period?: string;
  kind?: 'monthly' | 'weekly';
  lang: 'zh' | 'en';
  format?: 'html' | 'pdf';
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

export async function reportCommand(o: ReportOpts): Promise<void> {
  const { writeReport, isReportUsageError } = await import('../report/index.ts');
  const log = createLogger({ quiet: o.quiet });
  try {
    const result = await writeReport(o);
    log.info('report written', {
      file: result.file,
      kind: result.kind,
      period: result.period,
      lang: result.lang,
      format: result.format,
      bytes: result.bytes,
      millis: result.millis.total,
    });
    if (o.json) process.stdout.write(JSON.stringify(result) + '\n');
  } catch (e) {
    if (isReportUsageError(e)) throw new UsageError(e.message);
    log.error('report failed', { error: (e as Error).message });
    if (process.env.COMPLAINT_LENS_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    process.exitCode = EXIT.failed;
  }
}
