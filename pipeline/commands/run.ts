// `complaint-lens run` and `ingest`: load the inputs (and, for run, build the models) inside one
// warehouse copy, swapped in only on success; the --json summary and the exit code (0, or 3 over
// --max-reject-rate / --strict).
import { resolve } from 'node:path';
import { localNow } from '../config.ts';
import { expandInputs, totals, type FileSummary, type IngestOptions } from '../ingest/ingest.ts';
import type { Logger } from '../log.ts';
import { prepareDbDir } from '../warehouse/dbPath.ts';
import { makeRequest } from '../warehouse/request.ts';
import { withWarehouseCopy } from '../warehouse/swap.ts';
import { configFor, EXIT, readMapping, UsageError } from './common.ts';
import { executeRequest, replayOptions } from './execute.ts';
import type { IngestOpts } from './options.ts';

function fileFields(f: FileSummary) {
  return {
    file: f.file,
    kind: f.kind,
    status: f.status,
    format: f.format,
    encoding: f.encoding,
    rows_read: f.rows_read,
    rows_new: f.rows_new,
    rows_updated: f.rows_updated,
    rows_unchanged: f.rows_unchanged,
    rows_rejected: f.rows_rejected,
    millis: Math.round(f.millis),
    ...(f.message ? { message: f.message } : {}),
    ...(f.missing?.length ? { missing_fields: f.missing } : {}),
    ...(f.derivation ? { derivation: f.derivation } : {}),
    ...(f.inferred?.length ? { inferred: f.inferred } : {}),
  };
}

/** Ingest (and optionally build) inside one warehouse copy, swapped in only on success. */
export async function runPipeline(
  opts: IngestOpts,
  log: Logger,
  withBuild: boolean,
): Promise<number> {
  if (opts.input.length === 0 && opts.volumes.length === 0 && opts.actions.length === 0)
    throw new UsageError(
      'give at least one --input <file|dir> (or --volumes <file>, --actions <file>)',
    );
  const config = await configFor(opts);
  const mapping = await readMapping(opts.mapping);
  // Usage errors (a missing input, an unwritable --db) exit 2 before any lock or warehouse copy.
  const [inputs, volumes, actions] = await Promise.all(
    [opts.input, opts.volumes, opts.actions].map((list) =>
      expandInputs(list).catch((e: Error) => {
        throw new UsageError(e.message);
      }),
    ),
  );
  const dbPath = resolve(opts.db);
  await prepareDbDir(dbPath);
  const t0 = performance.now();
  const request = await makeRequest({
    command: withBuild ? 'run' : 'ingest',
    inputs,
    volumes,
    actions,
    config: opts.config,
    mapping: opts.mapping,
    asOf: config.kpi.asOf ?? localNow(config.timezone),
    options: {
      encoding: opts.encoding,
      sheet: opts.sheet,
      delimiter: opts.delimiter,
      dateOrder: opts.dateOrder,
      maxRejectRate: opts.maxRejectRate,
      select: opts.select,
      fullRefresh: opts.fullRefresh,
    },
  });
  config.kpi.asOf = request.asOf;
  let totalBytes = 0;
  let doneBytes = 0;
  let ticker: NodeJS.Timeout | undefined;
  const progress: Pick<IngestOptions, 'onFileStart' | 'onFileDone'> = {
    onFileStart(file, bytes) {
      totalBytes = Math.max(totalBytes, doneBytes + bytes);
      const started = performance.now();
      log.info('loading', { file, bytes });
      ticker = setInterval(() => {
        const s = (performance.now() - started) / 1000;
        log.progress(`${file} ${s.toFixed(0)}s`, totalBytes ? doneBytes / totalBytes : 0);
      }, 250);
    },
    onFileDone(s) {
      clearInterval(ticker);
      doneBytes += s.bytes;
      log.endProgress();
      const rate = s.millis > 0 ? Math.round((s.rows_read / s.millis) * 1000) : 0;
      log.info('loaded', { ...fileFields(s), rows_per_s: rate });
    },
  };
  const result = await withWarehouseCopy(
    dbPath,
    (db) => executeRequest(db, request, { config, mapping }, log, progress),
    { timeZone: config.timezone, log: (m, f) => log.warn(m, f), ...replayOptions(request, log) },
  ).finally(() => clearInterval(ticker));
  const ingested = result.ingested!;
  const t = totals(ingested.files);
  const rejectRate = t.rows_read ? t.rows_rejected / t.rows_read : 0;
  const overLimit = rejectRate > config.ingest.maxRejectRate;
  const strictFailure =
    opts.strict === true &&
    ingested.files.some((f) => f.kind === 'complaints' && f.missing?.some((m) => m.strict));
  const summary = {
    status: overLimit ? 'reject_rate_exceeded' : strictFailure ? 'missing_key_fields' : 'ok',
    run_id: ingested.runId,
    db: dbPath,
    files: ingested.files.map(fileFields),
    totals: {
      ...t,
      millis: Math.round(performance.now() - t0),
      reject_rate: Number(rejectRate.toFixed(6)),
    },
    ...(withBuild ? { models: result.models } : {}),
  };
  log.info('run finished', { run_id: summary.run_id, ...summary.totals });
  if (overLimit) {
    log.warn('reject rate above the limit', {
      reject_rate: rejectRate,
      max_reject_rate: config.ingest.maxRejectRate,
    });
  }
  if (strictFailure) log.warn('--strict: a file has no description or product column');
  if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
  return overLimit || strictFailure ? EXIT.rejectRate : EXIT.ok;
}
