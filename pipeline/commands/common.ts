// What every command shares: the exit codes cron wrappers rely on, the usage error that maps to
// exit 2, and reading the configuration and a --mapping file.
import { readFile } from 'node:fs/promises';
import { loadConfig, type Config } from '../config.ts';
import { validateMapping, type UserMapping } from '../ingest/headers.ts';
import type { CommonOpts, IngestOpts } from './options.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2, rejectRate: 3 } as const;

export class UsageError extends Error {}

export async function readMapping(path: string | undefined): Promise<UserMapping | undefined> {
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

export async function configFor(
  opts: CommonOpts & { dateOrder?: IngestOpts['dateOrder']; maxRejectRate?: number },
): Promise<Config> {
  const config = await loadConfig(opts.config);
  if (opts.dateOrder) config.ingest.dateOrder = opts.dateOrder;
  if (opts.maxRejectRate !== undefined) config.ingest.maxRejectRate = opts.maxRejectRate;
  return config;
}
