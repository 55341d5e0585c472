#!/usr/bin/env node
// complaint-lens: load complaint exports into a DuckDB warehouse, build the models, serve the
// dashboard. Built on commander (well kept, typed, zero dependencies).
//
// Exit codes — cron wrappers rely on them:
//   0 ok · 1 failed (the served warehouse is unchanged) · 2 usage error ·
//   3 ok, but the share of rejected rows is above --max-reject-rate.
import { Command, CommanderError, Option } from 'commander';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { validateMapping, type UserMapping } from './ingest/headers.ts';
import { ingest, nextRunId, totals, type FileSummary, type IngestResult } from './ingest/ingest.ts';
import { LockError } from './warehouse/lock.ts';
import { withWarehouseCopy } from './warehouse/swap.ts';

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
interface IngestOpts extends CommonOpts {
  input: string[];
  volumes: string[];
  actions: string[];
  mapping?: string;
  encoding?: string;
  sheet?: string;
  delimiter?: string;
  dateOrder?: 'auto' | 'ymd' | 'mdy' | 'dmy';
  maxRejectRate?: number;
  select?: string;
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
  const dbPath = resolve(opts.db);
  const t0 = performance.now();
  let totalBytes = 0;
  let doneBytes = 0;
  let ticker: NodeJS.Timeout | undefined;
  const result = await withWarehouseCopy(
    dbPath,
    async (db) => {
      const ingested: IngestResult = await ingest(db, {
        inputs: opts.input,
        volumes: opts.volumes,
        actions: opts.actions,
        mapping,
        encoding: opts.encoding,
        sheet: opts.sheet,
        delimiter: opts.delimiter,
        settings: {
          timezone: config.timezone,
          dateOrder: config.ingest.dateOrder,
          customerIdSalt: config.privacy.customerIdSalt,
        },
        log: (m, f) => log.info(m, f),
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
      });
      let models: unknown;
      if (withBuild) models = await buildInto(db, config, opts.select, log, ingested.runId);
      return { ingested, models };
    },
    { timeZone: config.timezone, log: (m, f) => log.warn(m, f) },
  ).finally(() => clearInterval(ticker));
  const t = totals(result.ingested.files);
  const rejectRate = t.rows_read ? t.rows_rejected / t.rows_read : 0;
  const overLimit = rejectRate > config.ingest.maxRejectRate;
  const summary = {
    status: overLimit ? 'reject_rate_exceeded' : 'ok',
    run_id: result.ingested.runId,
    db: dbPath,
    files: result.ingested.files.map(fileFields),
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
  if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
  return overLimit ? EXIT.rejectRate : EXIT.ok;
}

async function buildInto(
  db: import('./db.ts').Db,
  config: Config,
  select: string | undefined,
  log: Logger,
  runId?: number,
) {
  const { buildModels } = await import('./models/runner.ts');
  const summary = await buildModels(db, { config, select, runId, log: (m: string) => log.info(m) });
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
    );
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

  addCommon(program.command('build').description('build the SQL models and run the data tests'))
    .option('--select <model>', 'build only this model (suffix + for everything downstream)')
    .action(async (o: CommonOpts & { select?: string }) => {
      const log = logger(o);
      const config = await configFor(o);
      const dbPath = resolve(o.db);
      if (!existsSync(dbPath))
        throw new UsageError(`no warehouse at ${dbPath}: run \`complaint-lens ingest\` first`);
      const summary = await withWarehouseCopy(
        dbPath,
        async (db) => buildInto(db, config, o.select, log, await nextRunId(db)),
        {
          timeZone: config.timezone,
        },
      );
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
        const { generateSample } = await import('./sample/generate.ts');
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

  program
    .command('serve')
    .description('serve the dashboard over a warehouse')
    .option('--db <path>', 'warehouse file', DEFAULT_DB)
    .option('--host <host>', 'interface to listen on (env HOST)', process.env.HOST ?? '127.0.0.1')
    .option(
      '--port <n>',
      'port (env PORT)',
      positiveInt('--port'),
      Number(process.env.PORT ?? 3000),
    )
    .action(async (o: { db: string; host: string; port: number }) => {
      await serve(o.db, o.host, o.port, createLogger());
    });

  program
    .command('start')
    .description('build the sample warehouse if none exists, then serve the dashboard (npm start)')
    .option('--db <path>', 'warehouse file', DEFAULT_DB)
    .option('--host <host>', 'interface to listen on (env HOST)', process.env.HOST ?? '127.0.0.1')
    .option(
      '--port <n>',
      'port (env PORT)',
      positiveInt('--port'),
      Number(process.env.PORT ?? 3000),
    )
    .action(async (o: { db: string; host: string; port: number }) => {
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
      await serve(o.db, o.host, o.port, log);
    });

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

async function serve(db: string, host: string, port: number, log: Logger): Promise<void> {
  const { serveDashboard } = await import('./serve.ts');
  const server = await serveDashboard({
    db: resolve(db),
    host,
    port,
    log: (m: string) => log.info(m),
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
    if (e instanceof UsageError || e instanceof ConfigError) {
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
