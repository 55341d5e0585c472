// `complaint-lens sample`: a realistic complaint export with planted signals; the generator lives
// beside its output in sample-data/generator/ and is loaded on demand.
import { createLogger } from '../log.ts';
import { UsageError } from './common.ts';

export interface SampleOpts {
  rows: number;
  seed: number;
  out: string;
  lang: 'zh' | 'en';
  endDate: string;
  months: number;
  labels?: string;
  json?: boolean;
  quiet?: boolean;
}

export async function sampleCommand(o: SampleOpts): Promise<void> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(o.endDate))
    throw new UsageError(`--end-date must be YYYY-MM-DD, got ${o.endDate}`);
  const { generateSample } = await import('../../sample-data/generator/generate.ts');
  const log = createLogger({ quiet: o.quiet });
  const summary = await generateSample({
    rows: o.rows,
    seed: o.seed,
    outDir: o.out,
    lang: o.lang,
    endDate: o.endDate,
    months: o.months,
    labelsFile: o.labels,
  });
  log.info('sample written', { ...summary });
  if (o.json) process.stdout.write(JSON.stringify(summary) + '\n');
}
