// JSON/NDJSON text that may switch encoding part-way → one UTF-8 file, decoded line by line.
//
// A nightly JSON export assembled from two systems can hold GBK lines after UTF-8 ones (or the
// reverse). Decoding the whole file in its detected encoding stores the other region as mojibake
// (issue 13, defect 6). Each line is therefore decoded as the file's encoding or, when it is not
// valid there, as the other (records.ts' lineDecoder, shared with the delimited reader). 0x0A
// never continues a UTF-8 or GB18030 sequence, so a line is always a whole run of characters.
// A line valid in neither keeps U+FFFD in place of its bad bytes; the caller rejects the
// records holding one (`invalid_encoding`) instead of storing them.
//
// Memory: one line. A line longer than MAX_RECORD_BYTES (a minified one-line JSON array) is
// decoded in the file's own encoding as it streams, so it cannot exhaust memory.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { lineDecoder, MAX_RECORD_BYTES, type LineEncoding } from './records.ts';
import { Gb18030ToUtf8 } from './transcode.ts';

export interface LineTranscodeResult {
  lines: number;
  /** Lines decoded in the other encoding than the file's, and the first of them (1-based). */
  switchedLines: number;
  firstSwitchedLine: number | null;
  /** Lines valid in neither encoding (their bad bytes are U+FFFD in the output). */
  badLines: number;
}

const LF = 0x0a;

/** Is the whole file valid UTF-8? A streaming check, no copy. */
export async function isUtf8File(file: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
      decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/** Stream `src` to `dest` as UTF-8, each line decoded in `primary` or else the other encoding. */
export async function transcodeLines(
  src: string,
  dest: string,
  primary: LineEncoding,
): Promise<LineTranscodeResult> {
  const result: LineTranscodeResult = {
    lines: 0,
    switchedLines: 0,
    firstSwitchedLine: null,
    badLines: 0,
  };
  const decode = lineDecoder(primary);
  const out = createWriteStream(dest);
  const write = async (b: Buffer) => {
    if (!out.write(b)) await once(out, 'drain');
  };
  // Long-line mode: the rest of an over-long line streams through the file's own decoder.
  type Long = { gb: Gb18030ToUtf8 | null; check: TextDecoder; bad: boolean };
  let long: Long | null = null;
  // Gb18030ToUtf8 writes U+FFFD for bytes invalid in GB18030: that is how a bad long line shows.
  const emitGb = async (l: Long, utf8: Buffer) => {
    if (utf8.indexOf('\ufffd') >= 0) l.bad = true;
    await write(utf8);
  };
  let carry: Buffer[] = [];
  let carryBytes = 0;

  const endLine = async (tail: Buffer) => {
    result.lines++;
    if (long) {
      if (long.gb) await emitGb(long, Buffer.concat([long.gb.write(tail), long.gb.end()]));
      else {
        try {
          long.check.decode(tail);
        } catch {
          long.bad = true;
        }
        await write(tail);
      }
      if (long.bad) result.badLines++;
      long = null;
      return;
    }
    const line = carry.length ? Buffer.concat([...carry, tail]) : tail;
    carry = [];
    carryBytes = 0;
    const d = decode(line);
    if (d.switched) {
      result.switchedLines++;
      result.firstSwitchedLine ??= result.lines;
    }
    if (d.bad) result.badLines++;
    await write(d.bytes);
  };

  const enterLongMode = async () => {
    const head = Buffer.concat(carry);
    carry = [];
    carryBytes = 0;
    long = {
      gb: primary === 'gb18030' ? new Gb18030ToUtf8() : null,
      check: new TextDecoder('utf-8', { fatal: true }),
      bad: false,
    };
    await continueLong(head);
  };
  const continueLong = async (part: Buffer) => {
    const l = long!;
    if (l.gb) {
      await emitGb(l, l.gb.write(part));
      return;
    }
    try {
      l.check.decode(part, { stream: true });
    } catch {
      l.bad = true;
    }
    await write(part);
  };

  try {
    for await (const raw of createReadStream(src, { highWaterMark: 1 << 20 })) {
      const chunk = raw as Buffer;
      let start = 0;
      for (let lf = chunk.indexOf(LF); lf >= 0; lf = chunk.indexOf(LF, start)) {
        await endLine(chunk.subarray(start, lf));
        await write(Buffer.from([LF]));
        start = lf + 1;
      }
      const rest = chunk.subarray(start);
      if (rest.length === 0) continue;
      if (long) await continueLong(rest);
      else {
        carry.push(Buffer.from(rest));
        carryBytes += rest.length;
        if (carryBytes > MAX_RECORD_BYTES) await enterLongMode();
      }
    }
    if (long || carryBytes > 0) await endLine(Buffer.alloc(0));
  } finally {
    out.end();
    await once(out, 'close');
  }
  return result;
}
