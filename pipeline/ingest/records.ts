// Tolerant physical-record reader for delimited text, run before DuckDB's CSV reader. It streams
// the file once, line by line (memory bounded by one record), and writes a clean UTF-8, LF-only copy
// for DuckDB, keeping back — as rejects with a reason — what DuckDB would otherwise swallow, refuse
// the whole file for, or store as mojibake (issue 13, defects 4, 6, 7, 9, 11):
//
// - unbalanced quotes: a quoted field that runs on over lines which, read on their own, are complete
//   records of the header's width (two of them, or end of file, or MAX_RECORD_BYTES, or one when the
//   merged record comes out wider than the header, or when it "closes" with text right after the
//   quote) is a stray quote, not a multi-line description. Its first line is rejected (`unbalanced_quote`) and the lines after
//   it are read again as records, so one stray `"` no longer merges the records after it into one.
// - encodings per line: each line is decoded as the file's detected encoding (UTF-8 or GB18030) and,
//   when it is not valid in it, as the other; a file that switches encoding part-way is decoded per
//   region. A line valid in neither is rejected (`invalid_encoding`), never stored as mojibake.
// - line endings: CRLF and LF may be mixed; the copy is LF-only.
// - NUL bytes: a line holding them is rejected (`binary_data`); a header holding them means the
//   file is not a text export at all (InputError).
// - limits: more than MAX_COLUMNS header fields, a header over MAX_HEADER_BYTES, or a line over
//   MAX_RECORD_BYTES are rejected with plain reasons instead of exhausting memory.
import { isUtf8 } from 'node:buffer';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import iconv from 'iconv-lite';
import { InputError } from './inputError.ts';
import { MAX_COLUMNS, type RawReject } from './readers/types.ts';
import { Gb18030ToUtf8 } from './transcode.ts';

export const MAX_HEADER_BYTES = 1 << 20;
export const MAX_RECORD_BYTES = 16 << 20;
/** Continuation lines that each read as a complete record before a quote is judged unbalanced. */
const RECORD_LIKE_LINES = 2;
const RAW_KEEP = 4096;

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

export type LineEncoding = 'utf-8' | 'gb18030';

export interface RecordScan {
  /** Data records as a tolerant reader sees them (header excluded), rejected ones included. */
  records: number;
  rejects: RawReject[];
  lines: number;
  crlfLines: number;
  /** Lines decoded in the other encoding than the file's (an encoding switch), and the first one. */
  switchedLines: number;
  firstSwitchedLine: number | null;
  headerWidth: number;
}

/**
 * Fields of a line (or a line continuing an open quoted field), whether a quote is left open, and
 * whether a quote closed a field without a delimiter or the line end after it (`"a"b`: not RFC 4180,
 * the sign that the "closing" quote was really the opening quote of a later field).
 */
function readLine(
  b: Buffer,
  delim: number,
  inQuotes: boolean,
): { fields: number; open: boolean; stray: boolean } {
  let fields = 1;
  let atStart = !inQuotes;
  let stray = false;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (inQuotes) {
      if (c === QUOTE) {
        if (b[i + 1] === QUOTE) i++;
        else {
          inQuotes = false;
          const next = b[i + 1];
          if (next !== undefined && next !== delim && next !== CR) stray = true;
        }
      }
    } else if (c === QUOTE && atStart) {
      inQuotes = true;
      atStart = false;
    } else if (c === delim) {
      fields++;
      atStart = true;
    } else atStart = false;
  }
  return { fields, open: inQuotes, stray };
}

interface Decoded {
  bytes: Buffer;
  switched: boolean;
  bad: boolean;
}

/** One line (without its LF) → UTF-8 bytes, in the file's encoding or, if invalid there, the other. */
export function lineDecoder(primary: LineEncoding): (line: Buffer) => Decoded {
  const gb = new Gb18030ToUtf8();
  const fromGb = (line: Buffer): Buffer =>
    Buffer.concat([gb.write(Buffer.concat([line, Buffer.from([LF])])), gb.end()]).subarray(0, -1);
  const hasReplacement = (b: Buffer) => b.indexOf('\ufffd') >= 0;
  return (line) => {
    let ascii = true;
    for (let i = 0; i < line.length; i++)
      if (line[i] >= 0x80) {
        ascii = false;
        break;
      }
    if (ascii) return { bytes: line, switched: false, bad: false };
    const utf8 = isUtf8(line);
    if (primary === 'utf-8') {
      if (utf8) return { bytes: line, switched: false, bad: false };
      const g = fromGb(line);
      return hasReplacement(g)
        ? { bytes: Buffer.from(iconv.decode(line, 'utf-8'), 'utf8'), switched: false, bad: true }
        : { bytes: g, switched: true, bad: false };
    }
    // A GB18030 line that is also valid UTF-8 is vanishingly rare once it holds non-ASCII text,
    // while UTF-8 Chinese decoded as GB18030 is mojibake without a single invalid byte.
    if (utf8) return { bytes: line, switched: true, bad: false };
    const g = fromGb(line);
    return { bytes: g, switched: false, bad: hasReplacement(g) };
  };
}

const preview = (b: Buffer) =>
  b.length > RAW_KEEP ? `${b.subarray(0, RAW_KEEP).toString('utf8')}…` : b.toString('utf8');

/**
 * Stream `src` (UTF-8 or GB18030, possibly mixed), write the clean UTF-8 LF copy to `dest`, return
 * the record count and the rejects (row numbers count data records, as DuckDB's do).
 */
export async function scanRecords(
  src: string,
  dest: string,
  opts: { encoding: LineEncoding; delimiter: string; file: string },
): Promise<RecordScan> {
  const delim = opts.delimiter.charCodeAt(0);
  const decode = lineDecoder(opts.encoding);
  const out: WriteStream = createWriteStream(dest);
  const writeOut = (b: Buffer) =>
    out.write(b) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  const scan: RecordScan = {
    records: 0,
    rejects: [],
    lines: 0,
    crlfLines: 0,
    switchedLines: 0,
    firstSwitchedLine: null,
    headerWidth: 0,
  };
  let headerSeen = false;
  let headerRefused: string | null = null;
  // The record being assembled over several lines (an open quoted field).
  let pending: { line: number; bytes: Buffer; bad: string | null }[] = [];
  let pendingBytes = 0;
  let recordLike = 0;

  const reject = (reason: string, message: string, raw: Buffer) => {
    scan.records++;
    scan.rejects.push({ rowNumber: scan.records, reason, message, raw: preview(raw) });
  };

  const emitRecord = async (parts: { line: number; bytes: Buffer; bad: string | null }[]) => {
    const bytes = Buffer.concat(
      parts.flatMap((p, i) => (i ? [Buffer.from([LF]), p.bytes] : [p.bytes])),
    );
    if (!headerSeen) {
      if (parts[0].bad === 'binary_data')
        throw new InputError(
          opts.file,
          'it holds binary data (NUL bytes) in its first line: not a CSV/TSV export',
          {
            line: parts[0].line,
          },
        );
      headerSeen = true;
      scan.headerWidth = readLine(bytes, delim, false).fields;
      if (scan.headerWidth > MAX_COLUMNS)
        headerRefused = `the header has ${scan.headerWidth} columns; at most ${MAX_COLUMNS} are supported`;
      else if (bytes.length > MAX_HEADER_BYTES)
        headerRefused = `the header is ${bytes.length} bytes long; at most ${MAX_HEADER_BYTES} are supported`;
      if (headerRefused) return writeOut(Buffer.from('c0\n'));
      return writeOut(Buffer.concat([bytes, Buffer.from([LF])]));
    }
    if (headerRefused)
      return reject('too_many_columns', `line ${parts[0].line}: ${headerRefused}`, bytes);
    const bad = parts.find((p) => p.bad);
    if (bad?.bad === 'binary_data')
      return reject('binary_data', `line ${bad.line} holds NUL bytes (binary data)`, bytes);
    if (bad?.bad === 'invalid_encoding')
      return reject(
        'invalid_encoding',
        `line ${bad.line} is neither valid UTF-8 nor GB18030; the row is kept here unchanged`,
        bytes,
      );
    scan.records++;
    return writeOut(Buffer.concat([bytes, Buffer.from([LF])]));
  };

  /** Feed one decoded physical line (the loop re-feeds lines after an unbalanced quote). */
  const feed = async (first: { line: number; bytes: Buffer; bad: string | null }) => {
    const queue = [first];
    while (queue.length > 0) {
      const l = queue.shift()!;
      if (pending.length === 0) {
        if (l.bytes.length === 0 && headerSeen) {
          await writeOut(Buffer.from([LF])); // blank line: not a record (DuckDB skips it too)
          continue;
        }
        if (l.bytes.length > MAX_RECORD_BYTES) {
          reject(
            'line_too_long',
            `line ${l.line} is longer than ${MAX_RECORD_BYTES} bytes`,
            l.bytes,
          );
          continue;
        }
        const r = readLine(l.bytes, delim, false);
        if (!r.open || !headerSeen) {
          await emitRecord([l]);
          continue;
        }
        pending = [l];
        pendingBytes = l.bytes.length;
        recordLike = 0;
        continue;
      }
      pending.push(l);
      pendingBytes += l.bytes.length + 1;
      const alone = readLine(l.bytes, delim, false);
      if (!alone.open && alone.fields === scan.headerWidth && scan.headerWidth > 1) recordLike++;
      // A pending record is inside an open quoted field at every line start.
      const cont = readLine(l.bytes, delim, true);
      const closed = !cont.open;
      if (recordLike >= RECORD_LIKE_LINES || pendingBytes > MAX_RECORD_BYTES || cont.stray) {
        queue.unshift(...unbalanced());
        continue;
      }
      if (closed && recordLike > 0) {
        // The quote closed, but on a line that reads as a record of its own and the merged record
        // is wider than the header: a stray quote met the next quoted field, not a description.
        const merged = Buffer.concat(
          pending.flatMap((p, i) => (i ? [Buffer.from([LF]), p.bytes] : [p.bytes])),
        );
        if (readLine(merged, delim, false).fields > scan.headerWidth) {
          queue.unshift(...unbalanced());
          continue;
        }
      }
      if (closed) {
        const parts = pending;
        pending = [];
        await emitRecord(parts);
      }
    }
  };

  /** Reject the record's first line as an unbalanced quote; its other lines are read again. */
  const unbalanced = () => {
    const [head, ...rest] = pending;
    pending = [];
    reject(
      'unbalanced_quote',
      `line ${head.line}: a quote opens a field that is not closed before the next records; this line is rejected and the lines after it are read as records`,
      head.bytes,
    );
    return rest;
  };

  let carry: Buffer | null = null;
  let skipping = false; // inside a line longer than MAX_RECORD_BYTES
  const onLine = async (raw: Buffer) => {
    scan.lines++;
    let line = raw;
    if (line.length > 0 && line[line.length - 1] === CR) {
      line = line.subarray(0, -1);
      scan.crlfLines++;
    }
    if (scan.lines === 1 && line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf)
      line = line.subarray(3);
    const d = decode(line);
    if (d.switched) {
      scan.switchedLines++;
      scan.firstSwitchedLine ??= scan.lines;
    }
    const bad = line.indexOf(0) >= 0 ? 'binary_data' : d.bad ? 'invalid_encoding' : null;
    await feed({ line: scan.lines, bytes: d.bytes, bad });
  };

  try {
    for await (const chunk of createReadStream(src, {
      highWaterMark: 1 << 20,
    }) as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(LF); nl >= 0; nl = chunk.indexOf(LF, start)) {
        const piece = chunk.subarray(start, nl);
        start = nl + 1;
        if (skipping) {
          skipping = false;
          continue;
        }
        await onLine(carry ? Buffer.concat([carry, piece]) : piece);
        carry = null;
      }
      if (skipping) continue;
      const rest = chunk.subarray(start);
      carry = carry ? Buffer.concat([carry, rest]) : Buffer.from(rest);
      if (carry.length > MAX_RECORD_BYTES) {
        scan.lines++;
        reject(
          'line_too_long',
          `line ${scan.lines} is longer than ${MAX_RECORD_BYTES} bytes`,
          carry,
        );
        carry = null;
        skipping = true;
      }
    }
    if (carry && carry.length > 0) await onLine(carry);
    while (pending.length > 0) {
      const rest = unbalanced();
      for (const l of rest) await feed(l);
    }
  } finally {
    await new Promise<void>((resolve, reject) =>
      out.end((e?: Error | null) => (e ? reject(e) : resolve())),
    );
  }
  return scan;
}
