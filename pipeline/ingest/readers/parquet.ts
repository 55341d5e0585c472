// Parquet → raw table, entirely inside DuckDB (read_parquet is built in): no row crosses into
// JavaScript. Every column becomes text like the other readers produce, so one normaliser serves
// all formats: timestamps 'YYYY-MM-DD HH:MM:SS' (time-zone-aware ones in the session time zone,
// i.e. the warehouse's naive local time), dates 'YYYY-MM-DD', nested values as JSON, '' → NULL.
import type { Db } from '../../db.ts';
import { quotedIdentifier } from '../../db.ts';
import type { RawRead } from './types.ts';

/** SQL turning column `col` of DuckDB type `type` into raw-table text. */
function asText(col: string, type: string): string {
  let expr: string;
  if (/^TIMESTAMP(_S|_MS|_NS)?$/.test(type))
    expr = `strftime(${col}::timestamp, '%Y-%m-%d %H:%M:%S')`;
  else if (type === 'TIMESTAMP WITH TIME ZONE') expr = `strftime(${col}, '%Y-%m-%d %H:%M:%S')`;
  else if (type === 'DATE') expr = `strftime(${col}, '%Y-%m-%d')`;
  else if (type === 'VARCHAR') expr = col;
  else if (/[\[\]]|^(STRUCT|MAP|UNION)\(/.test(type)) expr = `to_json(${col})::varchar`;
  else expr = `${col}::varchar`;
  return `nullif(${expr}, '')`;
}

/** Read a Parquet file into `table` (rn = 1-based row order in the file). */
export async function readParquet(db: Db, file: string, table: string): Promise<RawRead> {
  const schema = await db.conn.runAndReadAll('select * from read_parquet($path) limit 0', {
    path: file,
  });
  const headers = schema.columnNames();
  const types = schema.columnTypes().map((t) => t.toString());
  const cells = headers.map((h, i) => `${asText(quotedIdentifier(h), types[i])} as c${i}`);
  const select = (rn: string, source: string) =>
    `create or replace table ${quotedIdentifier(table)} as select ${[rn, ...cells].join(', ')} from ${source}`;
  if (headers.includes('file_row_number')) {
    // The file has its own column of that name, so DuckDB's row-number option would clash; a
    // single-file scan keeps file order under the default preserve_insertion_order.
    await db.run(select('row_number() over () as rn', 'read_parquet($path)'), { path: file });
  } else {
    await db.run(
      select('file_row_number + 1 as rn', 'read_parquet($path, file_row_number = true)'),
      { path: file },
    );
  }
  const rowsRead = Number(await db.scalar(`select count(*) from ${quotedIdentifier(table)}`));
  return { headers, rowsRead, rejects: [] };
}
