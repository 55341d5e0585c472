// `complaint-lens inspect`: how an export would be mapped — per column the proposed field, how it
// was decided, samples, parse rate — as text or --json, optionally written as a --mapping file.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { ingestBounds, loadConfig } from '../config.ts';
import { readMapping, UsageError } from './common.ts';

export interface InspectOpts {
  input: string;
  mapping?: string;
  encoding?: string;
  sheet?: string;
  delimiter?: string;
  writeMapping?: string;
  config?: string;
  json?: boolean;
}

export async function inspectCommand(o: InspectOpts): Promise<void> {
  const { inspectFile, formatInspection, mappingFile } = await import('../ingest/inspect.ts');
  const config = await loadConfig(o.config);
  if (!existsSync(o.input)) throw new UsageError(`input not found: ${o.input}`);
  const result = await inspectFile(o.input, {
    mapping: await readMapping(o.mapping),
    encoding: o.encoding,
    sheet: o.sheet,
    delimiter: o.delimiter,
    timezone: config.timezone,
    dateOrder: config.ingest.dateOrder,
    bounds: ingestBounds(config),
  });
  if (o.writeMapping)
    await writeFile(o.writeMapping, JSON.stringify(mappingFile(result), null, 2) + '\n');
  if (o.json) process.stdout.write(JSON.stringify(result) + '\n');
  else process.stdout.write(formatInspection(result));
}
