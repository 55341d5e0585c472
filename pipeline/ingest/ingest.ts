// Load complaint export files (and volumes files) into an open warehouse, file by file, in the
// order given, accounting for every input row:  read = new + updated + unchanged + rejected.
// The caller (withWarehouseCopy) provides atomicity: if anything here throws, nothing is served.
import { readdir, stat } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import type { Db } from '../db.ts';
import type { CanonicalField } from '../schema.ts';
import { mapHeaders, type UserMapping } from './headers.ts';
import { mergeStaged, type MergeCounts } from './merge.ts';
import {
  inferFileSettings,
  installNormalisers,
  qualitySql,
  rawRowExpr,
  stageSql,
  unparsedExampleSql,
} from './normalise.ts';
import { readAny, type ReadOptions } from './read.ts';
import { insertReaderRejects } from './rejects.ts';
import { loadVolumes } from './volumes.ts';
import { loadActions } from './actions.ts';

export interface IngestSettings {
  timezone: string;
  dateOrder: 'auto' | 'ymd' | 'mdy' | 'dmy';
  customerIdSalt: string | null;
}

export interface IngestOptions extends ReadOptions {
  inputs: string[];
  volumes?: string[];
  /** Actions already taken (recalls, containment, corrective actions): docs/schema.md. */
  actions?: string[];
  mapping?: UserMapping;
  settings: IngestSettings;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  /** Called while a file loads, for the progress bar. */
  onFileStart?: (file: string, bytes: number) => void;
  onFileDone?: (summary: FileSummary) => void;
}

export interface FileSummary extends MergeCounts {
  file: string;
  kind: 'complaints' | 'volumes' | 'actions';
  status: 'ok' | 'rejected';
  rows_read: number;
  format: string;
  encoding: string | null;
  bytes: number;
  millis: number;
  message?: string;
}

const DATA_EXTENSIONS = /\.(csv|tsv|txt|xlsx|xlsm|json|ndjson|jsonl|parquet)$/i;

/** Files and directories → files; a directory contributes its data files in name order. */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const s = await stat(input).catch(() => null);
    if (!s) throw new Error(`input not found: ${input}`);
    if (s.isDirectory()) {
      const names = (await readdir(input))
        .filter((n) => !n.startsWith('.') && DATA_EXTENSIONS.test(n))
        .sort();
      files.push(...names.map((n) => join(input, n)));
    } else files.push(normalize(input));
  }
  return files;
}

export async function nextRunId(db: Db): Promise<number> {
  const v = await db.scalar<number | string>(
    `select greatest(coalesce((select max(run_id) from load_runs), 0), coalesce((select max(run_id) from model_runs), 0)) + 1`,
  );
  return Number(v);
}

async function recordLoadRun(
  db: Db,
  runId: number,
  s: FileSummary,
  startedAt: Date,
  timezone: string,
): Promise<void> {
  await db.run(
    `insert into load_runs (run_id, file, kind, started_at, finished_at, status, rows_read, rows_new, rows_updated,
                            rows_unchanged, rows_rejected, format, encoding, bytes, message)
     values ($run, $file, $kind, timezone($tz, $started::timestamptz), current_localtimestamp(), $status, $read, $new, $updated,
             $unchanged, $rejected, $format, $encoding, $bytes, $message)`,
    {
      run: runId,
      file: s.file,
      kind: s.kind,
      tz: timezone,
      started: startedAt.toISOString(),
      status: s.status,
      read: s.rows_read,
      new: s.rows_new,
      updated: s.rows_updated,
      unchanged: s.rows_unchanged,
      rejected: s.rows_rejected,
      format: s.format,
      encoding: s.encoding,
      bytes: s.bytes,
      message: s.message ?? null,
    },
  );
}

function assertAccounted(s: FileSummary): void {
  const sum = s.rows_new + s.rows_updated + s.rows_unchanged + s.rows_rejected;
  if (sum !== s.rows_read) {
    throw new Error(
      `row accounting failed for ${s.file}: read ${s.rows_read} ≠ new ${s.rows_new} + updated ${s.rows_updated} + unchanged ${s.rows_unchanged} + rejected ${s.rows_rejected}`,
    );
  }
}

async function ingestComplaintFile(
  db: Db,
  file: string,
  runId: number,
  opts: IngestOptions,
): Promise<FileSummary> {
  const t0 = performance.now();
  const raw = await readAny(db, file, 'ingest_raw', opts);
  await insertReaderRejects(db, runId, file, raw.rejects);
  const base = {
    file,
    kind: 'complaints' as const,
    format: raw.format,
    encoding: raw.encoding,
    bytes: raw.bytes,
    rows_read: raw.rowsRead,
  };
  const loadedRows = raw.rowsRead - raw.rejects.length;
  const mapping = mapHeaders(raw.headers, opts.mapping);
  const missing = (['complaint_id', 'received_at'] as const).filter((f) => !mapping.fields[f]);

  if (loadedRows > 0 && missing.length > 0) {
    // Without an id or a date no row can be loaded: reject them all, keep them, say why.
    const message = `no column recognised as ${missing.join(' and ')}; headers: ${raw.headers.join(', ')} (use --mapping)`;
    const rawRow = rawRowExpr(raw.headers);
    await db.run(
      `insert into rejects (run_id, file, row_number, reason, message, raw)
       select $run, $file, rn, 'missing_required_column', $message, ${rawRow.expr} from ingest_raw r`,
      { run: runId, file, message, ...rawRow.params },
    );
    return {
      ...base,
      status: 'rejected',
      rows_new: 0,
      rows_updated: 0,
      rows_unchanged: 0,
      rows_rejected: raw.rowsRead,
      millis: performance.now() - t0,
      message,
    };
  }
  if (loadedRows === 0) {
    const message = raw.headers.length === 0 ? 'empty file' : 'header only, no data rows';
    return {
      ...base,
      status: 'ok',
      rows_new: 0,
      rows_updated: 0,
      rows_unchanged: 0,
      rows_rejected: raw.rejects.length,
      millis: performance.now() - t0,
      message,
    };
  }

  const settings = await inferFileSettings(db, 'ingest_raw', mapping, opts.settings.dateOrder);
  if (settings.dateOrderSource === 'inferred')
    opts.log?.('inferred day/month order', { file, order: settings.dateOrder });
  const stage = stageSql('ingest_raw', 'ingest_staged', raw.headers, mapping, settings, {
    timezone: opts.settings.timezone,
    customerIdSalt: opts.settings.customerIdSalt,
  });
  await db.run(stage.sql, stage.params);
  const quality = await db.all<{
    field: CanonicalField;
    rows: number;
    nulls: number;
    unparsed: number;
  }>(qualitySql('ingest_staged'));
  const app = await db.conn.createAppender('field_quality');
  for (const q of quality) {
    const exampleSql =
      Number(q.unparsed) > 0
        ? unparsedExampleSql('ingest_staged', 'ingest_raw', mapping, q.field)
        : null;
    const example = exampleSql ? await db.scalar<string>(exampleSql) : undefined;
    app.appendBigInt(BigInt(runId));
    app.appendVarchar(file);
    app.appendVarchar(q.field);
    const header = mapping.sourceHeader[q.field];
    if (header === undefined) app.appendNull();
    else app.appendVarchar(header);
    app.appendBigInt(BigInt(q.rows));
    app.appendBigInt(BigInt(q.nulls));
    app.appendBigInt(BigInt(q.unparsed));
    if (example === undefined || example === null) app.appendNull();
    else app.appendVarchar(example);
    app.endRow();
  }
  app.closeSync();
  const counts = await mergeStaged(
    db,
    'ingest_staged',
    { table: 'ingest_raw', headers: raw.headers },
    runId,
    file,
  );
  await db.run('drop table if exists ingest_staged; drop table if exists ingest_raw;');
  return {
    ...base,
    status: 'ok',
    ...counts,
    rows_rejected: counts.rows_rejected + raw.rejects.length,
    millis: performance.now() - t0,
  };
}

export interface IngestResult {
  runId: number;
  files: FileSummary[];
}

export async function ingest(db: Db, opts: IngestOptions): Promise<IngestResult> {
  await installNormalisers(db);
  const runId = await nextRunId(db);
  const files: FileSummary[] = [];
  const sideFiles: [FileSummary['kind'], string[] | undefined][] = [
    ['volumes', opts.volumes],
    ['actions', opts.actions],
  ];
  for (const [kind, inputs] of sideFiles) {
    for (const file of await expandInputs(inputs ?? [])) {
      const started = new Date();
      opts.onFileStart?.(file, (await stat(file)).size);
      const t0 = performance.now();
      const fileOpts = { ...opts, tz: opts.settings.timezone };
      const v =
        kind === 'actions'
          ? await loadActions(db, file, runId, {
              ...fileOpts,
              dateOrder: opts.settings.dateOrder === 'dmy' ? 'dmy' : 'mdy',
            })
          : await loadVolumes(db, file, runId, fileOpts);
      const summary: FileSummary = {
        file,
        kind,
        status: 'ok',
        ...v,
        millis: performance.now() - t0,
      };
      assertAccounted(summary);
      await recordLoadRun(db, runId, summary, started, opts.settings.timezone);
      files.push(summary);
      opts.onFileDone?.(summary);
    }
  }
  for (const file of await expandInputs(opts.inputs)) {
    const started = new Date();
    opts.onFileStart?.(file, (await stat(file)).size);
    const summary = await ingestComplaintFile(db, file, runId, opts);
    assertAccounted(summary);
    await recordLoadRun(db, runId, summary, started, opts.settings.timezone);
    files.push(summary);
    opts.onFileDone?.(summary);
  }
  return { runId, files };
}

export function totals(files: FileSummary[]): Omit<
  FileSummary,
  'file' | 'kind' | 'status' | 'format' | 'encoding' | 'message'
> & {
  files: number;
} {
  const t = {
    files: files.length,
    rows_read: 0,
    rows_new: 0,
    rows_updated: 0,
    rows_unchanged: 0,
    rows_rejected: 0,
    bytes: 0,
    millis: 0,
  };
  for (const f of files) {
    t.rows_read += f.rows_read;
    t.rows_new += f.rows_new;
    t.rows_updated += f.rows_updated;
    t.rows_unchanged += f.rows_unchanged;
    t.rows_rejected += f.rows_rejected;
    t.bytes += f.bytes;
    t.millis += f.millis;
  }
  return t;
}
