// `complaint-lens build`: the models (and data tests) over the loaded complaints, swapped in
// atomically; `start` rebuilds an outdated warehouse's models through here too.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { localNow } from '../config.ts';
import { createLogger, type Logger } from '../log.ts';
import type { BuildSummary } from '../models/runner.ts';
import { makeRequest } from '../warehouse/request.ts';
import { withWarehouseCopy } from '../warehouse/swap.ts';
import { configFor, UsageError } from './common.ts';
import { executeRequest, replayOptions } from './execute.ts';
import type { CommonOpts } from './options.ts';

export async function buildCommand(
  o: CommonOpts & { select?: string; fullRefresh?: boolean },
): Promise<void> {
  const summary = await buildModels(o, createLogger({ quiet: o.quiet }), {
    select: o.select,
    fullRefresh: o.fullRefresh,
  });
  if (o.json) process.stdout.write(JSON.stringify(summary) + '\n');
}

/** `complaint-lens build`: the models (and data tests) over the loaded complaints, swapped in atomically. */
export async function buildModels(
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
