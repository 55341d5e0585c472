// One request on an open warehouse (ingest, build, or both), shared by run, ingest and build and
// by the standby's replay of journalled runs.
import { ingestBounds, type Config } from '../config.ts';
import type { Db } from '../db.ts';
import type { UserMapping } from '../ingest/headers.ts';
import { ingest, nextRunId, type IngestOptions, type IngestResult } from '../ingest/ingest.ts';
import { createLogger, type Logger } from '../log.ts';
import type { BuildSummary } from '../models/runner.ts';
import { replayPath, type RequestOptions, type RunRequest } from '../warehouse/journal.ts';
import type { SwapOptions } from '../warehouse/swap.ts';
import { configFor, readMapping } from './common.ts';

/**
 * Do what a request says on an open warehouse: ingest its files (run, ingest), build the models
 * (run, build). Tonight's run and the standby's replay of an earlier one (swap.ts) both come here.
 */
export async function executeRequest(
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
export function replayOptions(
  request: RunRequest,
  log: Logger,
): Pick<SwapOptions, 'request' | 'replay'> {
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
  const { buildModels } = await import('../models/runner.ts');
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
