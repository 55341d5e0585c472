// Queries behind the Pipeline page ("did last night's load work?"): freshness, recent loads with
// their row accounting, rejected rows by reason with samples, field quality of the latest load,
// data tests and model run times of the latest build. The run journal is read through the journal
// marts (sql/journal/: views created with the base tables by every write, so they are current right
// after an ingest), field quality and the time zone through model marts, which exist once built.
// Rows are typed by the marts' contracts (martRow).
import { maskRawRow } from '../../../../pipeline/ingest/piiText.ts';
import { query } from './db.ts';
import { modelsBuilt } from './models.ts';
import { martRow } from '../../../../pipeline/contract/marts.ts';
import { int, str } from '../../../../pipeline/contract/values.ts';
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

/** A timestamp to the second, as the page shows it. */
const seconds = (v: string | null) => (v === null ? null : v.slice(0, 19));

/** The warehouse's configured time zone (mart_settings, built with the models), else the default. */
export async function warehouseTimeZone(): Promise<string> {
  if (!(await modelsBuilt())) return validTimeZone(null);
  const [row] = await query('select * from mart_settings');
  return validTimeZone(row ? martRow('mart_settings', row).timezone : null);
}

export async function loadPipeline(
  now: Date = new Date(),
  opts: { rawInClear: boolean } = { rawInClear: false },
): Promise<PipelineData> {
  // the journal marts are always there; field quality is a model mart, built or not at all
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
    `select max(coalesce(finished_at, started_at)) as at from mart_load_runs where status = 'ok'`,
  );
  const [received] = await query(`select max(c.received_at) as at from ${await complaintSource()}`);
  return computeFreshness({
    lastLoadAt: seconds(str(load?.at)),
    latestReceivedAt: seconds(str(received?.at)),
    now,
    timeZone,
  });
}

/** The most recent loads, newest first; also the rows of the runs export. */
export async function loadRuns(limit: number = recentRunLimit): Promise<LoadRun[]> {
  const rows = await query(
    `select * from mart_load_runs order by run_id desc, started_at desc, file limit $limit`,
    { limit },
  );
  return rows.map((json) => {
    const r = martRow('mart_load_runs', json);
    return {
      runId: int(r.run_id),
      file: r.file ?? '',
      kind: r.kind ?? '',
      startedAt: seconds(r.started_at) ?? '',
      finishedAt: seconds(r.finished_at),
      status: r.status ?? '',
      read: int(r.rows_read),
      new: int(r.rows_new),
      updated: int(r.rows_updated),
      unchanged: int(r.rows_unchanged),
      rejected: int(r.rows_rejected),
      // the load accounting identity, checked by the mart
      balanced: r.accounting_ok === true,
      format: r.format,
      encoding: r.encoding,
      bytes: r.bytes,
      message: r.message,
    };
  });
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
     from mart_rejects group by reason order by n desc, reason limit 50`,
  );
  // the raw row cut to what masking reads (a mart column, so the contract types it)
  const samples = await query(
    `select * replace (left(raw, $scan) as raw), length(raw) > $scan as raw_cut
     from mart_rejects
     qualify row_number() over (partition by reason order by run_id desc, row_number nulls last) <= $n
     order by reason, run_id desc, row_number`,
    { scan: maskedRawScan, n: samplesPerReason },
  );
  const byReason = new Map<string, RejectSample[]>();
  for (const json of samples) {
    const s = martRow('mart_rejects', json);
    const reason = s.reason ?? '';
    const list = byReason.get(reason) ?? [];
    list.push({
      runId: int(s.run_id),
      file: s.file ?? '',
      rowNumber: s.row_number,
      message: s.message,
      ...shownRaw(s.raw, json.raw_cut === true, rawInClear),
      complaintId: s.complaint_id,
    });
    byReason.set(reason, list);
  }
  return {
    total: reasons.reduce((sum, r) => sum + int(r.n), 0),
    reasons: reasons.map((r) => ({
      reason: String(r.reason),
      rows: int(r.n),
      files: int(r.files),
      latestRun: int(r.latest_run),
      samples: byReason.get(String(r.reason)) ?? [],
    })),
  };
}

/** Field null / unparsed rates of the latest load in mart_data_quality, worst first. */
async function loadFieldQuality(): Promise<PipelineData['fields']> {
  const rows = (
    await query(
      `select *
       from mart_data_quality
       where row_type = 'field'
         and run_id = (select max(run_id) from mart_data_quality where row_type = 'field')
       order by missing_rate desc nulls last, unparsed_rate desc nulls last, file, name`,
    )
  ).map((json) => martRow('mart_data_quality', json));
  if (rows.length === 0) return { runId: 0, rows: [] };
  return {
    runId: int(rows[0].run_id),
    rows: rows.map((r) => ({
      file: r.file ?? '',
      field: r.name ?? '',
      sourceHeader: r.source_header,
      rows: int(r.field_rows),
      nulls: int(r.nulls),
      nullRate: r.null_rate,
      unparsed: int(r.unparsed),
      unparsedRate: r.unparsed_rate,
      missingRate: r.missing_rate,
      unparsedExample: r.unparsed_example,
    })),
  };
}

/** Data tests of the latest build (mart_data_tests holds only those): failing ones first. */
async function loadDataTests(): Promise<PipelineData['tests']> {
  const rows = (
    await query(
      `select * from mart_data_tests
       order by status = 'pass', severity = 'warn', failures desc, test`,
    )
  ).map((json) => martRow('mart_data_tests', json));
  return {
    runId: rows.length > 0 ? int(rows[0].run_id) : 0,
    rows: rows.map((r) => ({
      test: r.test ?? '',
      severity: r.severity ?? '',
      status: r.status ?? '',
      failures: int(r.failures),
    })),
  };
}

/** Model run times of the latest build (mart_model_runs holds only those), slowest first. */
async function loadModelRuns(): Promise<PipelineData['models']> {
  const rows = (
    await query(`select * from mart_model_runs order by milliseconds desc nulls last, model`)
  ).map((json) => martRow('mart_model_runs', json));
  if (rows.length === 0) return null;
  const all = rows.map((r) => ({
    model: r.model ?? '',
    milliseconds: r.milliseconds ?? 0,
    rows: r.rows,
    status: r.status ?? '',
    message: r.message,
  }));
  return {
    runId: int(rows[0].run_id),
    startedAt: seconds(rows[0].build_started_at) ?? '',
    count: all.length,
    totalMs: all.reduce((sum, m) => sum + m.milliseconds, 0),
    failed: rows.filter((r) => r.is_failed === true).length,
    slowest: all.slice(0, slowestModels),
  };
}
