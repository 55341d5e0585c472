#!/usr/bin/env node
// complaint-lens: load complaint exports into a DuckDB warehouse, build the models, serve the
// dashboard. Built on commander (well kept, typed, zero dependencies).
//
// Exit codes — cron wrappers rely on them:
//   0 ok · 1 failed (the served warehouse is unchanged) · 2 usage error ·
//   3 ok, but the share of rejected rows is above --max-reject-rate, or (--strict) a file has no
//     description or product column.
import { Command, CommanderError, Option } from 'commander';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError, ingestBounds, loadConfig, localNow, type Config } from './config.ts';
import { openDb, type Db } from './db.ts';
import { checkMartContracts, outdatedMessage } from './contract/check.ts';
import { createLogger, type Logger } from './log.ts';
import { validateMapping, type UserMapping } from './ingest/headers.ts';
import {
  expandInputs,
  ingest,
  nextRunId,
  totals,
  type FileSummary,
  type IngestOptions,
  type IngestResult,
} from './ingest/ingest.ts';
import type { BuildSummary } from './models/runner.ts';
import { DbPathError, prepareDbDir } from './warehouse/dbPath.ts';
import { LockError } from './warehouse/lock.ts';
import { addUserCommands, ensureFirstAdmin } from './auth/userCommands.ts';
import { usersFileFor, UsersError } from './auth/users.ts';
import { replayPath, type RequestOptions, type RunRequest } from './warehouse/journal.ts';
import { makeRequest } from './warehouse/request.ts';
import { withWarehouseCopy, type SwapOptions } from './warehouse/swap.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2, rejectRate: 3 } as const;
const DEFAULT_DB = 'data/warehouse.duckdb';
const ROOT = resolve(import.meta.dirname, '..');

class UsageError extends Error {}

interface CommonOpts {
  db: string;
  config?: string;
  json?: boolean;
  quiet?: boolean;
}
interface IngestOpts extends CommonOpts, RequestOptions {
  input: string[];
  volumes: string[];
  actions: string[];
  mapping?: string;
  strict?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

function parseRate(v: string): number {
  const n = Number(v.replace(/%$/, '')) / (v.endsWith('%') ? 100 : 1);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new UsageError(`--max-reject-rate must be between 0 and 1 (or 0%–100%), got ${v}`);
  return n;
}

function positiveInt(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0)
      throw new UsageError(`${name} must be a non-negative integer, got ${v}`);
    return n;
  };
}

async function readMapping(path: string | undefined): Promise<UserMapping | undefined> {
  if (!path) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`--mapping ${path}: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new UsageError(`--mapping ${path}: expected a JSON object {"header": "field"}`);
  const problems = validateMapping(parsed as UserMapping);
  if (problems.length) throw new UsageError(`--mapping ${path}:\n  ${problems.join('\n  ')}`);
  return parsed as UserMapping;
}

async function configFor(
  opts: CommonOpts & { dateOrder?: IngestOpts['dateOrder']; maxRejectRate?: number },
): Promise<Config> {
  const config = await loadConfig(opts.config);
  if (opts.dateOrder) config.ingest.dateOrder = opts.dateOrder;
  if (opts.maxRejectRate !== undefined) config.ingest.maxRejectRate = opts.maxRejectRate;
  return config;
}

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
async function runPipeline(opts: IngestOpts, log: Logger, withBuild: boolean): Promise<number> {
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

/**
 * Do what a request says on an open warehouse: ingest its files (run, ingest), build the models
 * (run, build). Tonight's run and the standby's replay of an earlier one (swap.ts) both come here.
 */
async function executeRequest(
  db: Db,
  request: RunRequest,
  loaded: { config: Config; mapping: UserMapping | undefined },
  log: Logger,
  progress: Pick<IngestOptions, 'onFileStart' | 'onFileDone'> = {},
): Promise<{ ingested?: IngestResult; models?: BuildSummary }> {
  const { config, mapping } = loaded;
  const o = request.options;
  const ingested =
    request.command === 'build'
      ? undefined
      : await ingest(db, {
          inputs: request.inputs.map((f) => replayPath(f, request)),
          volumes: request.volumes.map((f) => replayPath(f, request)),
          actions: (request.actions ?? []).map((f) => replayPath(f, request)),
          mapping,
          encoding: o.encoding,
          sheet: o.sheet,
          delimiter: o.delimiter,
          settings: {
            timezone: config.timezone,
            dateOrder: config.ingest.dateOrder,
            customerIdSalt: config.privacy.customerIdSalt,
            bounds: ingestBounds(config),
            keepRaw: config.privacy.keepRaw,
          },
          log: (m, f) => log.info(m, f),
          warn: (m, f) => log.warn(m, f),
          fileHashes: Object.fromEntries(
            request.inputs.map((f) => [replayPath(f, request), f.sha256]),
          ),
          ...progress,
        });
  const models =
    request.command === 'ingest'
      ? undefined
      : await buildInto(db, config, o, log, ingested?.runId ?? (await nextRunId(db)));
  return { ingested, models };
}

/** Lets the standby replay journalled runs: their configuration and mapping re-read, as-of pinned. */
function replayOptions(request: RunRequest, log: Logger): Pick<SwapOptions, 'request' | 'replay'> {
  return {
    request,
    async replay(db, earlier) {
      const config = await configFor({
        db: '',
        config: earlier.config?.abs,
        dateOrder: earlier.options.dateOrder,
        maxRejectRate: earlier.options.maxRejectRate,
      });
      config.kpi.asOf = earlier.asOf;
      const mapping = await readMapping(earlier.mapping?.abs);
      const quiet = createLogger({ quiet: true });
      await executeRequest(db, earlier, { config, mapping }, quiet);
      log.info('standby warehouse: replayed an earlier run', {
        command: earlier.command,
        files: earlier.inputs.length + earlier.volumes.length,
      });
    },
  };
}

async function buildInto(
  db: Db,
  config: Config,
  o: RequestOptions,
  log: Logger,
  runId?: number,
): Promise<BuildSummary> {
  const { buildModels } = await import('./models/runner.ts');
  const summary = await buildModels(db, {
    config,
    select: o.select,
    fullRefresh: o.fullRefresh,
    runId,
    log: (m: string) => log.info(m),
    warn: (m: string) => log.warn(m),
  });
  return summary;
}

function addCommon(cmd: Command): Command {
  return cmd
    .option('--db <path>', 'warehouse file', DEFAULT_DB)
    .option(
      '--config <file>',
      'configuration JSON (default ./complaint-lens.config.json if present)',
    )
    .option('--json', 'print one JSON summary object on stdout (logs stay on stderr)')
    .option('--quiet', 'only warnings and errors on stderr');
}

function addIngestOptions(cmd: Command): Command {
  return cmd
    .option(
      '--input <file|dir>',
      'complaint export file, or a directory loaded in name order (repeatable)',
      collect,
      [],
    )
    .option('--volumes <file>', 'units per product and batch (repeatable)', collect, [])
    .option(
      '--actions <file>',
      'actions already taken: recalls, containment, corrective actions (CSV/XLSX, repeatable)',
      collect,
      [],
    )
    .option('--mapping <json>', 'JSON file {"source header": "canonical_field" | null}')
    .option(
      '--encoding <name>',
      'force the text encoding (utf-8, gbk, gb18030, utf-16le, utf-16be)',
    )
    .option('--sheet <name>', 'XLSX sheet to read (default: the first sheet with data)')
    .option('--delimiter <char>', 'force the CSV delimiter (default: sniffed)')
    .addOption(
      new Option('--date-order <order>', 'day/month order of dates like 03/04/2025').choices([
        'auto',
        'ymd',
        'mdy',
        'dmy',
      ]),
    )
    .option(
      '--max-reject-rate <rate>',
      'exit 3 when rejected/read exceeds this (default 0.05)',
      parseRate,
    )
    .option('--strict', 'exit 3 when a file has no description or product column');
}

export function buildProgram(): Command {
  const program = new Command('complaint-lens')
    .description(
      'Complaint analytics: lossless ingest into DuckDB, KPI and root-cause models, dashboard.',
    )
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(run complaint-lens --help for usage)')
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
    });

  const logger = (o: CommonOpts) => createLogger({ quiet: o.quiet });

  addIngestOptions(
    addCommon(
      program
        .command('run')
        .description('ingest the inputs, then build all models (one atomic swap)'),
    ),
  )
    .option('--select <model>', 'build only this model (suffix + for everything downstream)')
    .option(
      '--full-refresh',
      'rebuild every model from scratch: incremental ones in full, kept tables too (docs/incremental.md)',
    )
    .action(async (o: IngestOpts) => {
      process.exitCode = await runPipeline(o, logger(o), true);
    });

  addIngestOptions(
    addCommon(
      program
        .command('ingest')
        .description('load export files into the warehouse (no model build)'),
    ),
  ).action(async (o: IngestOpts) => {
    process.exitCode = await runPipeline(o, logger(o), false);
  });

  program
    .command('inspect')
    .description(
      'show how an export would be mapped: per column the proposed field, how it was decided, samples, parse rate',
    )
    .requiredOption('--input <file>', 'complaint export file')
    .option('--mapping <json>', 'JSON file {"source header": "canonical_field" | null}')
    .option('--encoding <name>', 'force the text encoding')
    .option('--sheet <name>', 'XLSX sheet to read')
    .option('--delimiter <char>', 'force the CSV delimiter')
    .option('--write-mapping <json>', 'write the proposed mapping as an editable --mapping file')
    .option('--config <file>', 'configuration JSON (time zone, date order)')
    .option('--json', 'print the inspection as one JSON object on stdout')
    .action(
      async (o: {
        input: string;
        mapping?: string;
        encoding?: string;
        sheet?: string;
        delimiter?: string;
        writeMapping?: string;
        config?: string;
        json?: boolean;
      }) => {
        const { inspectFile, formatInspection, mappingFile } = await import('./ingest/inspect.ts');
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
      },
    );

  addCommon(program.command('build').description('build the SQL models and run the data tests'))
    .option('--select <model>', 'build only this model (suffix + for everything downstream)')
    .option(
      '--full-refresh',
      'rebuild every model from scratch: incremental ones in full, kept tables too (docs/incremental.md)',
    )
    .action(async (o: CommonOpts & { select?: string; fullRefresh?: boolean }) => {
      const summary = await buildModels(o, logger(o), {
        select: o.select,
        fullRefresh: o.fullRefresh,
      });
      if (o.json) process.stdout.write(JSON.stringify(summary) + '\n');
    });

  program
    .command('sample')
    .description(
      'generate a realistic complaint export with planted signals (see sample-data/README.md)',
    )
    .option('--rows <n>', 'complaints to generate', positiveInt('--rows'), 20000)
    .option('--seed <n>', 'random seed', positiveInt('--seed'), 42)
    .option('--out <dir>', 'output directory', 'sample-data')
    .addOption(
      new Option('--lang <lang>', 'narrative and header language')
        .choices(['zh', 'en'])
        .default('zh'),
    )
    .option('--end-date <date>', 'last day of the export (ISO date)', '2026-10-31')
    .option('--months <n>', 'months of history', positiveInt('--months'), 24)
    .option('--labels <file>', 'also write complaint_id,root_cause ground truth (for evaluations)')
    .option('--json', 'print the summary as JSON')
    .option('--quiet', 'no log output')
    .action(
      async (o: {
        rows: number;
        seed: number;
        out: string;
        lang: 'zh' | 'en';
        endDate: string;
        months: number;
        labels?: string;
        json?: boolean;
        quiet?: boolean;
      }) => {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(o.endDate))
          throw new UsageError(`--end-date must be YYYY-MM-DD, got ${o.endDate}`);
        const { generateSample } = await import('../sample-data/generator/generate.ts');
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
      },
    );

  addServeOptions(
    program.command('serve').description('serve the dashboard over a warehouse'),
  ).action(async (o: ServeOpts) => {
    const log = createLogger();
    await checkWarehouse(o, log, false);
    await serve(o, log);
  });

  addServeOptions(
    program
      .command('start')
      .description(
        'build the sample warehouse if none exists, then serve the dashboard (npm start)',
      ),
  ).action(async (o: ServeOpts) => {
    const log = createLogger();
    if (!existsSync(resolve(o.db))) {
      log.info('no warehouse yet: building it from sample-data/', { db: o.db });
      const code = await runPipeline(
        {
          db: o.db,
          input: [resolve(ROOT, 'sample-data/complaints.csv')],
          volumes: [resolve(ROOT, 'sample-data/volumes.csv')],
          actions: [],
        },
        log,
        true,
      );
      if (code !== EXIT.ok) log.warn('sample load finished with warnings', { exit_code: code });
    }
    await checkWarehouse(o, log, true);
    await serve(o, log);
  });

  addUserCommands(program, DEFAULT_DB);

  program
    .command('report')
    .description('write the monthly complaint report or the weekly hot-spot bulletin (HTML or PDF)')
    .option('--db <path>', 'warehouse file (opened read-only)', DEFAULT_DB)
    .option(
      '--period <period>',
      'month 2026-10, ISO week 2026-W43 or a date inside the week (default: the latest complete period)',
    )
    .addOption(
      new Option(
        '--kind <kind>',
        'monthly report or weekly bulletin (default: from --period, else monthly)',
      ).choices(['monthly', 'weekly']),
    )
    .addOption(new Option('--lang <lang>', 'report language').choices(['zh', 'en']).default('zh'))
    .addOption(
      new Option(
        '--format <format>',
        'output format (default: from the --out extension, else html)',
      ).choices(['html', 'pdf']),
    )
    .option('--out <file>', 'output file (default: ./complaint-<kind>-<period>-<lang>.<format>)')
    .option('--json', 'print one JSON summary object on stdout')
    .option('--quiet', 'only warnings and errors on stderr')
    .action(
      async (o: {
        db: string;
        period?: string;
        kind?: 'monthly' | 'weekly';
        lang: 'zh' | 'en';
        format?: 'html' | 'pdf';
        out?: string;
        json?: boolean;
        quiet?: boolean;
      }) => {
        const { writeReport, isReportUsageError } = await import('./report/index.ts');
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
      },
    );

  addCommon(program.command('doctor').description('check the environment and a warehouse')).action(
    async (o: CommonOpts) => {
      const { doctor } = await import('./doctor.ts');
      const report = await doctor(resolve(o.db), o.config);
      if (o.json) process.stdout.write(JSON.stringify(report) + '\n');
      else
        for (const c of report.checks)
          process.stderr.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}\n`);
      process.exitCode = report.ok ? EXIT.ok : EXIT.failed;
    },
  );

  return program;
}

interface ServeOpts {
  db: string;
  host: string;
  port: number;
  /** false with --no-auth */
  auth: boolean;
  users?: string;
  allowedHost: string[];
}

function addServeOptions(cmd: Command): Command {
  return cmd
    .option('--db <path>', 'warehouse file', DEFAULT_DB)
    .option('--host <host>', 'interface to listen on (env HOST)', process.env.HOST ?? '127.0.0.1')
    .option(
      '--port <n>',
      'port (env PORT)',
      positiveInt('--port'),
      Number(process.env.PORT ?? 3000),
    )
    .option('--no-auth', 'local mode without sign-in: 127.0.0.1 only, everyone is admin')
    .option('--users <file>', 'accounts file (default: users.json beside --db)')
    .option(
      '--allowed-host <host>',
      'a Host header value to accept besides localhost (repeatable; e.g. the intranet name)',
      collect,
      [],
    );
}

/** `complaint-lens build`: the models (and data tests) over the loaded complaints, swapped in atomically. */
async function buildModels(
  o: CommonOpts,
  log: Logger,
  options: { select?: string; fullRefresh?: boolean },
): Promise<BuildSummary | undefined> {
  const config = await configFor(o);
  const dbPath = resolve(o.db);
  if (!existsSync(dbPath))
    throw new UsageError(`no warehouse at ${dbPath}: run \`complaint-lens ingest\` first`);
  const request = await makeRequest({
    command: 'build',
    inputs: [],
    volumes: [],
    config: o.config,
    asOf: config.kpi.asOf ?? localNow(config.timezone),
    options,
  });
  config.kpi.asOf = request.asOf;
  const result = await withWarehouseCopy(
    dbPath,
    (db) => executeRequest(db, request, { config, mapping: undefined }, log),
    {
      timeZone: config.timezone,
      log: (m, f) => log.warn(m, f),
      ...replayOptions(request, log),
    },
  );
  return result.models;
}

/**
 * The marts of an existing warehouse against this version's contracts. `start` rebuilds the models
 * of a warehouse built by another version (the first-time path must just work); `serve` refuses it
 * with the command that fixes it, rather than serving pages that fail one query at a time.
 */
async function checkWarehouse(o: ServeOpts, log: Logger, rebuild: boolean): Promise<void> {
  const dbPath = resolve(o.db);
  if (!existsSync(dbPath)) return;
  const db = await openDb(dbPath, { readOnly: true });
  let check;
  try {
    check = await checkMartContracts(db);
  } finally {
    db.close();
  }
  if (check.state === 'unbuilt') {
    log.warn(
      'the warehouse has no models yet: run `complaint-lens build` to see KPIs, hot spots and root causes',
      { db: dbPath },
    );
  }
  if (check.state !== 'outdated') return;
  if (!rebuild) throw new UsageError(outdatedMessage(dbPath, check));
  log.warn('the warehouse was built by another version: rebuilding its models', {
    problems: check.problems.join('; '),
  });
  await buildModels({ db: o.db }, log, {});
}

async function serve(o: ServeOpts, log: Logger): Promise<void> {
  const { serveDashboard } = await import('./serve.ts');
  const usersFile = o.users ? resolve(o.users) : usersFileFor(o.db);
  if (o.auth) await ensureFirstAdmin(usersFile, (m) => log.info(m));
  const server = await serveDashboard({
    db: resolve(o.db),
    host: o.host,
    port: o.port,
    log: (m: string) => log.info(m),
    auth: o.auth ? 'on' : 'none',
    usersFile,
    allowedHosts: o.allowedHost,
  });
  log.info('dashboard ready', { url: server.url });
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (
      e instanceof UsageError ||
      e instanceof ConfigError ||
      e instanceof DbPathError ||
      e instanceof UsersError
    ) {
      process.stderr.write(`error: ${e.message}\n`);
      return EXIT.usage;
    }
    const log = createLogger();
    if (e instanceof LockError) log.error(e.message);
    else log.error('run failed; the warehouse is unchanged', { error: (e as Error).message });
    if (process.env.COMPLAINT_LENS_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return EXIT.failed;
  }
}

if (import.meta.main) {
  const code = await main(process.argv);
  if (code !== 0 || !['serve', 'start'].includes(process.argv[2] ?? '')) process.exitCode = code;
}
