// Classify staged rows into the four buckets and write them to the warehouse.
//
//   rejected  — a required value is missing/unparseable (reason from staging), or the row is an
//               older version of a complaint than the one the warehouse holds (stale_version:
//               files delivered out of order must not roll a complaint back);
//   unchanged — the exact version is already in the warehouse, or the same line repeats in the file;
//   new       — first version of a complaint id the warehouse has never seen;
//   updated   — any further distinct version (later status, resolution …).
//
// Versions of one complaint inside a file are applied in (updated_at, file order) order; the last
// becomes current. Every distinct version is stored once, in complaint_versions; `complaints` is the
// view of the rows flagged is_current (see base_tables.sql), so a load writes each row once.
import type { Db } from '../db.ts';
import { quotedIdentifier } from '../db.ts';
import { CANONICAL_FIELDS } from '../schema/fields.ts';
import { rawRowExpr } from './normalise.ts';

export interface MergeCounts {
  rows_new: number;
  rows_updated: number;
  rows_unchanged: number;
  rows_rejected: number;
}

const DATA_COLS = [...CANONICAL_FIELDS, 'satisfaction_raw', 'extra'];

/** File rows per insert of new versions (see mergeStaged). */
export const MERGE_SLICE_ROWS = 1_000_000;

export async function mergeStaged(
  db: Db,
  stagedTable: string,
  raw: { table: string; headers: string[]; keepRaw?: readonly string[] },
  runId: number,
  file: string,
  sliceRows = MERGE_SLICE_ROWS,
): Promise<MergeCounts> {
  const s = quotedIdentifier(stagedTable);
  const r = quotedIdentifier(raw.table);
  const rawRow = rawRowExpr(raw.headers, raw.keepRaw);
  const p = { run: runId, file };
  await db.run(
    `insert into rejects (run_id, file, row_number, reason, message, raw, complaint_id)
     select $run, $file, s.rn, s.reject_reason,
            case s.reject_reason
              when 'missing_complaint_id' then 'complaint_id is empty'
              when 'missing_received_at' then 'received_at is empty'
              when 'received_at_out_of_range' then 'received_at is outside the plausible dates (ingest.dateFloor … today + ingest.maxFutureDays): ' || s.raw_received_at
              else 'received_at could not be parsed: ' || s.raw_received_at
            end,
            ${rawRow.expr}, s.complaint_id
     from ${s} s join ${r} r using (rn) where s.reject_reason is not null`,
    { ...p, ...rawRow.params },
  );
  // Classification works on narrow key rows (window operators materialise every column they
  // carry, and staged rows are wide); data columns are joined back by rn only for the writes.
  await db.run(`
    create or replace temp table merge_classified as
    with valid as (
      select rn, complaint_id, row_hash, updated_at from ${s} where reject_reason is null
    ),
    numbered as (
      select *, row_number() over (partition by complaint_id, row_hash order by updated_at nulls first, rn) as dup_no
      from valid
    ),
    stored as (
      select complaint_id, row_hash, version_no, is_current, updated_at, first_loaded_run
      from complaint_versions
      where complaint_id in (select complaint_id from valid)
    ),
    known as (
      select distinct complaint_id, row_hash from stored
    ),
    latest as (
      select complaint_id, max(version_no) as max_version,
             any_value(updated_at) filter (where is_current) as current_updated_at,
             min(first_loaded_run) as first_loaded_run
      from stored group by complaint_id
    ),
    classified as (
      select n.*,
             l.complaint_id is not null as exists_now,
             l.current_updated_at,
             l.first_loaded_run,
             coalesce(l.max_version, 0) as max_version,
             case
               when n.dup_no > 1 or k.row_hash is not null then 'unchanged'
               when l.current_updated_at is not null and n.updated_at is not null and n.updated_at < l.current_updated_at then 'stale'
               else 'fresh'
             end as bucket
      from numbered n
      left join known k on k.complaint_id = n.complaint_id and k.row_hash = n.row_hash
      left join latest l on l.complaint_id = n.complaint_id
    ),
    ordered as (
      -- Window per (complaint, bucket): only the 'fresh' partition's numbers are used.
      select *,
             row_number() over (partition by complaint_id, bucket order by updated_at nulls first, rn) as fresh_no,
             count(*) over (partition by complaint_id, bucket) as fresh_count
      from classified
    ),
    final as (
      select *,
             case
               when bucket = 'fresh' and not exists_now and fresh_no = 1 then 'new'
               when bucket = 'fresh' then 'updated'
               else bucket
             end as outcome,
             max_version + fresh_no as version_no
      from ordered
    )
    select * from final`);
  await db.run(
    `insert into rejects (run_id, file, row_number, reason, message, raw, complaint_id)
     select $run, $file, m.rn, 'stale_version',
            'the warehouse holds a newer version (updated_at ' || strftime(m.current_updated_at, '%Y-%m-%d %H:%M:%S') ||
            ') than this row (' || strftime(m.updated_at, '%Y-%m-%d %H:%M:%S') || ')',
            ${rawRow.expr}, m.complaint_id
     from merge_classified m join ${r} r using (rn) where m.outcome = 'stale'`,
    { ...p, ...rawRow.params },
  );
  // The previous current version of every updated complaint steps down, then the new versions go
  // in; the last fresh version of each complaint in this file is the new current one.
  await db.run(
    `update complaint_versions set is_current = false
     where is_current and complaint_id in (select complaint_id from merge_classified where outcome = 'updated')`,
  );
  const cols = DATA_COLS.join(', ');
  const dcols = DATA_COLS.map((c) => `d.${c}`).join(', ');
  // In slices of file rows: one join of every wide staged row ran out of the 1 GB memory limit at
  // 10M rows (the hash table holds the rows it carries); a slice's join stays bounded, and the
  // staged table, written in rn order, is read a slice at a time through its zone maps.
  const range = await db.one<{ lo: number | null; hi: number | null }>(
    `select min(rn)::bigint as lo, max(rn)::bigint as hi from merge_classified where outcome in ('new', 'updated')`,
  );
  const lo = Number(range?.lo ?? 1);
  const hi = Number(range?.hi ?? 0);
  for (let from = lo; from <= hi; from += sliceRows)
    await db.run(
      `insert into complaint_versions (${cols}, version_no, row_hash, is_current, first_loaded_run, load_run_id, source_file)
       select ${dcols}, m.version_no, m.row_hash, m.fresh_no = m.fresh_count, coalesce(m.first_loaded_run, $run), $run, $file
       from merge_classified m join ${s} d using (rn)
       where m.outcome in ('new', 'updated') and m.rn >= $from and m.rn < $to and d.rn >= $from and d.rn < $to`,
      { ...p, from, to: from + sliceRows },
    );
  const counts = await db.one<Record<string, number>>(
    `select count(*) filter (where outcome = 'new')::integer as rows_new,
            count(*) filter (where outcome = 'updated')::integer as rows_updated,
            count(*) filter (where outcome = 'unchanged')::integer as rows_unchanged,
            count(*) filter (where outcome = 'stale')::integer as stale,
            (select count(*) from ${s} where reject_reason is not null)::integer as required_rejects
     from merge_classified`,
  );
  await db.run('drop table if exists merge_classified;');
  return {
    rows_new: counts?.rows_new ?? 0,
    rows_updated: counts?.rows_updated ?? 0,
    rows_unchanged: counts?.rows_unchanged ?? 0,
    rows_rejected: (counts?.stale ?? 0) + (counts?.required_rejects ?? 0),
  };
}
