// Any supported input file → raw table. Detects the format and (for text) the encoding, transcodes
// non-UTF-8 text to a temporary UTF-8 file in a stream, then hands it to the format's reader.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../db.ts';
import { detectEncoding, detectFormat, normaliseEncodingName } from './detect.ts';
import { readCsv, renumber, shiftRowNumber } from './readers/csv.ts';
import type { RawRead } from './readers/types.ts';
import { lineDecoder, scanRecords, type LineEncoding } from './records.ts';
import { dialectFromText } from './sniff.ts';
import { transcodeToUtf8 } from './transcode.ts';
import { isUtf8File, transcodeLines } from './lineTranscode.ts';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { InputError } from './inputError.ts';
import { Stopwatch } from '../cluster/stopwatch.ts';

export interface ReadOptions {
  encoding?: string;
  sheet?: string;
  delimiter?: string;
}

export interface ReadResult extends RawRead {
  format: string;
  /** Delimited text: the delimiter its lines were split at. */
  delimiter?: string;
  encoding: string | null;
  bytes: number;
  /** Wall and CPU ms of the read's steps (delimited text: scan, read_csv), for the ingest log. */
  timings?: Record<string, number>;
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
  // NUL bytes in the first line of UTF-8/GB18030 text: binary junk, not an export (10 kB of NULs passed as "header
  // only" before, issue 13 defect 11). UTF-16 text is full of NULs by nature.
  if (!encoding.startsWith('utf-16')) {
    const at = await firstNul(file);
    if (at !== null)
      throw new InputError(file, 'it holds binary data (NUL bytes): not a text export', {
        offset: at,
      });
  }
  let utf8File = file;
  let tmp: string | undefined;
  const notes: string[] = [];
  try {
    const isJson = format === 'json' || format === 'ndjson';
    const lineEncoding = toLineEncoding(encoding);
    const utf8Copy = async () => {
      tmp = await mkdtemp(join(tmpdir(), 'complaint-lens-'));
      return join(tmp, 'input.utf8');
    };
    let rejectReplaced = false;
    if (isJson && lineEncoding) {
      // UTF-8/GB18030 JSON is decoded line by line when it may switch encoding part-way: always
      // for GB18030 (UTF-8 read as GB18030 is mojibake without one invalid byte), for UTF-8
      // only when the file is not valid UTF-8 throughout.
      if (lineEncoding === 'gb18030' || !(await isUtf8File(file))) {
        utf8File = await utf8Copy();
        const t = await transcodeLines(file, utf8File, lineEncoding);
        const note = switchNote(t.switchedLines, t.firstSwitchedLine, lineEncoding);
        if (note) notes.push(note);
        rejectReplaced = t.badLines > 0;
      }
    } else if (!lineEncoding) {
      // UTF-16 is transcoded as a whole first. (Delimited UTF-8/GB18030 text is decoded line by
      // line by the record reader: an export may switch encoding part-way.)
      utf8File = await utf8Copy();
      const t = await transcodeToUtf8(file, utf8File, encoding);
      // A wrong forced encoding (GBK read as UTF-16) decodes to invalid characters or to one
      // endless line: 0 rows, exit 0, before (issue 13, defect 11). Refuse it in words. A detected
      // UTF-16 file with a damaged byte or two still loads, with a note.
      const noLines = (await hasByte(file, 0x0a)) && !(await hasByte(utf8File, 0x0a));
      if (t.replacements > 0 && !noLines && !opts.encoding)
        notes.push(
          `${t.replacements} byte sequence(s) invalid in ${encoding} were replaced by U+FFFD`,
        );
      else if (t.replacements > 0 || noLines)
        throw new InputError(
          file,
          `it does not decode as ${encoding} (${t.replacements} invalid character(s)${t.replacements ? '' : ', no line breaks'}); ` +
            (opts.encoding ? 'omit --encoding to detect the encoding' : 'give --encoding'),
        );
    }
    if (isJson) {
      const { readJson } = await import('./readers/json.ts');
      const json = await readJson(db, utf8File, table, {
        format: format as 'json' | 'ndjson',
        rejectReplaced,
      });
      return { ...json, notes, format, encoding, bytes };
    }
    const csv = await readDelimited(db, file, utf8File, table, encoding, opts);
    return {
      ...csv,
      notes: [...notes, ...(csv.notes ?? [])],
      format: csv.delimiter === '\t' ? 'tsv' : 'csv',
      encoding,
      bytes,
    };
  } finally {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}

/** The per-line decoding of a UTF-8/GB18030 file; null for encodings transcoded whole (UTF-16). */
function toLineEncoding(encoding: string): LineEncoding | null {
  if (encoding === 'gb18030') return 'gb18030';
  return encoding === 'utf-8' || encoding === 'utf-8-bom' ? 'utf-8' : null;
}

/** The load note for a file that switched encoding part-way, or null if it did not. */
function switchNote(lines: number, first: number | null, primary: LineEncoding): string | null {
  if (lines === 0) return null;
  const [other, own] = primary === 'utf-8' ? ['GB18030', 'UTF-8'] : ['UTF-8', 'GB18030'];
  return `${lines} line(s) from line ${first} on were ${other}, not ${own}: decoded line by line`;
}

/** The delimiter, from the first MiB decoded line by line (as the record reader will decode it). */
async function sniffDelimiterOf(src: string, encoding: LineEncoding): Promise<string> {
  const fh = await open(src, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    let head = buf.subarray(0, bytesRead);
    if (bytesRead === buf.length && head.lastIndexOf(0x0a) > 0)
      head = head.subarray(0, head.lastIndexOf(0x0a));
    const decode = lineDecoder(encoding);
    const lines: string[] = [];
    for (let start = 0; start <= head.length;) {
      const nl = head.indexOf(0x0a, start);
      const end = nl < 0 ? head.length : nl;
      lines.push(decode(head.subarray(start, end)).bytes.toString('utf8'));
      start = end + 1;
    }
    return dialectFromText(lines.join('\n').replace(/^\ufeff/, '')).delimiter;
  } finally {
    await fh.close();
  }
}

/**
 * Delimited text: the tolerant record reader (records.ts) writes a clean UTF-8 copy and keeps back
 * the records DuckDB would swallow or refuse; DuckDB reads the copy; both layers' rejects are put
 * into one numbering of the file's records.
 */
async function readDelimited(
  db: Db,
  file: string,
  src: string,
  table: string,
  encoding: string,
  opts: ReadOptions,
) {
  const lineEncoding = toLineEncoding(encoding) ?? 'utf-8';
  const delimiter = opts.delimiter ?? (await sniffDelimiterOf(src, lineEncoding));
  const dir = await mkdtemp(join(tmpdir(), 'complaint-lens-'));
  try {
    const clean = join(dir, 'records.csv');
    const timings: Record<string, number> = {};
    const sw = new Stopwatch(timings);
    const scan = await scanRecords(src, clean, { encoding: lineEncoding, delimiter, file });
    sw.lap('scan');
    const csv = await readCsv(db, clean, table, { delimiter });
    sw.lap('read_csv');
    const notes: string[] = [];
    const switched = switchNote(scan.switchedLines, scan.firstSwitchedLine, lineEncoding);
    if (switched) notes.push(switched);
    if (scan.crlfLines > 0 && scan.crlfLines < scan.lines - 1)
      notes.push(`mixed line endings (${scan.crlfLines} of ${scan.lines} lines end in CRLF)`);
    if (scan.rejects.length === 0) return { ...csv, notes, timings };
    await renumber(db, table, scan.rejects);
    const rejects = [
      ...csv.rejects.map((r) => ({
        ...r,
        rowNumber: r.rowNumber === null ? null : shiftRowNumber(r.rowNumber, scan.rejects),
      })),
      ...scan.rejects,
    ].sort((a, b) => (a.rowNumber ?? 0) - (b.rowNumber ?? 0));
    return { ...csv, rejects, rowsRead: csv.rowsRead + scan.rejects.length, notes, timings };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function hasByte(path: string, byte: number): Promise<boolean> {
  for await (const chunk of createReadStream(path, {
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>)
    if (chunk.indexOf(byte) >= 0) return true;
  return false;
}

/**
 * Offset of a NUL byte in the first line (at most 64 KiB), or null. Only the first line: a NUL in a
 * later row rejects that row (records.ts) rather than the file.
 */
async function firstNul(path: string): Promise<number | null> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    let head = buf.subarray(0, bytesRead);
    if (head.indexOf(0x0a) >= 0) head = head.subarray(0, head.indexOf(0x0a));
    const at = head.indexOf(0);
    return at < 0 ? null : at;
  } finally {
    await fh.close();
  }
}
