// Queries behind the Pipeline page ("did last night's load work?"): freshness, recent loads with
// their row accounting, rejected rows by reason with samples, field quality of the latest load,
// data tests and model run times of the latest build. Base tables come from
// pipeline/warehouse/base_tables.sql, mart_data_quality from `complaint-lens build`; each section
// is empty (not an error) when its table is missing, so an old or half-built warehouse still shows
// what it has.
import { maskRawRow } from '../../../../pipeline/ingest/piiText.ts';
import { query } from './db.ts';
import { modelsBuilt } from './models.ts';
import { num, str } from '../../../../pipeline/contract/values.ts';
import { complaintSource } from './complaintSource.ts';
import { computeFreshness, validTimeZone, type Freshness } from './pipelineFreshness.ts';
import { loadColumnMappings, type FileMapping } from './pipelineMappings.ts';

/** Recent load rows (one per run and file) shown and exported. */
export const recentRunLimit = 30;
/** Sample rejected rows per reason. */
export const samplesPerReason = 3;
/** Longest raw row sent to the browser (the page shows a shorter preview, expandable). */
export const maxRawLength = 4000;
/** Models in the run-time chart (the slowest ones). */
export const slowestModels = 15;

export interface LoadRun {
  runId: number;
  file: string;
  kind: string;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  read: number;
  new: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** read = new + updated + unchanged + rejected */
  balanced: boolean;
  format: string | null;
  encoding: string | null;
  bytes: number | null;
  message: string | null;
}

export interface RejectSample {
  runId: number;
  file: string;
  rowNumber: number | null;
  message: string | null;
  raw: string | null;
  /** The raw row was longer than `maxRawLength` and was cut. */
  rawCut: boolean;
  complaintId: string | null;
}

export interface RejectReason {
  reason: string;
  rows: number;
  files: number;
  latestRun: number;
  samples: RejectSample[];
}

export interface FieldQuality {
  file: string;
  field: string;
  sourceHeader: string | null;
  rows: number;
  nulls: number;
  nullRate: number | null;
  unparsed: number;
  unparsedRate: number | null;
  missingRate: number | null;
  unparsedExample: string | null;
}

export interface DataTest {
  test: string;
  severity: string;
  status: string;
  failures: number;
}

export interface ModelRun {
  model: string;
  milliseconds: number;
  rows: number | null;
  status: string;
  message: string | null;
}

export interface PipelineData {
  freshness: Freshness;
  timeZone: string;
  runs: LoadRun[] | null;
  /** Column mapping per recently loaded file (null: warehouse predates load_mappings). */
  mappings: FileMapping[] | null;
  rejects: { total: number; reasons: RejectReason[] } | null;
  fields: { runId: number; rows: FieldQuality[] } | null;
  tests: { runId: number; rows: DataTest[] } | null;
  models: {
    runId: number;
    startedAt: string;
    count: number;
    totalMs: number;
    failed: number;
    slowest: ModelRun[];
  } | null;
}

const ts = (v: unknown) => (v === null || v === undefined ? null : String(v).slice(0, 19));

/** The warehouse's configured time zone (cfg_settings, written by a build), else the default. */
export async function warehouseTimeZone(): Promise<string> {
  if (!(await modelsBuilt())) return validTimeZone(null);
  const [row] = await query(`select value from cfg_settings where key = 'timezone'`);
  return validTimeZone(str(row?.value));
}

export async function loadPipeline(
  now: Date = new Date(),
  opts: { rawInClear: boolean } = { rawInClear: false },
): Promise<PipelineData> {
  // the run journal is base tables (always there); field quality is a mart, built or not at all
  const built = await modelsBuilt();
  const timeZone = await warehouseTimeZone();
  const [runs, rejects, fields, tests, models, freshness, mappings] = await Promise.all([
    loadRuns(),
    loadRejects(opts.rawInClear),
    built ? loadFieldQuality() : null,
    loadDataTests(),
    loadModelRuns(),
    loadFreshness(now, timeZone),
    loadColumnMappings(),
  ]);
  return { freshness, timeZone, runs, mappings, rejects, fields, tests, models };
}

async function loadFreshness(now: Date, timeZone: string): Promise<Freshness> {
  const [load] = await query(
    `select max(coalesce(finished_at, started_at)) as at from load_runs where status = 'ok'`,
  );
  const [received] = await query(`select max(c.received_at) as at from ${await complaintSource()}`);
  return computeFreshness({
    lastLoadAt: ts(load?.at),
    latestReceivedAt: ts(received?.at),
    now,
    timeZone,
  });
}

/** The most recent loads, newest first; also the rows of the runs export. */
export async function loadRuns(limit: number = recentRunLimit): Promise<LoadRun[]> {
  const rows = await query(
    `select run_id, file, kind, started_at, finished_at, status, rows_read, rows_new, rows_updated,
            rows_unchanged, rows_rejected, format, encoding, bytes, message
     from load_runs
     order by run_id desc, started_at desc, file
     limit $limit`,
    { limit },
  );
  return rows.map((r) => {
    const run = {
      runId: Number(r.run_id),
      file: String(r.file),
      kind: String(r.kind),
      startedAt: ts(r.started_at) ?? '',
      finishedAt: ts(r.finished_at),
      status: String(r.status),
      read: Number(r.rows_read),
      new: Number(r.rows_new),
      updated: Number(r.rows_updated),
      unchanged: Number(r.rows_unchanged),
      rejected: Number(r.rows_rejected),
      format: str(r.format),
      encoding: str(r.encoding),
      bytes: num(r.bytes),
      message: str(r.message),
    };
    return { ...run, balanced: isBalanced(run) };
  });
}

/** The load accounting identity: every row read is new, updated, unchanged or rejected. */
export function isBalanced(run: {
  read: number;
  new: number;
  updated: number;
  unchanged: number;
  rejected: number;
}): boolean {
  return run.read === run.new + run.updated + run.unchanged + run.rejected;
}

/** How much of a raw row is read to mask it whole (a JSON row is masked by key when it parses). */
const maskedRawScan = 64 * 1024;

/**
 * A reject's raw row as the page shows it: as stored for admins; for everyone else masked first
 * (maskRawRow: a JSON row by header — names, addresses, phones … — and by content everywhere),
 * then cut to maxRawLength.
 */
function shownRaw(
  raw: string | null,
  cut: boolean,
  rawInClear: boolean,
): { raw: string | null; rawCut: boolean } {
  if (raw === null) return { raw, rawCut: cut };
  const text = rawInClear ? raw : maskRawRow(raw);
  return { raw: text.slice(0, maxRawLength), rawCut: cut || text.length > maxRawLength };
}

async function loadRejects(rawInClear: boolean): Promise<PipelineData['rejects']> {
  const reasons = await query(
    `select reason, count(*) as n, count(distinct file) as files, max(run_id) as latest_run
     from rejects group by reason order by n desc, reason limit 50`,
  );
  const samples = await query(
    `select run_id, file, row_number, reason, message, left(raw, $scan) as raw,
            length(raw) > $scan as raw_cut, complaint_id
     from rejects
     qualify row_number() over (partition by reason order by run_id desc, row_number nulls last) <= $n
     order by reason, run_id desc, row_number`,
    { scan: maskedRawScan, n: samplesPerReason },
  );
  const byReason = new Map<string, RejectSample[]>();
  for (const s of samples) {
    const list = byReason.get(String(s.reason)) ?? [];
    list.push({
      runId: Number(s.run_id),
      file: String(s.file),
      rowNumber: num(s.row_number),
      message: str(s.message),
      ...shownRaw(str(s.raw), s.raw_cut === true, rawInClear),
      complaintId: str(s.complaint_id),
    });
    byReason.set(String(s.reason), list);
  }
  return {
    total: reasons.reduce((sum, r) => sum + Number(r.n), 0),
    reasons: reasons.map((r) => ({
      reason: String(r.reason),
      rows: Number(r.n),
      files: Number(r.files),
      latestRun: Number(r.latest_run),
      samples: byReason.get(String(r.reason)) ?? [],
    })),
  };
}

/** Field null / unparsed rates of the latest load in mart_data_quality, worst first. */
async function loadFieldQuality(): Promise<PipelineData['fields']> {
  const rows = await query(
    `select run_id, file, name, source_header, field_rows, nulls, null_rate, unparsed,
            unparsed_rate, missing_rate, unparsed_example
     from mart_data_quality
     where row_type = 'field'
       and run_id = (select max(run_id) from mart_data_quality where row_type = 'field')
     order by missing_rate desc nulls last, unparsed_rate desc nulls last, file, name`,
  );
  if (rows.length === 0) return { runId: 0, rows: [] };
  return {
    runId: Number(rows[0].run_id),
    rows: rows.map((r) => ({
      file: String(r.file),
      field: String(r.name),
      sourceHeader: str(r.source_header),
      rows: Number(r.field_rows ?? 0),
      nulls: Number(r.nulls ?? 0),
      nullRate: num(r.null_rate),
      unparsed: Number(r.unparsed ?? 0),
      unparsedRate: num(r.unparsed_rate),
      missingRate: num(r.missing_rate),
      unparsedExample: str(r.unparsed_example),
    })),
  };
}

/** Data tests of the latest build: failing ones first. */
async function loadDataTests(): Promise<PipelineData['tests']> {
  const rows = await query(
    `select run_id, test, severity, failures, status
     from data_test_results
     where run_id = (select max(run_id) from data_test_results)
     order by status = 'pass', severity = 'warn', failures desc, test`,
  );
  return {
    runId: rows.length > 0 ? Number(rows[0].run_id) : 0,
    rows: rows.map((r) => ({
      test: String(r.test),
      severity: String(r.severity),
      status: String(r.status),
      failures: Number(r.failures),
    })),
  };
}

/** Model run times of the latest build, slowest first. */
async function loadModelRuns(): Promise<PipelineData['models']> {
  const rows = await query(
    `select run_id, model, started_at, rows, milliseconds, status, message
     from model_runs
     where run_id = (select max(run_id) from model_runs)
     order by milliseconds desc nulls last, model`,
  );
  if (rows.length === 0) return null;
  const all = rows.map((r) => ({
    model: String(r.model),
    milliseconds: Number(r.milliseconds ?? 0),
    rows: num(r.rows),
    status: String(r.status),
    message: str(r.message),
  }));
  return {
    runId: Number(rows[0].run_id),
    startedAt: rows.map((r) => ts(r.started_at) ?? '').sort()[0],
    count: all.length,
    totalMs: all.reduce((sum, m) => sum + m.milliseconds, 0),
    failed: all.filter((m) => m.status !== 'success').length,
    slowest: all.slice(0, slowestModels),
  };
}
