// `complaint-lens build`: write the config tables, run sql/macros/*.sql, run the SQL models in dependency order
// (staging as views, intermediate and marts as tables), record model_runs, run the data tests and
// record data_test_results. Any failing model, or a failing error-level (integrity) data test,
// throws BuildError (warn-level findings are recorded and logged, never blocking: docs/data-tests.md);
// the caller (the CLI's warehouse swap) then keeps the served warehouse unchanged.
import type { Db } from '../db.ts';
import { quotedIdentifier } from '../db.ts';
import { localNow, type Config } from '../config.ts';
import { writeConfigTables } from './configTables.ts';
import {
  DEFAULT_SQL_DIR,
  discoverDataTests,
  discoverMacros,
  discoverModels,
  type Layer,
  type Materialization,
  type ModelFile,
} from './discover.ts';
import { buildGraph, modelDependencies, selectModels } from './graph.ts';
import { isBlocking, recordDataTests, runDataTest, type DataTestResult } from './dataTests.ts';
import { defaultProgramModels, type ProgramModel } from './programModels.ts';
import { recommendationMart, recordRecommendations } from './recommendationLog.ts';
import { buildIncremental, type IncrementalOutcome } from './incremental.ts';
import { identifiers } from './sqlText.ts';
import { InputTracker } from './unchanged.ts';

export interface BuildOptions {
  /** Directory holding staging/, intermediate/, marts/ and tests/ (default: the repository's sql/). */
  sqlDir?: string;
  /** `model` (just it) or `model+` (it and everything downstream); several separated by commas. */
  select?: string;
  config: Config;
  /** Recorded in model_runs/data_test_results; default max(model_runs.run_id) + 1. */
  runId?: number;
  log?: (msg: string) => void;
  /** Warnings (warn-level data test findings); default: log. */
  warn?: (msg: string) => void;
  /** Rebuild incremental models in full and every table model (`--full-refresh`, as in dbt). */
  fullRefresh?: boolean;
  /** Skip the data tests (default false: build runs them). */
  skipTests?: boolean;
  /** TypeScript build steps ordered with the SQL models (default: defaultProgramModels()). */
  programModels?: ProgramModel[];
}

export type ModelStatus = 'success' | 'error' | 'skipped';

export interface ModelRunResult {
  model: string;
  layer: Layer;
  materialized: Materialization;
  dependsOn: string[];
  status: ModelStatus;
  rows: number | null;
  milliseconds: number;
  /** CPU time of this process (all DuckDB threads) while the model ran: wall time on a busy machine overstates cost. */
  cpuMilliseconds: number;
  message?: string;
}

export interface BuildSummary {
  runId: number;
  ok: boolean;
  /** Models in build order (selected ones only). */
  models: ModelRunResult[];
  tests: DataTestResult[];
  milliseconds: number;
  /** Time spent writing the cfg_* tables and running the macro files. */
  configMilliseconds: number;
  testsMilliseconds: number;
}

export class BuildError extends Error {
  readonly summary: BuildSummary;
  constructor(message: string, summary: BuildSummary) {
    super(message);
    this.name = 'BuildError';
    this.summary = summary;
  }
}

export async function buildModels(db: Db, opts: BuildOptions): Promise<BuildSummary> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const sqlDir = opts.sqlDir ?? DEFAULT_SQL_DIR;

  const sqlModels = await discoverModels(sqlDir);
  // A program model takes part when its inputs exist in this sql/ directory and some SQL model
  // reads its table (the core-only and toy directories of the unit tests leave clustering out).
  const sqlNames = new Set(sqlModels.map((m) => m.name));
  const candidates = opts.programModels ?? (await defaultProgramModels());
  const candidateNames = new Set(candidates.map((p) => p.name));
  const read = new Set(sqlModels.flatMap((m) => modelDependencies(m.name, m.sql, candidateNames)));
  const programs = candidates.filter(
    (p) => read.has(p.name) && p.deps.every((d) => sqlNames.has(d)),
  );
  const programByName = new Map(programs.map((p) => [p.name, p]));
  const models: ModelFile[] = [
    ...sqlModels.filter((m) => m.layer !== 'marts'),
    ...programs.map((p) => ({
      name: p.name,
      layer: p.layer,
      file: `program:${p.name}`,
      sql: '',
      materialized: 'table' as const,
    })),
    ...sqlModels.filter((m) => m.layer === 'marts'),
  ];
  const byName = new Map(models.map((m) => [m.name, m]));
  const parser = (sql: string) => db.conn.getTableNames(sql, false);
  const graph = buildGraph(
    models.map((m) => ({ name: m.name, sql: m.sql, deps: programByName.get(m.name)?.deps })),
    parser,
  ); // throws CycleError
  const selected = selectModels(graph, opts.select);
  const fullBuild = selected.length === graph.order.length;

  const runId =
    opts.runId ??
    Number((await db.scalar('select coalesce(max(run_id), 0) + 1 from model_runs')) ?? 1);

  const summary: BuildSummary = {
    runId,
    ok: true,
    models: [],
    tests: [],
    milliseconds: 0,
    configMilliseconds: 0,
    testsMilliseconds: 0,
  };

  const configStarted = performance.now();
  await writeConfigTables(db, opts.config);
  for (const macro of await discoverMacros(sqlDir)) {
    try {
      await db.run(macro.sql);
    } catch (err) {
      summary.ok = false;
      summary.milliseconds = performance.now() - started;
      throw new BuildError(
        `Macro file ${macro.file} failed; build stopped. ${(err as Error).message}`,
        summary,
      );
    }
  }
  summary.configMilliseconds = performance.now() - configStarted;
  log(
    `build ${runId}: ${selected.length} of ${graph.order.length} models${opts.select ? ` (--select ${opts.select})` : ''}`,
  );

  let failure: ModelRunResult | undefined;
  // What each incremental model did in this build: a downstream one redoes its changed keys.
  const incrementalOutcomes = new Map<string, IncrementalOutcome>();
  // A table model whose inputs are what they were at its last build is kept (unchanged.ts);
  // --full-refresh and --select rebuild what they name.
  const mayKeep = !opts.fullRefresh && !opts.select;
  const tracker = new InputTracker(
    db,
    new Map(
      models.map((m) => [
        m.name,
        {
          name: m.name,
          sql: m.sql,
          materialized: m.materialized,
          deps: graph.deps.get(m.name) ?? [],
          identifiers: identifiers(m.sql),
        },
      ]),
    ),
  );
  await tracker.init();
  for (const name of selected) {
    const model = byName.get(name)!;
    const base = {
      model: name,
      layer: model.layer,
      materialized: model.materialized,
      dependsOn: graph.deps.get(name) ?? [],
    };
    if (failure) {
      const skipped: ModelRunResult = {
        ...base,
        status: 'skipped',
        rows: null,
        milliseconds: 0,
        cpuMilliseconds: 0,
        message: `not run: ${failure.model} failed`,
      };
      summary.models.push(skipped);
      await recordModelRun(db, runId, skipped, localNow(opts.config.timezone));
      continue;
    }
    const modelStarted = performance.now();
    const cpuStarted = process.cpuUsage();
    const startedAt = localNow(opts.config.timezone);
    try {
      const program = programByName.get(name);
      let note = '';
      let message: string | undefined;
      if (program) {
        await program.build(db, { config: opts.config, log });
        tracker.forgetBaseTables();
        await tracker.recordRows(name, 'program');
      } else if (model.materialized === 'incremental') {
        const ancestors = upstreamOf(graph.deps, name);
        const outcome = await buildIncremental(
          db,
          {
            name,
            sql: model.sql,
            uniqueKey: model.uniqueKey,
            partitionBy: model.partitionBy,
            partitionSource: model.partitionSource,
            partitionSourceDate: model.partitionSourceDate,
            partitionOpenFrom: model.partitionOpenFrom,
            upstreamSql: ancestors.map((a) => `-- ${a}\n${byName.get(a)?.sql ?? ''}`).join('\n'),
            groupBy: model.groupBy,
            recomputeWhere: model.recomputeWhere,
            signatureQuery: model.signatureQuery,
            source: model.source,
            upstream: new Map(
              ancestors
                .filter((a) => byName.get(a)?.materialized === 'incremental')
                .map((a) => [a, incrementalOutcomes.get(a)]),
            ),
          },
          opts.fullRefresh ?? false,
        );
        incrementalOutcomes.set(name, outcome);
        note =
          outcome.kind === 'full'
            ? ` [full: ${outcome.reason}]`
            : outcome.partitionFloor !== undefined
              ? ` [incremental: ${outcome.changedKeys} changed source rows, ${outcome.partitionFloor === null ? 'no partition redone' : `partitions from ${outcome.partitionFloor} redone`}]`
              : ` [incremental: ${outcome.changedKeys} changed keys]`;
        if (outcome.fingerprint) await tracker.recordFingerprint(name, outcome.fingerprint);
        else
          await tracker.recordRows(
            name,
            'incremental',
            outcome.kind === 'incremental' ? outcome.delta : undefined,
          );
      } else if (model.materialized === 'table') {
        const decision = await tracker.decide({
          name,
          sql: model.sql,
          materialized: 'table',
          deps: graph.deps.get(name) ?? [],
          identifiers: identifiers(model.sql),
        });
        if (mayKeep && decision.keep) {
          message = 'kept: inputs unchanged';
          note = ` [${message}]`;
        } else {
          await materialize(db, model as ModelFile & { materialized: 'table' });
          await tracker.record(name, decision.inputs);
        }
      } else await materialize(db, model as ModelFile & { materialized: 'view' });
      const rows = Number(await db.scalar(`select count(*) from ${quotedIdentifier(name)}`));
      const result: ModelRunResult = {
        ...base,
        status: 'success',
        rows,
        milliseconds: performance.now() - modelStarted,
        cpuMilliseconds: cpuMs(cpuStarted),
        ...(message ? { message } : {}),
      };
      summary.models.push(result);
      await recordModelRun(db, runId, result, startedAt);
      log(
        `  ${name.padEnd(36)} ${model.materialized.padEnd(5)} ${String(rows).padStart(10)} rows ${fmtMs(result.milliseconds)} (cpu ${fmtMs(result.cpuMilliseconds)})${note}`,
      );
    } catch (err) {
      failure = {
        ...base,
        status: 'error',
        rows: null,
        milliseconds: performance.now() - modelStarted,
        cpuMilliseconds: cpuMs(cpuStarted),
        message: `${model.file}: ${(err as Error).message}`,
      };
      summary.models.push(failure);
      await recordModelRun(db, runId, failure, startedAt);
      log(`  ${name} FAILED: ${(err as Error).message}`);
    }
  }

  if (failure) {
    summary.ok = false;
    summary.milliseconds = performance.now() - started;
    throw new BuildError(
      `Model ${failure.model} failed; build stopped. ${failure.message}`,
      summary,
    );
  }

  // The build is one private copy of the warehouse: should a data test fail below, this update is
  // discarded with everything else.
  if (selected.includes(recommendationMart)) await recordRecommendations(db, runId);

  if (!opts.skipTests) {
    const testsStarted = performance.now();
    const tests = await discoverDataTests(sqlDir);
    const modelNames = new Set(graph.order);
    const chosen = new Set(selected);
    for (const test of tests) {
      // A --select build runs the tests that read a rebuilt model; a full build runs them all.
      const reads = modelDependencies(test.name, test.sql, modelNames, parser);
      if (!fullBuild && !reads.some((m) => chosen.has(m))) continue;
      const result = await runDataTest(db, test);
      summary.tests.push(result);
      const note =
        result.status === 'error'
          ? `: ${result.message}`
          : result.failures > 0
            ? ` (${result.failures} rows)`
            : '';
      log(`  test ${test.name.padEnd(44)} ${result.status}${note}`);
    }
    await recordDataTests(db, runId, summary.tests);
    summary.testsMilliseconds = performance.now() - testsStarted;
  }

  summary.milliseconds = performance.now() - started;
  // Warn-level findings never block the swap (docs/data-tests.md) but must not pass unnoticed.
  const warnings = summary.tests.filter((t) => t.status !== 'pass' && !isBlocking(t));
  if (warnings.length > 0) {
    (opts.warn ?? log)(
      `${warnings.length} warn-level data test(s) found problems (recorded in data_test_results, shown on the Pipeline page): ${warnings.map((t) => `${t.test} (${t.status === 'error' ? `query failed: ${t.message}` : `${t.failures} rows`})`).join('; ')}`,
    );
  }
  const blocking = summary.tests.filter(isBlocking);
  if (blocking.length > 0) {
    summary.ok = false;
    throw new BuildError(
      `${blocking.length} error-level data test(s) failed: ${blocking.map((t) => `${t.test} (${t.status === 'error' ? t.message : `${t.failures} rows`})`).join('; ')}`,
      summary,
    );
  }
  log(`build ${runId} done in ${fmtMs(summary.milliseconds)}`);
  return summary;
}

/** Every model `name` reads, directly or through others, in a stable order. */
function upstreamOf(deps: ReadonlyMap<string, readonly string[]>, name: string): string[] {
  const seen = new Set<string>();
  const visit = (n: string) => {
    for (const d of deps.get(n) ?? []) {
      if (seen.has(d)) continue;
      seen.add(d);
      visit(d);
    }
  };
  visit(name);
  return [...seen].sort();
}

/** create or replace the model's view/table, dropping an object of the other kind first. */
async function materialize(
  db: Db,
  model: ModelFile & { materialized: 'view' | 'table' },
): Promise<void> {
  const name = quotedIdentifier(model.name);
  const existing = await db.scalar<string>(
    `select table_type from information_schema.tables where table_schema = current_schema() and table_name = $name`,
    { name: model.name },
  );
  if (existing === 'VIEW' && model.materialized === 'table') await db.run(`drop view ${name}`);
  if (existing === 'BASE TABLE' && model.materialized === 'view')
    await db.run(`drop table ${name}`);
  await db.run(`create or replace ${model.materialized} ${name} as\n${model.sql}`);
}

/** started_at is naive local time in the configured time zone, like every warehouse timestamp. */
async function recordModelRun(
  db: Db,
  runId: number,
  r: ModelRunResult,
  startedAt: string,
): Promise<void> {
  await db.run(
    `insert into model_runs (run_id, model, started_at, rows, milliseconds, status, message)
     values ($run_id, $model, $started_at::timestamp, $rows, $ms, $status, $message)`,
    {
      run_id: runId,
      model: r.model,
      started_at: startedAt,
      rows: r.rows,
      ms: Math.round(r.milliseconds * 10) / 10,
      status: r.status,
      message: r.message ?? null,
    },
  );
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}
