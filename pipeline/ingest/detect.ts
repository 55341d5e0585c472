// Input format and text-encoding detection. Content decides, the file name only breaks ties:
// nightly exports arrive as "report.xls" that is really tab-separated UTF-16, "data.csv" that is
// GBK, "export.json" that is one object per line, so an extension alone is wrong too often.
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import iconv from 'iconv-lite';

export type InputFormat = 'csv' | 'xlsx' | 'json' | 'ndjson' | 'parquet';
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface EncodingGuess {
  encoding: TextEncoding;
  /** high: a BOM or unambiguous bytes; medium: plausible but thinly evidenced; low: a fallback. */
  confidence: 'high' | 'medium' | 'low';
  /** Human-readable evidence, for load_runs.message and --verbose output. */
  reason: string;
}

const MiB = 1024 * 1024;

/** Read up to `length` bytes at `position` (fewer at end of file). */
async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function fileSize(path: string): Promise<number> {
  const fh = await open(path, 'r');
  try {
    return (await fh.stat()).size;
  } finally {
    await fh.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Format

const startsWith = (buf: Buffer, bytes: number[]) => bytes.every((b, i) => buf[i] === b);

/** Text of the head of a file for structural sniffing (UTF-16 decoded, any BOM dropped). */
function headText(head: Buffer): string {
  const utf16 = utf16Evidence(head);
  let text: string;
  if (utf16) {
    const body =
      startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]) ? head.subarray(2) : head;
    text = iconv.decode(body, utf16.encoding, { stripBOM: true });
  } else {
    // Only ASCII structure characters matter here; latin1 maps bytes 1:1 and cannot fail.
    text = (startsWith(head, [0xef, 0xbb, 0xbf]) ? head.subarray(3) : head).toString('latin1');
  }
  return text;
}

const JSON_WS = /^[\s\u00a0\ufeff]*/u;

/**
 * Decide a file's format. Magic bytes first (PK zip → xlsx, PAR1 → parquet), then JSON structure
 * (`[` → json array; `{` → ndjson when the first line is a complete JSON object, else a JSON
 * document such as `{"data":[…]}`), then the extension; everything else is delimited text.
 * Throws for formats we recognise but cannot read (legacy .xls, HTML-table "Excel" exports).
 */
export async function detectFormat(path: string): Promise<InputFormat> {
  const size = await fileSize(path);
  let head = await readAt(path, 0, Math.min(size, MiB));
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06]))
    return 'xlsx';
  if (startsWith(head, [0x50, 0x41, 0x52, 0x31])) return 'parquet';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    throw new Error(
      `${path}: legacy Excel 97-2003 (.xls) workbooks are not supported; save it as .xlsx or .csv`,
    );
  }
  let text = headText(head);
  let trimmed = text.replace(JSON_WS, '');
  const first = trimmed[0];
  // A JSON document: `[` followed by what can start an element, `{` followed by a key or `}`.
  // The second-character check keeps a CSV whose first header is "[编号]" or "{id}" out.
  const second = trimmed.slice(1).replace(JSON_WS, '')[0];
  if (first === '[' && second !== undefined && '{["]'.includes(second)) return 'json';
  if (first === '{' && second !== undefined && '"}'.includes(second)) {
    let nl = trimmed.indexOf('\n');
    if (nl < 0 && head.length < size) {
      // The first line is longer than 1 MiB: look further (bounded) before deciding.
      head = await readAt(path, 0, Math.min(size, 16 * MiB));
      text = headText(head);
      trimmed = text.replace(JSON_WS, '');
      nl = trimmed.indexOf('\n');
    }
    const wholeFileInHead = head.length >= size;
    const firstLine = nl < 0 ? (wholeFileInHead ? trimmed : null) : trimmed.slice(0, nl);
    const parsed = firstLine === null ? undefined : tryParseObject(firstLine);
    if (parsed === undefined) return 'json';
    // One line holding the whole file, shaped like an API envelope {"data":[{…},…]}: a document.
    const rest = nl < 0 ? '' : trimmed.slice(nl + 1);
    if (wholeFileInHead && rest.trim() === '' && looksLikeEnvelope(parsed)) return 'json';
    return 'ndjson';
  }
  if (first === '<') {
    throw new Error(
      `${path}: looks like an HTML/XML export (often saved as .xls by web systems); open it in Excel and save as .xlsx or .csv`,
    );
  }
  switch (extname(path).toLowerCase()) {
    case '.ndjson':
    case '.jsonl':
      return 'ndjson';
    case '.json':
      return 'json'; // not JSON-shaped: the JSON reader reports why, rather than CSV garbage
    default:
      return 'csv';
  }
}

function tryParseObject(line: string): Record<string, unknown> | undefined {
  try {
    // The head is latin1-decoded: multi-byte characters become U+0080–U+00FF, which JSON allows
    // inside strings, so the structure parses the same as the real text would.
    const v: unknown = JSON.parse(line);
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** An object whose records sit in an array-of-objects property ({"code":0,"data":[{…}]}). */
function looksLikeEnvelope(obj: Record<string, unknown>): boolean {
  return Object.values(obj).some(
    (v) =>
      Array.isArray(v) &&
      (v.length === 0 || (v[0] !== null && typeof v[0] === 'object' && !Array.isArray(v[0]))),
  );
}

// ---------------------------------------------------------------------------------------------
// Encoding

const ENCODING_ALIASES: Record<string, TextEncoding> = {
  utf8: 'utf-8',
  utf: 'utf-8',
  utf8bom: 'utf-8-bom',
  utf8sig: 'utf-8-bom',
  utf16le: 'utf-16le',
  utf16: 'utf-16le', // Windows "Unicode" is little-endian; a BOM still wins when reading
  unicode: 'utf-16le',
  ucs2: 'utf-16le',
  utf16be: 'utf-16be',
  unicodebigendian: 'utf-16be',
  gb18030: 'gb18030',
  gbk: 'gb18030', // GB18030 is a strict superset of GBK and GB2312: one decoder for all three
  gb2312: 'gb18030',
  cp936: 'gb18030',
  ms936: 'gb18030',
  windows936: 'gb18030',
  euccn: 'gb18030',
  xgbk: 'gb18030',
};

/** Map a user-supplied `--encoding` (gbk, GB2312, utf8, UTF-16LE, utf-8-sig …) to ours. */
export function normaliseEncodingName(name: string): TextEncoding {
  const key = name.toLowerCase().replace(/[\s_\-]+/g, '');
  const hit = ENCODING_ALIASES[key];
  if (!hit) {
    throw new Error(
      `unknown encoding "${name}"; use one of utf-8, utf-8-bom, utf-16le, utf-16be, gb18030 (aliases: gbk, gb2312, cp936, utf8, utf16, unicode)`,
    );
  }
  return hit;
}

/**
 * UTF-16 without a BOM shows as NUL bytes in one byte lane: ASCII delimiters, digits and line
 * breaks (which every CSV has) encode as XX 00 (LE) or 00 XX (BE). UTF-8 and GB18030 text never
 * contain NUL, so a clear one-lane NUL pattern is strong evidence.
 */
function utf16Evidence(buf: Buffer): { encoding: 'utf-16le' | 'utf-16be'; reason: string } | null {
  if (startsWith(buf, [0xff, 0xfe]))
    return { encoding: 'utf-16le', reason: 'UTF-16LE byte-order mark' };
  if (startsWith(buf, [0xfe, 0xff]))
    return { encoding: 'utf-16be', reason: 'UTF-16BE byte-order mark' };
  const n = Math.min(buf.length, 64 * 1024) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) even++;
    if (buf[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  const total = even + odd;
  // At least 5% of code units carry a NUL lane and ≥ 95% of NULs sit in the same lane.
  if (total < Math.max(2, pairs * 0.05)) return null;
  if (odd / total >= 0.95)
    return {
      encoding: 'utf-16le',
      reason: `no BOM; NUL bytes in the high lane of ${odd}/${pairs} code units`,
    };
  if (even / total >= 0.95)
    return {
      encoding: 'utf-16be',
      reason: `no BOM; NUL bytes in the high lane of ${even}/${pairs} code units`,
    };
  return null;
}

/**
 * Trim a sample read from the middle of a file so that it starts and ends on character
 * boundaries: at line feeds when there are any (0x0A never occurs inside a UTF-8 or GB18030
 * multi-byte sequence), else at UTF-8 lead bytes.
 */
function trimSample(buf: Buffer, cutStart: boolean, cutEnd: boolean): Buffer {
  let start = 0;
  let end = buf.length;
  if (cutEnd && end > 0) {
    const lf = buf.lastIndexOf(0x0a);
    if (lf >= 0 && lf >= end - 64 * 1024) end = lf + 1;
    else end = utf8BoundaryBefore(buf, end);
  }
  if (cutStart) {
    const lf = buf.indexOf(0x0a);
    if (lf >= 0 && lf < Math.min(end, 64 * 1024)) start = lf + 1;
    else while (start < end && start < 4 && (buf[start] & 0xc0) === 0x80) start++;
  }
  return buf.subarray(start, Math.max(start, end));
}

/** Largest index ≤ end that does not split a UTF-8 sequence. */
function utf8BoundaryBefore(buf: Buffer, end: number): number {
  for (let back = 1; back <= 4 && end - back >= 0; back++) {
    const b = buf[end - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? end - back : end;
  }
  return end;
}

interface Utf8Stats {
  valid: boolean;
  nonAscii: number;
  badSequences: number;
  goodSequences: number;
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

function utf8Stats(buf: Buffer): Utf8Stats {
  let nonAscii = 0;
  for (let i = 0; i < buf.length; i++) if (buf[i] >= 0x80) nonAscii++;
  if (nonAscii === 0) return { valid: true, nonAscii, badSequences: 0, goodSequences: 0 };
  try {
    fatalUtf8.decode(buf);
    return { valid: true, nonAscii, badSequences: 0, goodSequences: nonAscii };
  } catch {
    // Count well-formed vs broken multi-byte sequences: a UTF-8 file with a few corrupt bytes
    // is mostly good sequences, GBK text read as UTF-8 is mostly broken ones.
    let good = 0;
    let bad = 0;
    let i = 0;
    while (i < buf.length) {
      const b = buf[i];
      if (b < 0x80) {
        i++;
        continue;
      }
      const need =
        b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
      let ok = need > 0;
      for (let k = 1; ok && k <= need; k++) ok = i + k < buf.length && (buf[i + k] & 0xc0) === 0x80;
      if (ok) {
        good++;
        i += need + 1;
      } else {
        bad++;
        i++;
      }
    }
    return { valid: false, nonAscii, badSequences: bad, goodSequences: good };
  }
}

/**
 * Two checks on a GB18030 reading of the samples. (1) iconv-lite's decoding should be ASCII and
 * CJK (ideographs, CJK/full-width punctuation, the symbols GBK carries) with no undecodable
 * bytes. That alone is weak — GBK assigns a character to almost every byte pair, so any high-bit
 * bytes decode to "CJK" — hence (2): real Chinese text is dominated by the 3,755 common hanzi
 * of GB2312 level 1 (lead bytes B0–D7) and GB2312 symbols (A1–A9), each with a trail byte A1–FE;
 * random bytes or UTF-8 read as GBK land there well under half the time.
 */
function gb18030Plausibility(samples: Buffer[]): {
  share: number;
  common: number;
  replacements: number;
  chars: number;
} {
  let chars = 0;
  let plausible = 0;
  let replacements = 0;
  let doubles = 0;
  let commonDoubles = 0;
  for (const s of samples) {
    for (let i = 0; i < s.length; i++) {
      const b = s[i];
      if (b < 0x81 || b === 0xff) continue;
      const t = s[i + 1];
      if (t === undefined) break;
      if (t >= 0x30 && t <= 0x39) {
        i += 3; // four-byte sequence (rare characters, 𡈼): neither common nor suspicious
        continue;
      }
      doubles++;
      if (((b >= 0xa1 && b <= 0xa9) || (b >= 0xb0 && b <= 0xd7)) && t >= 0xa1 && t <= 0xfe)
        commonDoubles++;
      i++;
    }
    const text = iconv.decode(s, 'gb18030');
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      chars++;
      if (cp === 0xfffd) replacements++;
      else if (
        cp < 0x80 ||
        (cp >= 0x4e00 && cp <= 0x9fff) || // CJK unified ideographs
        (cp >= 0x3400 && cp <= 0x4dbf) || // extension A
        (cp >= 0x20000 && cp <= 0x323af) || // extensions B–H (GB18030 four-byte)
        (cp >= 0x3000 && cp <= 0x303f) || // CJK punctuation
        (cp >= 0xff00 && cp <= 0xffef) || // full-width forms
        (cp >= 0x2000 && cp <= 0x206f) || // general punctuation (“”…—)
        (cp >= 0x2460 && cp <= 0x24ff) || // circled numbers ①
        (cp >= 0x2190 && cp <= 0x22ff) || // arrows, maths (√ ×)
        (cp >= 0x25a0 && cp <= 0x26ff) || // shapes, ★
        (cp >= 0x0391 && cp <= 0x03c9) || // Greek in GB2312
        (cp >= 0x0401 && cp <= 0x0451) || // Cyrillic in GB2312
        (cp >= 0x00a0 && cp <= 0x00ff) || // ¥ ° · × in GBK
        (cp >= 0x3100 && cp <= 0x312f) // bopomofo
      )
        plausible++;
    }
  }
  return {
    share: chars === 0 ? 1 : plausible / chars,
    common: doubles === 0 ? 1 : commonDoubles / doubles,
    replacements,
    chars,
  };
}

/**
 * Guess a text file's encoding from a sample of its bytes (default 4 MiB from the start; for
 * bigger files also 1 MiB from the middle and the end, because an export can be ASCII for its
 * first million rows and Chinese later). Order: BOM, UTF-16 NUL pattern, strict UTF-8, GB18030.
 */
export async function detectEncoding(path: string, sampleBytes = 4 * MiB): Promise<EncodingGuess> {
  const size = await fileSize(path);
  if (size === 0) return { encoding: 'utf-8', confidence: 'low', reason: 'empty file' };
  const headRaw = await readAt(path, 0, Math.min(size, sampleBytes));
  if (startsWith(headRaw, [0xef, 0xbb, 0xbf]))
    return { encoding: 'utf-8-bom', confidence: 'high', reason: 'UTF-8 byte-order mark' };
  const utf16 = utf16Evidence(headRaw);
  if (utf16) {
    const bom = startsWith(headRaw, [0xff, 0xfe]) || startsWith(headRaw, [0xfe, 0xff]);
    return { encoding: utf16.encoding, confidence: bom ? 'high' : 'medium', reason: utf16.reason };
  }
  if (startsWith(headRaw, [0x84, 0x31, 0x95, 0x33]))
    return { encoding: 'gb18030', confidence: 'high', reason: 'GB18030 byte-order mark' };

  const samples = [trimSample(headRaw, false, headRaw.length < size)];
  if (size > sampleBytes) {
    const extra = Math.min(MiB, sampleBytes);
    const middle = Math.floor(size / 2);
    if (middle > headRaw.length)
      samples.push(trimSample(await readAt(path, middle, extra), true, true));
    if (size - extra > headRaw.length)
      samples.push(trimSample(await readAt(path, size - extra, extra), true, false));
  }
  const stats = samples.map(utf8Stats);
  const nonAscii = stats.reduce((a, s) => a + s.nonAscii, 0);
  if (stats.every((s) => s.valid)) {
    return nonAscii > 0
      ? {
          encoding: 'utf-8',
          confidence: 'high',
          reason: `valid UTF-8 (${nonAscii} non-ASCII bytes sampled)`,
        }
      : { encoding: 'utf-8', confidence: 'medium', reason: 'only ASCII in the sampled bytes' };
  }
  const bad = stats.reduce((a, s) => a + s.badSequences, 0);
  const good = stats.reduce((a, s) => a + s.goodSequences, 0);
  if (good >= 20 && bad <= good * 0.01) {
    return {
      encoding: 'utf-8',
      confidence: 'low',
      reason: `UTF-8 with ${bad} invalid byte sequence(s) among ${good} valid ones (corrupt bytes, not another encoding)`,
    };
  }
  const gb = gb18030Plausibility(samples);
  const evidence = `${(gb.share * 100).toFixed(1)}% ASCII/CJK, ${(gb.common * 100).toFixed(1)}% common GB2312 characters, ${gb.replacements} undecodable`;
  if (gb.replacements === 0 && gb.share >= 0.95 && gb.common >= 0.8) {
    return {
      encoding: 'gb18030',
      confidence: 'high',
      reason: `not UTF-8; as GB18030: ${evidence}`,
    };
  }
  if (gb.share >= 0.8 && gb.common >= 0.5 && gb.replacements <= gb.chars * 0.01) {
    return {
      encoding: 'gb18030',
      confidence: 'medium',
      reason: `not UTF-8; as GB18030: ${evidence}`,
    };
  }
  return {
    encoding: 'gb18030',
    confidence: 'low',
    reason: `not UTF-8, and an implausible GB18030 reading (${evidence}); check the file or pass --encoding`,
  };
}
