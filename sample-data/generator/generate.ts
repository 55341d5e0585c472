// `complaint-lens sample`: writes a realistic, deterministic complaint export (complaints.csv), the
// weekly production volumes it refers to (volumes.csv) and the planted signals (planted.json).
// Rows are streamed to disk a day at a time, so memory does not grow with the number of rows.

import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { addMonths, isoDate, parseDate } from './calendar.ts';
import { buildCatalogue } from './batches.ts';
import { CsvWriter } from './csv.ts';
import { loadExcerpts } from './excerpts.ts';
import { HEADERS, RowFormatter, rowLine } from './format.ts';
import { Narrator } from './narrative.ts';
import { EN } from './narratives-en.ts';
import { ZH } from './narratives-zh.ts';
import { buildPlanted } from './planted.ts';
import { MODELS } from './products.ts';
import { ComplaintEngine } from './rows.ts';
import { ROOT_CAUSES } from './causes.ts';

export { generateUpdates, type UpdateOptions, type UpdateSummary } from './updates.ts';

export interface SampleOptions {
  rows: number;
  seed: number;
  outDir: string;
  lang: 'zh' | 'en';
  /** ISO date of the last day of the export (default '2026-10-31'). */
  endDate?: string;
  /** Length of the complaint window in months (default 24). */
  months?: number;
  /** Optional extra output: complaint_id,root_cause for every row (ground truth for text clustering). */
  labelsFile?: string;
}

export interface SampleSummary {
  complaintsFile: string;
  volumesFile: string;
  plantedFile: string;
  rows: number;
  batches: number;
  millis: number;
}

export const DEFAULT_END_DATE = '2026-10-31';
export const DEFAULT_MONTHS = 24;

export function sampleFileNames(lang: 'zh' | 'en') {
  const suffix = lang === 'en' ? '_en' : '';
  return {
    complaints: `complaints${suffix}.csv`,
    volumes: `volumes${suffix}.csv`,
    planted: `planted${suffix}.json`,
  };
}

export async function generateSample(opts: SampleOptions): Promise<SampleSummary> {
  const started = performance.now();
  if (!Number.isInteger(opts.rows) || opts.rows < 0)
    throw new Error(`rows must be a non-negative integer, got ${opts.rows}`);
  if (!Number.isInteger(opts.seed)) throw new Error(`seed must be an integer, got ${opts.seed}`);
  if (opts.lang !== 'zh' && opts.lang !== 'en')
    throw new Error(`lang must be 'zh' or 'en', got ${String(opts.lang)}`);
  const months = opts.months ?? DEFAULT_MONTHS;
  if (!Number.isInteger(months) || months < 1 || months > 120)
    throw new Error(`months must be an integer in 1..120, got ${months}`);
  const endDay = parseDate(opts.endDate ?? DEFAULT_END_DATE);
  const startDay = addMonths(endDay, -months) + 1;

  const outDir = resolve(opts.outDir);
  await mkdir(outDir, { recursive: true });
  const names = sampleFileNames(opts.lang);
  const complaintsFile = join(outDir, names.complaints);
  const volumesFile = join(outDir, names.volumes);
  const plantedFile = join(outDir, names.planted);

  const catalogue = buildCatalogue(opts.seed, startDay, endDay);

  const volumes = new CsvWriter(volumesFile);
  volumes.writeRow(['product', 'batch', 'production_date', 'units']);
  for (const b of catalogue.batches) {
    const p = volumes.writeRow([
      MODELS[b.model].code,
      b.code,
      isoDate(b.productionDay),
      String(b.units),
    ]);
    if (p) await p;
  }
  await volumes.close();

  const engine = new ComplaintEngine({
    seed: opts.seed,
    rows: opts.rows,
    startDay,
    endDay,
    catalogue,
  });
  const narrator = new Narrator(opts.lang, opts.lang === 'zh' ? ZH : EN, loadExcerpts());
  const formatter = new RowFormatter(
    opts.lang,
    opts.seed,
    catalogue,
    narrator,
    catalogue.firstProductionDay,
    endDay + 60,
  );
  const out = new CsvWriter(complaintsFile);
  out.writeRow(HEADERS[opts.lang]);
  const labels = opts.labelsFile ? new CsvWriter(resolve(opts.labelsFile)) : null;
  labels?.writeRow(['complaint_id', 'root_cause']);
  for (const day of engine.days()) {
    for (const record of day) {
      const fields = formatter.format(record);
      const p = out.writeLine(rowLine(fields));
      if (p) await p;
      if (labels) {
        const q = labels.writeRow([fields[0], ROOT_CAUSES[record.cause].key]);
        if (q) await q;
      }
    }
  }
  await out.close();
  await labels?.close();

  const planted = buildPlanted({
    engine,
    lang: opts.lang,
    seed: opts.seed,
    rows: opts.rows,
    startDay,
    endDay,
    complaintsFile: names.complaints,
    volumesFile: names.volumes,
  });
  await writeFile(plantedFile, JSON.stringify(planted, null, 2) + '\n', 'utf8');

  return {
    complaintsFile,
    volumesFile,
    plantedFile,
    rows: engine.stats.rows,
    batches: catalogue.batches.length,
    millis: Math.round(performance.now() - started),
  };
}
