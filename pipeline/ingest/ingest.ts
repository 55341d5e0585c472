// Load complaint export files (and volumes files) into an open warehouse, file by file, in the
// order given, accounting for every input row:  read = new + updated + unchanged + rejected.
// The caller (withWarehouseCopy) provides atomicity: if anything here throws, nothing is served.
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, normalize, resolve } from 'node:path';
import type { Db } from '../db.ts';
import { hasField, missingFields, missingText, type MissingField } from './coverage.ts';
import { derivationText } from './derive.ts';
import type { UserMapping } from './headers.ts';
import { recordMapping } from './mappingLog.ts';
import { DEFAULT_BOUNDS, type BoundsSettings } from './bounds.ts';
import { mergeStaged, type MergeCounts } from './merge.ts';
import {
  inferFileSettings,
  installNormalisers,
  rawRowExpr,
  unparsedExampleSql,
} from './normalise.ts';
import { inputError } from './inputError.ts';
import { protectPii } from './pii.ts';
import { readAny, type ReadOptions } from './read.ts';
import {
  readingSettingsKey,
  recordFileHash,
  redeliveredFile,
  type FileCoverage,
} from './redelivery.ts';
import { insertReaderRejects } from './rejects.ts';
import { promoteHeaderRow } from './headerless.ts';
import { resolveMapping } from './resolve.ts';
import { stageAndMeasure } from './stage.ts';
import { loadVolumes } from './volumes.ts';
import { loadActions } from './actions.ts';
import { Stopwatch } from '../cluster/stopwatch.ts';

export interface IngestSettings {
  timezone: string;
  dateOrder: 'auto' | 'ymd' | 'mdy' | 'dmy';
  customerIdSalt: string | null;
  /** Value bounds checked at ingest (bounds.ts); the defaults when absent. */
  bounds?: BoundsSettings;
  /** privacy.keepRaw: source headers (or "customer_id") stored unmasked (pii.ts). */
  keepRaw?: readonly string[];
}

export interface IngestOptions extends ReadOptions {
  inputs: string[];
  volumes?: string[];
  /** Actions already taken (recalls, containment, corrective actions): docs/schema.md. */
  actions?: string[];
  mapping?: UserMapping;
  settings: IngestSettings;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  /** Warnings a user must see (missing key fields), even with --quiet. */
  warn?: (msg: string, fields?: Record<string, unknown>) => void;
  /** Called while a file loads, for the progress bar. */
  onFileStart?: (file: string, bytes: number) => void;
  onFileDone?: (summary: FileSummary) => void;
  /**
   * SHA-256 of input files by path (as listed in `inputs`, directories expanded). A file whose
   * hash was loaded before is not parsed again when that is provably equivalent (redelivery.ts).
   */
  fileHashes?: Record<string, string>;
  /** File rows per insert of new versions (merge.ts; default MERGE_SLICE_ROWS): bounds memory. */
  mergeSliceRows?: number;
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
  /** Key fields the file lacks and the analyses each disables (warned, and exit 3 with --strict). */
  missing?: MissingField[];
  /** How product / product_category / batch were derived from the hierarchy, if they were. */
  derivation?: string | null;
  /** Fields decided from column contents rather than headers: "description ← 内容 (…)". */
  inferred?: string[];
}

const DATA_EXTENSIONS = /\.(csv|tsv|txt|xlsx|xlsm|json|ndjson|jsonl|parquet)$/i;

/**
 * Files and directories → files; a directory contributes its data files in name order. A file
 * named twice (`--input dir --input dir/a.csv`, a symlink) is loaded once, at its first place:
 * loading it twice in one run failed the run on a primary-key violation (issue 13, defect 8).
 */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = async (file: string) => {
    const real = await realpath(file).catch(() => resolve(file));
    if (seen.has(real)) return;
    seen.add(real);
    files.push(file);
  };
  for (const input of inputs) {
    const s = await stat(input).catch(() => null);
    if (!s) throw new Error(`input not found: ${input}`);
    if (s.isDirectory()) {
      const names = (await readdir(input))
        .filter((n) => !n.startsWith('.') && DATA_EXTENSIONS.test(n))
        .sort();
      for (const n of names) await add(join(input, n));
    } else await add(normalize(input));
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
                            rows_unchanged, rows_rejected, format, encoding, bytes, message, derivation, missing_fields)
     values ($run, $file, $kind, timezone($tz, $started::timestamptz), current_localtimestamp(), $status, $read, $new, $updated,
             $unchanged, $rejected, $format, $encoding, $bytes, $message, $derivation, $missing)`,
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
      derivation: s.derivation ?? null,
      missing: s.missing ? missingText(s.missing) : null,
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
  // Where a load's time goes (wall and CPU ms per step), logged with the file: the first-load
  // ratio to a bare read_csv is tracked by bench:ingest (docs/benchmarks.md).
  const timings: Record<string, number> = {};
  const sw = new Stopwatch(timings);
  const raw = await readAny(db, file, 'ingest_raw', opts);
  Object.assign(timings, raw.timings);
  sw.lap('read');
  if (await promoteHeaderRow(db, 'ingest_raw', raw))
    opts.warn?.('no header row: the first line is loaded as data, columns named by content', {
      file,
    });
  const keepRaw = opts.settings.keepRaw ?? [];
  await insertReaderRejects(db, runId, file, raw.rejects, {
    headers: raw.headers,
    delimiter: raw.delimiter,
    keepRaw,
  });
  const base = {
    file,
    kind: 'complaints' as const,
    format: raw.format,
    encoding: raw.encoding,
    bytes: raw.bytes,
    rows_read: raw.rowsRead,
  };
  const loadedRows = raw.rowsRead - raw.rejects.length;
  const notes = raw.notes ?? [];
  for (const note of notes) opts.log?.(note, { file });
  const mapping = await resolveMapping(db, 'ingest_raw', raw.headers, opts.mapping, loadedRows > 0);
  // Personal data is masked in the raw table before anything (mapping samples, rejects) stores it.
  for (const action of await protectPii(db, 'ingest_raw', raw.headers, mapping, {
    customerIdSalt: opts.settings.customerIdSalt,
    keepRaw,
  }))
    opts.log?.(`personal data ${action.action}`, { file, ...action });
  await recordMapping(db, runId, file, mapping);
  const coverage = {
    missing: missingFields(mapping),
    derivation: derivationText(mapping.derived),
    inferred: mapping.decisions
      .filter((d) => d.method === 'content')
      .map((d) => `${d.field} ← ${d.header} (${d.reason})`),
  };
  reportCoverage(file, loadedRows > 0 ? coverage : { ...coverage, missing: [] }, opts);
  const missing = (['complaint_id', 'received_at'] as const).filter((f) => !hasField(mapping, f));

  if (loadedRows > 0 && missing.length > 0) {
    // Without an id or a date no row can be loaded: reject them all, keep them, say why.
    const message = `no column recognised as ${missing.join(' and ')}; headers: ${raw.headers.join(', ')} (use --mapping)`;
    const rawRow = rawRowExpr(raw.headers, keepRaw);
    await db.run(
      `insert into rejects (run_id, file, row_number, reason, message, raw)
       select $run, $file, rn, 'missing_required_column', $message, ${rawRow.expr} from ingest_raw r`,
      { run: runId, file, message, ...rawRow.params },
    );
    return {
      ...base,
      ...coverage,
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
    // Say what happened: rows that were all rejected are not an "empty file" (issue 13, defect 11).
    const message =
      raw.rejects.length > 0
        ? `all ${raw.rejects.length} row(s) rejected: ${[...new Set(raw.rejects.map((r) => r.reason))].join(', ')} — e.g. ${raw.rejects[0].message}`
        : raw.headers.length === 0
          ? 'empty file'
          : 'header only, no data rows';
    return {
      ...base,
      ...coverage,
      status: raw.rejects.length > 0 ? 'rejected' : 'ok',
      rows_new: 0,
      rows_updated: 0,
      rows_unchanged: 0,
      rows_rejected: raw.rejects.length,
      millis: performance.now() - t0,
      message,
    };
  }

  sw.lap('mapping');
  const settings = await inferFileSettings(db, 'ingest_raw', mapping, opts.settings.dateOrder);
  sw.lap('infer');
  if (settings.dateOrderSource === 'inferred')
    opts.log?.('inferred day/month order', { file, order: settings.dateOrder });
  const bounds = { settings: opts.settings.bounds ?? DEFAULT_BOUNDS, today: new Date() };
  const quality = await stageAndMeasure(
    db,
    'ingest_raw',
    'ingest_staged',
    raw.headers,
    mapping,
    settings,
    {
      timezone: opts.settings.timezone,
      customerIdSalt: opts.settings.customerIdSalt,
      bounds: bounds.settings,
      today: bounds.today,
    },
  );
  sw.lap('stage');
  const app = await db.conn.createAppender('field_quality');
  for (const q of quality) {
    const exampleSql =
      Number(q.unparsed) > 0
        ? unparsedExampleSql('ingest_staged', 'ingest_raw', mapping, q.field, bounds)
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
    { table: 'ingest_raw', headers: raw.headers, keepRaw },
    runId,
    file,
    opts.mergeSliceRows,
  );
  await db.run('drop table if exists ingest_staged; drop table if exists ingest_raw;');
  sw.lap('merge');
  opts.log?.('load timings (ms)', { file, ...timings });
  return {
    ...base,
    ...coverage,
    status: 'ok',
    ...(notes.length > 0 ? { message: notes.join('; ') } : {}),
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
  const settingsKey = readingSettingsKey({
    mapping: opts.mapping ?? null,
    encoding: opts.encoding ?? null,
    sheet: opts.sheet ?? null,
    delimiter: opts.delimiter ?? null,
    settings: opts.settings,
  });
  for (const file of await expandInputs(opts.inputs)) {
    const started = new Date();
    opts.onFileStart?.(file, (await stat(file)).size);
    const sha256 = opts.fileHashes?.[file];
    const hashed = sha256 ? { file, sha256, settings: settingsKey, runId } : undefined;
    const t0 = performance.now();
    const again = hashed ? await redeliveredFile(db, hashed) : null;
    const summary = again
      ? { ...again, millis: performance.now() - t0 }
      : await ingestComplaintFile(db, file, runId, opts).catch((e: unknown) => {
          throw inputError(file, e);
        });
    if (again) reportCoverage(file, again, opts);
    if (hashed && summary.status === 'ok') await recordFileHash(db, hashed, summary);
    assertAccounted(summary);
    await recordLoadRun(db, runId, summary, started, opts.settings.timezone);
    files.push(summary);
    opts.onFileDone?.(summary);
  }
  return { runId, files };
}

/** Log inferred and derived fields, warn about each missing key field and what it disables. */
function reportCoverage(file: string, c: FileCoverage, opts: IngestOptions): void {
  for (const inferred of c.inferred ?? [])
    opts.log?.('field inferred from content', { file, inferred });
  if (c.derivation)
    opts.log?.('derived from the product hierarchy', { file, derivation: c.derivation });
  for (const m of c.missing ?? [])
    opts.warn?.(`no ${m.field.replace('|', ' or ')} column: no ${m.disables}`, { file });
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
