// The option groups several commands share (warehouse and output, ingest inputs, serving) and
// the parsers of their values; a bad value is a usage error (exit 2).
import { Option, type Command } from 'commander';
import type { RequestOptions } from '../warehouse/journal.ts';
import { UsageError } from './common.ts';

export const DEFAULT_DB = 'data/warehouse.duckdb';

export interface CommonOpts {
  db: string;
  config?: string;
  json?: boolean;
  quiet?: boolean;
}
export interface IngestOpts extends CommonOpts, RequestOptions {
  input: string[];
  volumes: string[];
  actions: string[];
  mapping?: string;
  strict?: boolean;
}

export interface ServeOpts {
  db: string;
  host: string;
  port: number;
  /** false with --no-auth */
  auth: boolean;
  users?: string;
  allowedHost: string[];
}

export const collect = (v: string, prev: string[]) => [...prev, v];

export function parseRate(v: string): number {
  const n = Number(v.replace(/%$/, '')) / (v.endsWith('%') ? 100 : 1);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new UsageError(`--max-reject-rate must be between 0 and 1 (or 0%–100%), got ${v}`);
  return n;
}

export function positiveInt(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0)
      throw new UsageError(`${name} must be a non-negative integer, got ${v}`);
    return n;
  };
}

export function addCommon(cmd: Command): Command {
  return cmd
    .option('--db <path>', 'warehouse file', DEFAULT_DB)
    .option(
      '--config <file>',
      'configuration JSON (default ./complaint-lens.config.json if present)',
    )
    .option('--json', 'print one JSON summary object on stdout (logs stay on stderr)')
    .option('--quiet', 'only warnings and errors on stderr');
}

export function addIngestOptions(cmd: Command): Command {
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

export function addServeOptions(cmd: Command): Command {
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
