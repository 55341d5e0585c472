// JSON and NDJSON → raw table. Both are streamed: NDJSON line by line, JSON documents through the
// small structural scanner below, which cuts the record array into one text slice per element and
// JSON.parses each slice on its own.
//
// Why a scanner and not DuckDB's read_json_objects(format='array'): (1) a malformed element must
// become a reject with its text while its neighbours still load, and DuckDB either fails the
// whole read or (ignore_errors) drops the element silently; (2) API exports wrap the records,
// {"code":0,"data":[…]}, and DuckDB would read such a file as one JSON value held in memory
// whole (capped by maximum_object_size); (3) headers must keep the keys' order of first
// appearance, which we get for free while scanning. Memory is bounded by the largest element.
//
// Also exported from here: RawTableWriter, the appender-based raw-table writer the XLSX reader
// shares (it belongs in its own module, readers/raw-table.ts, once that file has an owner).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { DuckDBAppender } from '@duckdb/node-api';
import type { Db } from '../../db.ts';
import { quotedIdentifier } from '../../db.ts';
import { MAX_COLUMNS, type RawRead, type RawReject } from './types.ts';

// ---------------------------------------------------------------------------------------------
// Raw table writer (shared with readers/xlsx.ts)

/** Rows (or characters) held in JavaScript before they go to the appender in one batch. */
const BATCH_ROWS = 5_000;
const BATCH_CHARS = 32 * 1024 * 1024;
/** Appender flush interval (DuckDB commits appended rows at a flush). */
const FLUSH_EVERY = 50_000;

/**
 * Writes the RAW TABLE contract (`rn BIGINT, c0 … c{n-1} VARCHAR`) through a DuckDB appender.
 * The column set may grow while reading (a JSON key first seen in record 900, a spreadsheet row
 * with cells right of the header): addHeaders() only records the names; rows are held in a small
 * batch and, before the batch is appended, the table gets its missing columns in one go — one
 * CREATE while the table is still empty, otherwise ALTER TABLE (the appender must be reopened
 * around it). So a file whose first records disagree on their keys costs one CREATE, not an
 * ALTER per record. Memory: one batch (≤ 5,000 rows / 32 M characters).
 */
export class RawTableWriter {
  readonly headers: string[];
  rows = 0;
  private db: Db;
  private table: string;
  private appender: DuckDBAppender | null = null;
  private tableWidth: number;
  private pending: { rn: number; cells: readonly (string | null)[] }[] = [];
  private pendingChars = 0;
  private sinceFlush = 0;
  private closed = false;

  private constructor(db: Db, table: string, headers: string[]) {
    this.db = db;
    this.table = table;
    this.headers = [...headers];
    this.tableWidth = headers.length;
  }

  /** Create (or replace) `table` with one VARCHAR column per header. */
  static async create(db: Db, table: string, headers: string[]): Promise<RawTableWriter> {
    const w = new RawTableWriter(db, table, headers);
    await w.createTable();
    return w;
  }

  private async createTable(): Promise<void> {
    const cols = ['rn bigint', ...this.headers.map((_, i) => `c${i} varchar`)].join(', ');
    await this.db.run(`create or replace table ${quotedIdentifier(this.table)} (${cols})`);
    this.tableWidth = this.headers.length;
  }

  get width(): number {
    return this.headers.length;
  }

  /** Declare more columns (named `names`); the table catches up before the next batch. */
  addHeaders(names: readonly string[]): void {
    this.headers.push(...names);
  }

  /** Queue one record; `cells` must not be wider than `width` (call addHeaders first). */
  async append(rn: number, cells: readonly (string | null)[]): Promise<void> {
    if (this.closed) throw new Error('RawTableWriter: append after close');
    if (cells.length > this.headers.length) {
      throw new Error(`RawTableWriter: ${cells.length} cells for ${this.headers.length} columns`);
    }
    this.pending.push({ rn, cells });
    for (const c of cells) if (c) this.pendingChars += c.length;
    if (this.pending.length >= BATCH_ROWS || this.pendingChars >= BATCH_CHARS)
      await this.flushBatch();
  }

  private async flushBatch(): Promise<void> {
    if (this.headers.length > this.tableWidth) {
      this.closeAppender();
      if (this.rows === 0) await this.createTable();
      else {
        const t = quotedIdentifier(this.table);
        const alters: string[] = [];
        for (let i = this.tableWidth; i < this.headers.length; i++)
          alters.push(`alter table ${t} add column c${i} varchar`);
        await this.db.run(alters.join(';\n'));
        this.tableWidth = this.headers.length;
      }
    }
    if (this.pending.length === 0) return;
    const app = (this.appender ??= await this.db.conn.createAppender(this.table));
    const width = this.tableWidth;
    for (const { rn, cells } of this.pending) {
      app.appendBigInt(BigInt(rn));
      for (let i = 0; i < width; i++) {
        const v = i < cells.length ? cells[i] : null;
        if (v === null || v === undefined || v === '') app.appendNull();
        else app.appendVarchar(v);
      }
      app.endRow();
      this.rows++;
      if (++this.sinceFlush >= FLUSH_EVERY) {
        app.flushSync();
        this.sinceFlush = 0;
      }
    }
    this.pending = [];
    this.pendingChars = 0;
  }

  private closeAppender(): void {
    if (this.appender) {
      this.appender.closeSync(); // flushes
      this.appender = null;
    }
  }

  /** Write what is queued and release the appender. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flushBatch();
    this.closeAppender();
    this.closed = true;
  }

  /** After an error: drop the queued rows and release the appender without writing more. */
  dispose(): void {
    this.closed = true;
    this.pending = [];
    try {
      this.appender?.clear();
      this.closeAppender();
    } catch {
      this.appender = null; // the error being reported matters more than this one
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Values

const MAX_RECORD_CHARS = 64 * 1024 * 1024;
/**
 * Records whose keys are data (ids, dates as keys) would add a column per record; past this many
 * columns a record bringing new keys is rejected (too_many_columns) instead of growing the table.
 */
const RAW_PREVIEW_CHARS = 64 * 1024;

// JSON.rawJSON / isRawJSON (Node 21+, V8 "JSON.parse source text access") are not in the ES2024
// lib typings yet.
const J = JSON as unknown as {
  parse(
    text: string,
    reviver: (key: string, value: unknown, context: { source?: string }) => unknown,
  ): unknown;
  rawJSON(text: string): object;
  isRawJSON(value: unknown): value is { rawJSON: string };
};

/**
 * Integers beyond 2^53 (18–20 digit complaint or order ids exported as JSON numbers) would be
 * rounded by JSON.parse; keep their source text. Only files that contain such digit runs pay for
 * the reviver.
 */
const LONG_DIGITS = /\d{16}/;
function parseJson(text: string): unknown {
  if (!LONG_DIGITS.test(text)) return JSON.parse(text);
  return J.parse(text, (_key, value, context) =>
    typeof value === 'number' &&
    !Number.isSafeInteger(value) &&
    context.source !== undefined &&
    /^-?\d+$/.test(context.source)
      ? J.rawJSON(context.source)
      : value,
  );
}

/** A top-level value as cell text: strings as-is, numbers shortest, nested values as JSON. */
export function jsonCellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (J.isRawJSON(v)) return v.rawJSON;
  return JSON.stringify(v);
}

/**
 * Records nested deeper than this are rejected before parsing: JSON.stringify of a 100,000-deep
 * value overflowed the stack and failed the whole file (issue 13, defect 10). Real exports nest a
 * few levels.
 */
export const MAX_DEPTH = 64;

/** Deepest bracket nesting of JSON text, outside strings — a loop, so any depth is safe to measure. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

const tooDeep = (text: string) =>
  nestingDepth(text) > MAX_DEPTH ? `nested more than ${MAX_DEPTH} levels deep` : null;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !J.isRawJSON(v);

// ---------------------------------------------------------------------------------------------
// Record sink: text slices → parsed objects → raw table rows

class RecordSink {
  rowsRead = 0;
  rejects: RawReject[] = [];
  private writer: RawTableWriter;
  private keyIndex = new Map<string, number>();
  private rejectReplaced: boolean;

  /** `rejectReplaced`: the text holds U+FFFD where the source had bytes valid in no encoding. */
  constructor(writer: RawTableWriter, rejectReplaced = false) {
    this.writer = writer;
    this.rejectReplaced = rejectReplaced;
  }

  reject(reason: string, message: string, raw: string): void {
    this.rowsRead++;
    this.rejects.push({ rowNumber: this.rowsRead, reason, message, raw });
  }

  /** One record as JSON text (a line or an array element). `where` locates it for messages. */
  async text(text: string, where: string): Promise<void> {
    const deep = tooDeep(text);
    if (deep) {
      this.reject('too_deeply_nested', `${where}: ${deep}`, text.slice(0, 4096));
      return;
    }
    let value: unknown;
    try {
      value = parseJson(text);
    } catch (e) {
      this.reject('invalid_json', `${where}: ${(e as Error).message}`, text);
      return;
    }
    await this.value(value, text, where);
  }

  async value(value: unknown, raw: string, where: string): Promise<void> {
    if (this.rejectReplaced && raw.includes('\ufffd')) {
      this.reject(
        'invalid_encoding',
        `${where}: holds bytes that are neither valid UTF-8 nor GB18030; the record is kept here with them replaced by U+FFFD`,
        raw,
      );
      return;
    }
    if (!isRecord(value)) {
      const kind =
        value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      this.reject('not_an_object', `${where}: expected a JSON object, found ${kind}`, raw);
      return;
    }
    const fresh: string[] = [];
    for (const key of Object.keys(value)) {
      if (!this.keyIndex.has(key)) {
        this.keyIndex.set(key, this.writer.width + fresh.length);
        fresh.push(key);
      }
    }
    if (fresh.length > 0 && this.writer.width + fresh.length > MAX_COLUMNS) {
      for (const key of fresh) this.keyIndex.delete(key);
      this.reject(
        'too_many_columns',
        `${where}: its keys would take the table past ${MAX_COLUMNS} columns (are keys data, e.g. ids?)`,
        raw,
      );
      return;
    }
    if (fresh.length > 0) this.writer.addHeaders(fresh);
    const cells: (string | null)[] = new Array(this.writer.width).fill(null);
    for (const [key, v] of Object.entries(value)) cells[this.keyIndex.get(key)!] = jsonCellText(v);
    this.rowsRead++;
    await this.writer.append(this.rowsRead, cells);
  }
}

// ---------------------------------------------------------------------------------------------
// NDJSON

async function readNdjson(file: string, sink: RecordSink): Promise<void> {
  const lines = createInterface({
    input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1024 * 1024 }),
    crlfDelay: Infinity,
  });
  let lineNo = 0;
  for await (let line of lines) {
    lineNo++;
    if (lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() === '') continue;
    await sink.text(line, `line ${lineNo}`);
  }
}

// ---------------------------------------------------------------------------------------------
// JSON documents: structural scanner

type ScanEvent =
  | { kind: 'element'; text: string; oversize: boolean }
  | { kind: 'document'; text: string; oversize: boolean } // a top-level object without a record array
  | { kind: 'garbage'; text: string };

const C_QUOTE = 0x22;
const C_BACKSLASH = 0x5c;
const C_LBRACE = 0x7b;
const C_RBRACE = 0x7d;
const C_LBRACKET = 0x5b;
const C_RBRACKET = 0x5d;
const C_COMMA = 0x2c;
const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;

/**
 * Finds the records of a JSON document without parsing it whole. Records are the elements of
 * the top-level array, or — for an API envelope such as {"code":0,"data":[{…}],"total":9} — of
 * the first top-level property whose value is an array starting with an object; the envelope's
 * other properties are metadata and are skipped. A top-level object without such a property is
 * itself a record (or, if its only property is an array, e.g. {"data":[]}, that array's
 * elements are). Several top-level values in a row (concatenated documents) are read in turn.
 *
 * Only brackets, braces, commas and string boundaries are tracked; an element ends at a comma or
 * the closing bracket at the record array's depth, so a malformed element (missing comma, stray
 * bracket, bad literal) is cut out whole and rejected by JSON.parse while the scan resumes in
 * step at the next separator.
 */
class JsonScanner {
  events: ScanEvent[] = [];
  /** Top-level values opened so far. */
  values = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** 1 = records are the top-level array's elements, 2 = an envelope property's, 0 = not known yet, -1 = done. */
  private recordDepth = 0;
  /** The last '[' opened an envelope property; the next significant character decides. */
  private candidate = false;
  private topIsObject = false;
  // current element (recordDepth known) or whole top-level object (recordDepth 0)
  private capturing = false;
  private parts: string[] = [];
  private partsLen = 0;
  private oversize = false;
  private garbage = '';

  private startCapture(): void {
    this.capturing = true;
    this.parts = [];
    this.partsLen = 0;
    this.oversize = false;
  }

  private keep(s: string): void {
    if (!this.capturing || s.length === 0) return;
    if (this.oversize) return;
    if (this.partsLen + s.length > MAX_RECORD_CHARS) {
      this.oversize = true;
      const room = Math.max(0, RAW_PREVIEW_CHARS - this.partsLen);
      if (room > 0) this.parts.push(s.slice(0, room));
      this.parts = [this.parts.join('').slice(0, RAW_PREVIEW_CHARS)];
      return;
    }
    this.parts.push(s);
    this.partsLen += s.length;
  }

  private finish(kind: 'element' | 'document'): void {
    const text = this.parts.join('').trim();
    this.capturing = false;
    this.parts = [];
    this.partsLen = 0;
    if (text !== '' || kind === 'document')
      this.events.push({ kind, text, oversize: this.oversize });
  }

  private flushGarbage(): void {
    const g = this.garbage.trim();
    if (g !== '') this.events.push({ kind: 'garbage', text: g.slice(0, RAW_PREVIEW_CHARS) });
    this.garbage = '';
  }

  feed(chunk: string): void {
    let from = 0; // start of the not-yet-kept part of chunk
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === C_BACKSLASH) this.escaped = true;
        else if (c === C_QUOTE) this.inString = false;
        continue;
      }
      if (this.depth === 0) {
        // Between top-level values: whitespace and stray commas are tolerated, anything else that
        // does not open a value is garbage, reported once per run of it.
        if (c === C_LBRACKET || c === C_LBRACE) {
          this.flushGarbage();
          this.values++;
          this.topIsObject = c === C_LBRACE;
          this.recordDepth = c === C_LBRACKET ? 1 : 0;
          this.candidate = false;
          this.depth = 1;
          if (this.topIsObject) {
            this.startCapture();
            from = i;
          } else from = i + 1;
          continue;
        }
        if (
          this.garbage.length < RAW_PREVIEW_CHARS &&
          (this.garbage !== '' || (!isWs(c) && c !== C_COMMA))
        ) {
          this.garbage += chunk[i];
        }
        from = i + 1;
        continue;
      }
      if (this.candidate && !isWs(c)) {
        this.candidate = false;
        if (c === C_LBRACE) {
          // The envelope's record array: drop the buffered envelope head, capture elements.
          this.capturing = false;
          this.parts = [];
          this.recordDepth = 2;
        }
      }
      if (this.depth === this.recordDepth && !this.capturing) {
        if (c === C_COMMA || isWs(c)) {
          from = i + 1;
          continue;
        }
        if (c !== C_RBRACKET) {
          this.startCapture();
          from = i;
        }
      }
      if (c === C_QUOTE) {
        this.inString = true;
      } else if (c === C_LBRACE || c === C_LBRACKET) {
        this.depth++;
        if (c === C_LBRACKET && this.depth === 2 && this.topIsObject && this.recordDepth === 0)
          this.candidate = true;
      } else if (c === C_COMMA && this.depth === this.recordDepth && this.capturing) {
        this.keep(chunk.slice(from, i));
        from = i + 1;
        this.finish('element');
      } else if (c === C_RBRACE || c === C_RBRACKET) {
        if (this.depth === this.recordDepth) {
          // closes the record array (a '}' here is a stray brace: treat it the same way)
          if (this.capturing) {
            this.keep(chunk.slice(from, i));
            this.finish('element');
          }
          from = i + 1;
          this.recordDepth = -1;
        }
        this.depth--;
        if (this.depth === 0) {
          if (this.capturing && this.recordDepth === 0) {
            this.keep(chunk.slice(from, i + 1));
            this.finish('document');
          }
          from = i + 1;
        }
      }
    }
    if (this.capturing) this.keep(chunk.slice(from));
  }

  /**
   * End of input. `truncated`: the last top-level value was never closed; `partial`: an element
   * (or envelope) was cut off and has been emitted as the last event, for the caller to reject.
   */
  end(): { truncated: boolean; partial: boolean } {
    this.flushGarbage();
    const truncated = this.depth > 0;
    const partial = this.capturing;
    if (this.capturing) this.finish(this.recordDepth === 0 ? 'document' : 'element');
    return { truncated, partial };
  }
}

async function readJsonDocument(file: string, sink: RecordSink): Promise<void> {
  const scanner = new JsonScanner();
  let elementNo = 0;
  let cutOff = false; // the last event is an element the file ends inside
  const drain = async () => {
    for (const [k, ev] of scanner.events.entries()) {
      if (ev.kind === 'garbage') {
        sink.reject('invalid_json', 'text outside any JSON value', ev.text);
        continue;
      }
      elementNo++;
      let where = ev.kind === 'element' ? `record ${elementNo}` : 'top-level object';
      if (cutOff && k === scanner.events.length - 1) where += ' (the file ends inside it)';
      if (ev.oversize) {
        sink.reject(
          'record_too_large',
          `${where}: longer than ${MAX_RECORD_CHARS} characters (raw text truncated)`,
          ev.text,
        );
        continue;
      }
      if (ev.kind === 'element') {
        await sink.text(ev.text, where);
        continue;
      }
      // A top-level object with no array-of-objects property.
      const deep = tooDeep(ev.text);
      if (deep) {
        sink.reject('too_deeply_nested', `${where}: ${deep}`, ev.text.slice(0, 4096));
        continue;
      }
      let doc: unknown;
      try {
        doc = parseJson(ev.text);
      } catch (e) {
        sink.reject('invalid_json', `${where}: ${(e as Error).message}`, ev.text);
        continue;
      }
      const entries = isRecord(doc) ? Object.entries(doc) : [];
      if (entries.length === 1 && Array.isArray(entries[0][1])) {
        // {"data": []} or {"data": [1, 2]}: the array holds the records.
        let k = 0;
        for (const el of entries[0][1] as unknown[])
          await sink.value(el, JSON.stringify(el) ?? 'null', `record ${++k}`);
      } else await sink.value(doc, ev.text, where);
    }
    scanner.events = [];
  };
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1024 * 1024 });
  for await (const chunk of stream) {
    scanner.feed(chunk as string);
    if (scanner.events.length > 0) await drain();
  }
  const { truncated, partial } = scanner.end();
  cutOff = partial;
  await drain();
  if (scanner.values === 0) throw new Error(`${file}: no JSON array or object found`);
  if (truncated && !partial) {
    // The file ends inside the record array right after a complete element: nothing to reject
    // row-wise, but records may be missing, so it must not pass unnoticed.
    sink.reject(
      'truncated_json',
      'the file ends before the JSON array/object is closed: it may be truncated',
      '',
    );
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Read a JSON array / envelope document (`format: 'json'`) or newline-delimited JSON
 * (`format: 'ndjson'`) into `table`. Headers are the records' top-level keys in order of first
 * appearance; values become text (strings as-is, numbers in shortest form, booleans
 * 'true'/'false', nested objects/arrays as JSON, null/"" → NULL). Records that are not valid JSON
 * or not objects are rejected (`invalid_json`, `not_an_object`) with their text.
 * The file must be UTF-8 (read.ts transcodes other encodings first); with `rejectReplaced`, the
 * transcoder met bytes valid in no encoding and wrote U+FFFD for them, so records holding U+FFFD
 * are rejected (`invalid_encoding`) rather than stored as mojibake.
 */
export async function readJson(
  db: Db,
  file: string,
  table: string,
  opts: { format: 'json' | 'ndjson'; rejectReplaced?: boolean },
): Promise<RawRead> {
  const writer = await RawTableWriter.create(db, table, []);
  const sink = new RecordSink(writer, opts.rejectReplaced);
  try {
    if (opts.format === 'ndjson') await readNdjson(file, sink);
    else await readJsonDocument(file, sink);
    await writer.close();
  } catch (e) {
    writer.dispose();
    throw e;
  }
  return { headers: writer.headers, rowsRead: sink.rowsRead, rejects: sink.rejects };
}
