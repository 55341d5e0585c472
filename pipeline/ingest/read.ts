// Any supported input file → raw table. Detects the format and (for text) the encoding, transcodes
// non-UTF-8 text to a temporary UTF-8 file in a stream, then hands it to the format's reader.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../db.ts';
import { detectEncoding, detectFormat, normaliseEncodingName } from './detect.ts';
import { readCsv } from './readers/csv.ts';
import type { RawRead } from './readers/types.ts';
import { transcodeToUtf8 } from './transcode.ts';

export interface ReadOptions {
  encoding?: string;
  sheet?: string;
  delimiter?: string;
}

export interface ReadResult extends RawRead {
  format: string;
  encoding: string | null;
  bytes: number;
}

export async function readAny(
  db: Db,
  file: string,
  table: string,
  opts: ReadOptions = {},
): Promise<ReadResult> {
  const bytes = (await stat(file)).size;
  if (bytes === 0) {
    await db.run(`create or replace temp table ${table} (rn bigint)`);
    return { headers: [], rowsRead: 0, rejects: [], format: 'empty', encoding: null, bytes };
  }
  const format = await detectFormat(file);
  // Readers other than CSV load lazily: exceljs alone adds ~300 ms to every CLI start.
  if (format === 'xlsx') {
    const { readXlsx } = await import('./readers/xlsx.ts');
    return {
      ...(await readXlsx(db, file, table, { sheet: opts.sheet })),
      format,
      encoding: null,
      bytes,
    };
  }
  if (format === 'parquet') {
    const { readParquet } = await import('./readers/parquet.ts');
    return { ...(await readParquet(db, file, table)), format, encoding: null, bytes };
  }

  const encoding = opts.encoding
    ? normaliseEncodingName(opts.encoding)
    : (await detectEncoding(file)).encoding;
  let utf8File = file;
  let tmp: string | undefined;
  try {
    if (encoding !== 'utf-8' && encoding !== 'utf-8-bom') {
      tmp = await mkdtemp(join(tmpdir(), 'complaint-lens-'));
      utf8File = join(tmp, 'input.utf8');
      await transcodeToUtf8(file, utf8File, encoding);
    }
    if (format === 'json' || format === 'ndjson') {
      const { readJson } = await import('./readers/json.ts');
      return { ...(await readJson(db, utf8File, table, { format })), format, encoding, bytes };
    }
    const csv = await readCsv(db, utf8File, table, { delimiter: opts.delimiter });
    return { ...csv, format: csv.delimiter === '\t' ? 'tsv' : 'csv', encoding, bytes };
  } finally {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}
