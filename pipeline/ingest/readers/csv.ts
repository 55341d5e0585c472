// Delimited text → raw table, read by DuckDB's parallel CSV reader (the fast path: no row crosses
// into JavaScript). The input must already be UTF-8 (the orchestrator transcodes GBK/UTF-16 first).
// Dialect comes from our own sniffer; DuckDB's store_rejects keeps every record it cannot split,
// so nothing is dropped silently: short rows are padded with NULLs, rows with more fields than the
// header are rejected (an unquoted delimiter shifts every later field, so keeping them would
// misfile values).
import { listValue } from '@duckdb/node-api';
import type { Db } from '../../db.ts';
import { quotedIdentifier } from '../../db.ts';
import { sniffDialect } from '../sniff.ts';
import type { RawRead, RawReject } from './types.ts';

const REASONS: Record<string, string> = {
  'TOO MANY COLUMNS': 'too_many_columns',
  'MISSING COLUMNS': 'missing_columns',
  'UNQUOTED VALUE': 'bad_quoting',
  'LINE SIZE OVER MAXIMUM': 'line_too_long',
  'INVALID UNICODE': 'invalid_encoding',
  CAST: 'cast_error',
};

export async function readCsv(
  db: Db,
  file: string,
  table: string,
  opts: { delimiter?: string } = {},
): Promise<RawRead & { delimiter: string }> {
  const dialect = await sniffDialect(file, opts.delimiter);
  const t = quotedIdentifier(table);
  if (dialect.empty || dialect.headers.length === 0) {
    await db.run(`create or replace temp table ${t} (rn bigint)`);
    return { headers: [], rowsRead: 0, rejects: [], delimiter: dialect.delimiter };
  }
  const n = dialect.headers.length;
  const columns = `{${Array.from({ length: n }, (_, i) => `'c${i}': 'varchar'`).join(', ')}}`;
  const rejectsTable = quotedIdentifier(`${table}_rejects`);
  const scansTable = quotedIdentifier(`${table}_scans`);
  const scan = async (parallel: boolean) => {
    await db.run(`drop table if exists ${rejectsTable}; drop table if exists ${scansTable};`);
    await db.run(
      `create or replace temp table ${t} as
       select row_number() over () as rn, *
       from read_csv($path, header = true, auto_detect = false, all_varchar = true,
                     delim = $delim, quote = '"', escape = '"', null_padding = true,
                     max_line_size = 16777216, parallel = ${parallel},
                     store_rejects = true,
                     rejects_table = '${table}_rejects', rejects_scan = '${table}_scans',
                     columns = ${columns})`,
      { path: file, delim: dialect.delimiter },
    );
  };
  try {
    await scan(true);
  } catch (err) {
    // DuckDB's parallel scanner cannot pad short rows once a quoted field spans lines past its
    // first buffer (it cannot tell where a record starts). Real exports have multi-line
    // descriptions, so read such a file again on one thread: slower, same result.
    if (!/null_padding in conjunction with quoted new lines/.test((err as Error).message))
      throw err;
    await scan(false);
  }
  const loaded = Number(await db.scalar(`select count(*) from ${t}`));
  // One record can raise several errors (one per surplus column): keep one reject per record.
  const errs = await db.all<{
    line: string;
    error_type: string;
    csv_line: string;
    error_message: string;
  }>(
    `select line, any_value(error_type) as error_type, any_value(csv_line) as csv_line,
            string_agg(distinct error_message, '; ') as error_message
     from ${rejectsTable} group by line order by line::bigint`,
  );
  const rejects: RawReject[] = errs.map((e) => ({
    rowNumber: Number(e.line) - 1,
    reason: REASONS[e.error_type] ?? 'unreadable_row',
    message: e.error_message,
    raw: e.csv_line,
  }));
  if (rejects.length > 0) await renumber(db, t, rejects);
  await db.run(`drop table if exists ${rejectsTable}; drop table if exists ${scansTable};`);
  return {
    headers: dialect.headers,
    rowsRead: loaded + rejects.length,
    rejects,
    delimiter: dialect.delimiter,
  };
}

/** The same shift for one record number (a reject found by a later reader layer). */
export function shiftRowNumber(n: number, rejects: RawReject[]): number {
  let k = 0;
  rejects.forEach((r, j) => {
    if ((r.rowNumber ?? 0) - (j + 1) < n) k++;
  });
  return n + k;
}

/**
 * row_number() counts accepted rows only; shift each to its record number in the file so that rn
 * and the rejects' row numbers share one numbering. With rejects r_1 < … < r_m, accepted row s
 * sits after r_j exactly when r_j − j < s, so its record number is s + #{j : r_j − j < s}.
 */
export async function renumber(db: Db, table: string, rejects: RawReject[]): Promise<void> {
  const offsets = rejects.map((r, j) => (r.rowNumber ?? 0) - (j + 1));
  await db.run(
    `update ${table} set rn = rn + (select count(*) from (select unnest($offsets::bigint[]) as k) o where o.k < ${table}.rn)`,
    { offsets: listValue(offsets.map((o) => BigInt(o))) },
  );
}
