// The run journal: every successful run records, inside the warehouse it produced, what it did —
// the command, its options, and each file it read stamped with its size and SHA-256. A warehouse's
// generation is the sequence number of its last journal entry. The standby warehouse (swap.ts),
// one or more generations behind the served one, catches up by replaying the entries it misses;
// a stamp that no longer matches its file (moved, edited) makes an entry unreplayable, and the
// standby is then rebuilt by copying the served file.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Db } from '../db.ts';

export interface FileStamp {
  /** The path as the user gave it (a directory expanded to its files). */
  path: string;
  /** Absolute path, for the replay check and a replay from another working directory. */
  abs: string;
  bytes: number;
  sha256: string;
}

/** The reading and build options of a run (the CLI's flags). */
export interface RequestOptions {
  encoding?: string;
  sheet?: string;
  delimiter?: string;
  dateOrder?: 'auto' | 'ymd' | 'mdy' | 'dmy';
  maxRejectRate?: number;
  select?: string;
  /** --full-refresh. */
  fullRefresh?: boolean;
}

/** What a run did, enough to do it again on an older copy of the warehouse. JSON-safe. */
export interface RunRequest {
  command: 'run' | 'ingest' | 'build';
  /** Working directory of the run (relative paths are replayed as given only from it). */
  cwd: string;
  inputs: FileStamp[];
  volumes: FileStamp[];
  /** --actions files (absent in journals written before actions existed). */
  actions?: FileStamp[];
  /** The configuration file read (null: built-in defaults). */
  config: FileStamp | null;
  mapping: FileStamp | null;
  /** The KPI as-of the run used (pinned, so a replay computes the same periods). */
  asOf: string;
  options: RequestOptions;
}

export interface JournalEntry {
  seq: number;
  /** null: a run that did not say what it did (it cannot be replayed). */
  request: RunRequest | null;
  /** Wall time of the run's work, to weigh a replay against a copy (null: not recorded). */
  workMs: number | null;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function stampFile(path: string): Promise<FileStamp> {
  const abs = resolve(path);
  const s = await stat(abs);
  return { path, abs, bytes: s.size, sha256: await sha256File(abs) };
}

/** Why a stamped file can no longer be replayed, or null when it still holds the same bytes. */
export async function staleStamp(stamp: FileStamp): Promise<string | null> {
  const s = await stat(stamp.abs).catch(() => null);
  if (!s) return `${stamp.abs} is gone`;
  if (s.size !== stamp.bytes) return `${stamp.abs} changed size`;
  if ((await sha256File(stamp.abs)) !== stamp.sha256) return `${stamp.abs} changed content`;
  return null;
}

/** The path to read a stamped file by when replaying: as given when run from the same directory. */
export function replayPath(stamp: FileStamp, request: RunRequest): string {
  return process.cwd() === request.cwd ? stamp.path : stamp.abs;
}

/** Every file a request read. */
export function requestFiles(r: RunRequest): FileStamp[] {
  return [
    ...r.inputs,
    ...r.volumes,
    ...(r.actions ?? []),
    ...(r.config ? [r.config] : []),
    ...(r.mapping ? [r.mapping] : []),
  ];
}

const JOURNAL_DDL = `create table if not exists run_journal (
  seq integer primary key,
  recorded_at timestamp not null,
  request json not null,
  work_ms double
)`;

/** `catalog`: read the journal of an attached database (e.g. the served warehouse). */
export async function readJournal(db: Db, catalog?: string): Promise<JournalEntry[]> {
  const table = catalog ? `${catalog}.run_journal` : 'run_journal';
  const exists = await db.scalar<boolean>(
    `select count(*) > 0 from duckdb_tables() where table_name = 'run_journal' and database_name = coalesce($catalog, current_database())`,
    { catalog: catalog ?? null },
  );
  if (!exists) return [];
  // select *: journals written before work_ms was recorded lack the column.
  const rows = await db.all<{ seq: number; request_text: string; work_ms?: number | null }>(
    `select *, cast(request as varchar) as request_text from ${table} order by seq`,
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    request: JSON.parse(r.request_text) as RunRequest | null,
    workMs: r.work_ms === null || r.work_ms === undefined ? null : Number(r.work_ms),
  }));
}

/** The generation of a warehouse: its last journal entry (0: none). */
export function generation(entries: readonly JournalEntry[]): number {
  return entries.length > 0 ? entries[entries.length - 1].seq : 0;
}

export async function recordRequest(db: Db, entry: JournalEntry): Promise<void> {
  await db.run(JOURNAL_DDL);
  // Journals written before work_ms was recorded.
  await db.run('alter table run_journal add column if not exists work_ms double');
  await db.run(
    `insert into run_journal (seq, recorded_at, request, work_ms) values ($seq, current_localtimestamp(), $request::json, $ms)`,
    { seq: entry.seq, request: JSON.stringify(entry.request), ms: entry.workMs },
  );
}
