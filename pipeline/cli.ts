#!/usr/bin/env node
// complaint-lens: load complaint exports into a DuckDB warehouse, build the models, serve the
// dashboard. Built on commander (well kept, typed, zero dependencies). This file wires the
// commands and their options; what each command does lives in pipeline/commands/<command>.ts.
//
// Exit codes — cron wrappers rely on them:
//   0 ok · 1 failed (the served warehouse is unchanged) · 2 usage error ·
//   3 ok, but the share of rejected rows is above --max-reject-rate, or (--strict) a file has no
//     description or product column.
import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from './config.ts';
import { createLogger } from './log.ts';
import { DbPathError } from './warehouse/dbPath.ts';
import { LockError } from './warehouse/lock.ts';
import { addUserCommands } from './auth/userCommands.ts';
import { UsersError } from './auth/users.ts';
import { buildCommand } from './commands/build.ts';
import { EXIT, UsageError } from './commands/common.ts';
import { doctorCommand } from './commands/doctor.ts';
import { inspectCommand } from './commands/inspect.ts';
import {
  addCommon,
  addIngestOptions,
  addServeOptions,
  DEFAULT_DB,
  positiveInt,
  type CommonOpts,
  type IngestOpts,
} from './commands/options.ts';
import { reportCommand } from './commands/report.ts';
import { runPipeline } from './commands/run.ts';
import { sampleCommand } from './commands/sample.ts';
import { serveCommand, startCommand } from './commands/serve.ts';

export { EXIT };

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
    .action(inspectCommand);

  addCommon(program.command('build').description('build the SQL models and run the data tests'))
    .option('--select <model>', 'build only this model (suffix + for everything downstream)')
    .option(
      '--full-refresh',
      'rebuild every model from scratch: incremental ones in full, kept tables too (docs/incremental.md)',
    )
    .action(buildCommand);

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
    .action(sampleCommand);

  addServeOptions(
    program.command('serve').description('serve the dashboard over a warehouse'),
  ).action(serveCommand);

  addServeOptions(
    program
      .command('start')
      .description(
        'build the sample warehouse if none exists, then serve the dashboard (npm start)',
      ),
  ).action(startCommand);

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
    .action(reportCommand);

  addCommon(program.command('doctor').description('check the environment and a warehouse')).action(
    doctorCommand,
  );

  return program;
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
