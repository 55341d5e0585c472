// Hash first: a complaint file whose bytes (SHA-256) were already loaded, with the same reading
// settings and the same ingest code, while nothing has been loaded since, is not parsed again.
// Parsing it would classify every row exactly as this shortcut does: each row the earlier load
// stored (new, updated or unchanged) is now an exact known version → unchanged; each row it
// rejected (unreadable, no id or date, older than the warehouse's version) would be rejected again
// for the same reason, since the warehouse has not changed → its reject rows are recorded again
// under tonight's run, as are the file's field-quality rows. Accounting holds:
// read = unchanged + rejected. When anything was loaded after the earlier load — or that run
// loaded other complaint files whose order could matter — the file is parsed as usual.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db.ts';
import type { FileSummary } from './ingest.ts';

// coverage: the earlier load's missing key fields, derivation and inferred fields (JSON), so a
// re-delivered file warns about what it lacks exactly as its first load did (and --strict holds).
const HASHES_DDL = `create table if not exists load_file_hashes (
  run_id bigint not null,
  file varchar not null,
  sha256 varchar not null,
  settings varchar not null,
  primary key (run_id, file)
);
alter table load_file_hashes add column if not exists coverage varchar`;

/** What a load found about a file's columns, carried over to its re-deliveries. */
export type FileCoverage = Pick<FileSummary, 'missing' | 'derivation' | 'inferred'>;

/**
 * The ingest code's own fingerprint: a changed parser or normaliser may read the same bytes
 * differently, so a file loaded by other code is parsed again.
 */
const CODE_VERSION = (() => {
  const hash = createHash('sha256');
  const dir = import.meta.dirname;
  for (const name of readdirSync(dir).sort())
    if (name.endsWith('.ts')) hash.update(readFileSync(join(dir, name)));
  const readers = join(dir, 'readers');
  for (const name of readdirSync(readers).sort())
    if (name.endsWith('.ts')) hash.update(readFileSync(join(readers, name)));
  const schema = join(dir, '../schema');
  for (const name of readdirSync(schema).sort())
    if (name.endsWith('.ts')) hash.update(readFileSync(join(schema, name)));
  return hash.digest('hex').slice(0, 16);
})();

/** One key for everything besides the bytes that decides how a file is read. */
export function readingSettingsKey(settings: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify({ code: CODE_VERSION, settings }))
    .digest('hex');
}

export interface Redelivery {
  file: string;
  sha256: string;
  settings: string;
  runId: number;
}

/** Record that `file` (these bytes, these settings) was loaded by run `runId`. */
export async function recordFileHash(db: Db, r: Redelivery, coverage: FileCoverage): Promise<void> {
  await db.run(HASHES_DDL);
  await db.run(
    `insert or replace into load_file_hashes (run_id, file, sha256, settings, coverage)
     values ($run, $file, $sha, $settings, $coverage)`,
    {
      run: r.runId,
      file: r.file,
      sha: r.sha256,
      settings: r.settings,
      coverage: JSON.stringify({
        missing: coverage.missing,
        derivation: coverage.derivation,
        inferred: coverage.inferred,
      }),
    },
  );
}

/**
 * The summary of re-delivering an identical file without parsing it, or null when it must be
 * parsed (never loaded, loaded with other settings or code, or the warehouse changed since).
 */
export async function redeliveredFile(
  db: Db,
  r: Redelivery,
): Promise<Omit<FileSummary, 'millis'> | null> {
  await db.run(HASHES_DDL);
  const prior = await db.one<{
    run_id: number;
    file: string;
    rows_read: number;
    rows_rejected: number;
    format: string;
    encoding: string | null;
    bytes: number;
    coverage: string | null;
  }>(
    `select l.run_id, l.file, l.rows_read, l.rows_rejected, l.format, l.encoding, l.bytes, h.coverage
     from load_file_hashes h
     join load_runs l using (run_id, file)
     where h.sha256 = $sha and h.settings = $settings and l.status = 'ok' and l.kind = 'complaints'
       -- the only complaint file of its run, and nothing loaded after it
       and (select count(*) from load_runs o where o.run_id = l.run_id and o.kind = 'complaints') = 1
       and not exists (select 1 from complaint_versions v where v.load_run_id > l.run_id)
     order by l.run_id desc
     limit 1`,
    { sha: r.sha256, settings: r.settings },
  );
  if (!prior) return null;
  const p = { run: r.runId, file: r.file, prior_run: prior.run_id, prior_file: prior.file };
  await db.run(
    `insert into rejects (run_id, file, row_number, reason, message, raw, complaint_id)
     select $run, $file, row_number, reason, message, raw, complaint_id
     from rejects where run_id = $prior_run and file = $prior_file
     order by row_number`,
    p,
  );
  await db.run(
    `insert into field_quality (run_id, file, field, source_header, rows, nulls, unparsed, unparsed_example)
     select $run, $file, field, source_header, rows, nulls, unparsed, unparsed_example
     from field_quality where run_id = $prior_run and file = $prior_file`,
    p,
  );
  await db.run(
    `insert into load_mappings (run_id, file, column_index, header, field, method, confidence, reason)
     select $run, $file, column_index, header, field, method, confidence, reason
     from load_mappings where run_id = $prior_run and file = $prior_file`,
    p,
  );
  const coverage = prior.coverage ? (JSON.parse(prior.coverage) as FileCoverage) : {};
  const read = Number(prior.rows_read);
  const rejected = Number(prior.rows_rejected);
  return {
    file: r.file,
    kind: 'complaints',
    status: 'ok',
    format: prior.format,
    encoding: prior.encoding,
    bytes: Number(prior.bytes),
    rows_read: read,
    rows_new: 0,
    rows_updated: 0,
    rows_unchanged: read - rejected,
    rows_rejected: rejected,
    ...coverage,
    message: `identical to ${prior.file} of run ${prior.run_id} (same SHA-256, settings and code) and nothing loaded since: not parsed again`,
  };
}
