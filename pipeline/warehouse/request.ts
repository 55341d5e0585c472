// A run's journal request (journal.ts) from the CLI's options: directories expanded to the files
// they held tonight, every file read stamped (size, SHA-256), the KPI as-of pinned.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE } from '../config.ts';
import { expandInputs } from '../ingest/ingest.ts';
import { stampFile, type RunRequest } from './journal.ts';

export interface RequestInput {
  command: RunRequest['command'];
  inputs: string[];
  volumes: string[];
  actions?: string[];
  /** --config, if given (else ./complaint-lens.config.json when present, as loadConfig reads it). */
  config?: string;
  mapping?: string;
  asOf: string;
  options: RunRequest['options'];
}

export async function makeRequest(r: RequestInput): Promise<RunRequest> {
  const defaultConfig = resolve(process.cwd(), DEFAULT_CONFIG_FILE);
  const config = r.config ?? (existsSync(defaultConfig) ? defaultConfig : undefined);
  return {
    command: r.command,
    cwd: process.cwd(),
    inputs: await Promise.all((await expandInputs(r.inputs)).map(stampFile)),
    volumes: await Promise.all(r.volumes.map(stampFile)),
    actions: await Promise.all((r.actions ?? []).map(stampFile)),
    config: config ? await stampFile(config) : null,
    mapping: r.mapping ? await stampFile(r.mapping) : null,
    asOf: r.asOf,
    options: r.options,
  };
}
