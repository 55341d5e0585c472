// RFC 4180 CSV for the sample generator: a chunked writer that honours stream backpressure and a
// streaming reader (quoted fields may hold commas, quotes and newlines). UTF-8, no BOM, '\n' records.

import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

const NEEDS_QUOTES = /[",\n\r]/;

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) line += ',';
    line += csvField(fields[i]);
  }
  return line + '\n';
}

/**
 * Encodes lines straight into 1 MiB buffers (no intermediate joined strings) and hands full buffers to
 * a file stream; `writeRow` returns a promise only when the stream asks us to wait ('drain'), so
 * callers do `const p = w.writeRow(r); if (p) await p;`.
 */
export class CsvWriter {
  private readonly stream: WriteStream;
  private buffer: Buffer;
  private used = 0;
  private readonly free: Buffer[] = []; // buffers the stream has finished with, reused to keep RSS flat
  private error: Error | null = null;
  static readonly CHUNK = 1 << 20;

  constructor(path: string) {
    this.stream = createWriteStream(path, { highWaterMark: 4 * CsvWriter.CHUNK });
    this.stream.on('error', (err) => {
      this.error = err; // also rejects a pending once(stream, 'drain')
    });
    this.buffer = Buffer.allocUnsafe(CsvWriter.CHUNK);
  }

  writeRow(fields: readonly string[]): Promise<void> | null {
    return this.writeLine(csvLine(fields));
  }

  writeLine(line: string): Promise<void> | null {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.used + line.length * 3 > this.buffer.length) {
      const p = this.flush();
      if (line.length * 3 > this.buffer.length) {
        const big = Buffer.from(line, 'utf8');
        const q = this.push(big);
        return p ?? q;
      }
      this.used += this.buffer.write(line, this.used, 'utf8');
      return p;
    }
    this.used += this.buffer.write(line, this.used, 'utf8');
    return null;
  }

  private push(chunk: Buffer, recycle: Buffer | null = null): Promise<void> | null {
    if (this.error) throw this.error;
    const done = recycle
      ? () => {
          if (this.free.length < 8) this.free.push(recycle);
        }
      : undefined;
    if (this.stream.write(chunk, done)) return null;
    return once(this.stream, 'drain').then(() => {
      if (this.error) throw this.error;
    });
  }

  private flush(): Promise<void> | null {
    if (this.used === 0) return null;
    const full = this.buffer;
    const chunk = full.subarray(0, this.used);
    this.buffer = this.free.pop() ?? Buffer.allocUnsafe(CsvWriter.CHUNK); // the stream keeps `full` until written
    this.used = 0;
    return this.push(chunk, full);
  }

  async close(): Promise<void> {
    const p = this.flush();
    if (p) await p;
    if (this.error) throw this.error;
    await new Promise<void>((resolve, reject) => {
      if (this.error) return reject(this.error);
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
    if (this.error) throw this.error;
  }
}

/**
 * Streams the records of a CSV file (the header is the first record). Lines without a quote take a fast
 * path (split on commas); records with quoted fields go through a small state machine. A record cut by
 * a chunk boundary is re-parsed with the next chunk. Blank lines are skipped; a UTF-8 BOM is dropped.
 */
export async function* readCsv(path: string): AsyncGenerator<string[]> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let carry = '';
  let first = true;
  for await (const chunk of stream as AsyncIterable<string>) {
    let text = carry + chunk;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const { records, rest } = parseRecords(text, false);
    carry = rest;
    for (const r of records) yield r;
  }
  if (carry) for (const r of parseRecords(carry, true).records) yield r;
}

/** Parses the complete records of `text`; `rest` is the unparsed tail (an incomplete last record). */
export function parseRecords(text: string, final: boolean): { records: string[][]; rest: string } {
  const records: string[][] = [];
  const n = text.length;
  let pos = 0;
  let nextQuote = -1;
  while (pos < n) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) {
      if (!final) break;
      nl = n;
    }
    if (nextQuote < pos) {
      nextQuote = text.indexOf('"', pos);
      if (nextQuote < 0) nextQuote = n;
    }
    if (nextQuote >= nl) {
      let end = nl;
      if (end > pos && text.charCodeAt(end - 1) === 13) end--;
      if (end > pos) records.push(text.slice(pos, end).split(','));
      pos = nl + 1;
      continue;
    }
    const parsed = parseQuotedRecord(text, pos, final);
    if (!parsed) break;
    if (parsed.record.length > 1 || parsed.record[0] !== '') records.push(parsed.record);
    pos = parsed.next;
  }
  return { records, rest: pos < n ? text.slice(pos) : '' };
}

function parseQuotedRecord(
  text: string,
  start: number,
  final: boolean,
): { record: string[]; next: number } | null {
  const record: string[] = [];
  const n = text.length;
  let field = '';
  let atFieldStart = true;
  let i = start;
  for (;;) {
    if (i >= n) {
      if (!final) return null;
      record.push(field);
      return { record, next: n };
    }
    const c = text.charCodeAt(i);
    if (c === 34 && atFieldStart) {
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          if (!final) return null;
          field += text.slice(j);
          i = n;
          break;
        }
        if (q + 1 >= n && !final) return null; // cannot tell an escaped quote from the closing one yet
        if (text.charCodeAt(q + 1) === 34) {
          field += text.slice(j, q + 1);
          j = q + 2;
          continue;
        }
        field += text.slice(j, q);
        i = q + 1;
        break;
      }
      atFieldStart = false;
      continue;
    }
    if (c === 44) {
      record.push(field);
      field = '';
      atFieldStart = true;
      i++;
      continue;
    }
    if (c === 10 || c === 13) {
      record.push(field);
      let next = i + 1;
      if (c === 13 && next < n && text.charCodeAt(next) === 10) next++;
      return { record, next };
    }
    let j = i;
    while (j < n) {
      const cj = text.charCodeAt(j);
      if (cj === 44 || cj === 10 || cj === 13) break;
      j++;
    }
    field += text.slice(i, j);
    atFieldStart = false;
    i = j;
  }
}
