// Generator of malformed complaint exports for the fuzz corpus (issue 13, item 7). fast-check draws
// a case — format, encoding, rows with hostile values, and a few structural defects — and
// writeExport() turns it into a file plus what a tolerant reader must see in it: the number of
// physical data records (for the accounting check), the complaint ids written (a stored id that is
// not one of them is mojibake or a merged record), and whether the file is garbage that must fail
// with a clear error.
import { writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { openDb } from '../../pipeline/db.ts';

export const FORMATS = ['csv', 'tsv', 'ndjson', 'json', 'xlsx', 'parquet'] as const;
export type Format = (typeof FORMATS)[number];
export const ENCODINGS = ['utf-8', 'utf-8-bom', 'gb18030', 'utf-16le'] as const;
export type Encoding = (typeof ENCODINGS)[number];
export const TEXT_DEFECTS = [
  'stray_quote',
  'mixed_eol',
  'encoding_switch',
  'nul_in_row',
  'extra_fields',
  'short_row',
  'blank_lines',
  'truncate',
  'multiline_description',
  'undecodable_row',
] as const;
export const JSON_DEFECTS = [
  'invalid_record',
  'deep_record',
  'not_an_object',
  'blank_lines',
  'encoding_switch',
] as const;
export const FILE_DEFECTS = ['binary_junk', 'zip_junk', 'empty', 'header_only'] as const;
type Defect =
  (typeof TEXT_DEFECTS)[number] | (typeof JSON_DEFECTS)[number] | (typeof FILE_DEFECTS)[number];

export interface Row {
  received: string;
  production: string;
  dispatch: string;
  money: string;
  satisfaction: string;
  description: string;
}

export interface Case {
  format: Format;
  encoding: Encoding;
  rows: Row[];
  defects: Defect[];
  /** Positions for defects, as fractions of the row count / byte length. */
  at: number;
}

export const HEADERS = [
  '投诉编号',
  '受理时间',
  '生产日期',
  '派单次数',
  '赔偿金额',
  '满意度',
  '问题描述',
];

const date = fc
  .date({ min: new Date('2024-01-01'), max: new Date('2026-06-30'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 19).replace('T', ' '));
const hostileDate = fc.constantFrom(
  '9999-12-31',
  '0000-01-01',
  '0001-01-01',
  '1000-06-01',
  '1919-09-01',
  '2026-02-30',
  'not a date',
  'infinity',
  '-infinity',
  '',
);
const count = fc.oneof(
  fc.integer({ min: 0, max: 9 }).map(String),
  fc.constantFrom('-1', '2.5', '1e9', '三', ''),
);
const money = fc.oneof(
  fc.integer({ min: 0, max: 99999 }).map((n) => `¥${(n / 100).toFixed(2)}`),
  fc.constantFrom('1,2,3', '-50', '1.2万', '1e300', '12,50', ''),
);
const satisfaction = fc.oneof(
  fc.integer({ min: 1, max: 5 }).map(String),
  fc.constantFrom('150', '-1', '满意', '★★★', '85%', ''),
);
const description = fc
  .array(
    fc.constantFrom(
      '冰箱',
      '噪音',
      '很大',
      ',',
      '"',
      '，',
      '。',
      ' ',
      'door',
      '😀',
      '𡈼',
      'a;b',
      '\t',
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const row: fc.Arbitrary<Row> = fc.record({
  received: fc.oneof({ weight: 6, arbitrary: date }, { weight: 1, arbitrary: hostileDate }),
  production: fc.oneof(
    date.map((d) => d.slice(0, 10)),
    hostileDate,
  ),
  dispatch: count,
  money,
  satisfaction,
  description,
});

export const caseArb: fc.Arbitrary<Case> = fc
  .record({
    format: fc.constantFrom(...FORMATS),
    encoding: fc.constantFrom(...ENCODINGS),
    rows: fc.array(row, { minLength: 1, maxLength: 25 }),
    textDefects: fc.uniqueArray(fc.constantFrom(...TEXT_DEFECTS), { maxLength: 3 }),
    jsonDefects: fc.uniqueArray(fc.constantFrom(...JSON_DEFECTS), { maxLength: 2 }),
    // One case in ten is a whole-file defect (garbage, empty, header only).
    fileDefect: fc.oneof(
      { weight: 9, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom(...FILE_DEFECTS) },
    ),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ format, encoding, rows, textDefects, jsonDefects, fileDefect, at }) => {
    let defects: Defect[] =
      format === 'csv' || format === 'tsv'
        ? [...textDefects]
        : format === 'ndjson' || format === 'json'
          ? [...jsonDefects]
          : [];
    // A truncated multi-line description is not a countable record: keep the two apart.
    if (defects.includes('truncate'))
      defects = defects.filter((d) => d !== 'multiline_description');
    if (fileDefect) defects = [fileDefect];
    return { format, encoding, rows, defects, at };
  });

export interface Written {
  file: string;
  /** Physical data records a tolerant reader sees; null when the file must fail. */
  records: number | null;
  ids: Set<string>;
  /** The file is garbage: the load must fail with a clear error. */
  mustFail: boolean;
}

const quote = (v: string, delim: string) =>
  /["\n\r]/.test(v) || v.includes(delim) ? `"${v.replaceAll('"', '""')}"` : v;

function encode(text: string, enc: Encoding): Buffer {
  if (enc === 'utf-8') return Buffer.from(text, 'utf8');
  if (enc === 'utf-8-bom') return Buffer.from('\ufeff' + text, 'utf8');
  if (enc === 'utf-16le')
    return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
  return iconv.encode(text, 'gb18030');
}

function idOf(tag: string, i: number): string {
  return `号${tag}-${i}`;
}

/** One row's cells in HEADERS order. */
function cellsOf(tag: string, i: number, r: Row, description = r.description): string[] {
  return [idOf(tag, i), r.received, r.production, r.dispatch, r.money, r.satisfaction, description];
}

/**
 * The case's text in its encoding; with `encoding_switch` (UTF-8/GB18030 only), the lines after
 * the first `lines - 3` in the other encoding of the Chinese pair.
 */
function encodeCase(c: Case, text: string, lines: number): Buffer {
  if (
    !c.defects.includes('encoding_switch') ||
    (c.encoding !== 'utf-8' && c.encoding !== 'gb18030')
  )
    return encode(text, c.encoding);
  const cut =
    text
      .split('\n')
      .slice(0, Math.max(2, lines - 3))
      .join('\n') + '\n';
  const other: Encoding = c.encoding === 'utf-8' ? 'gb18030' : 'utf-8';
  return Buffer.concat([encode(cut, c.encoding), encode(text.slice(cut.length), other)]);
}

/** Delimited text, with the case's defects applied line by line. */
function delimited(c: Case, tag: string, delim: string): { bytes: Buffer; records: number } {
  const has = (d: Defect) => c.defects.includes(d);
  const lines: string[] = [HEADERS.join(delim)];
  const k = Math.min(c.rows.length - 1, Math.floor(c.at * c.rows.length));
  c.rows.forEach((r, i) => {
    let desc = r.description;
    if (has('multiline_description') && i === k) desc = `第一行\n第二行${delim}仍在引号里\n第三行`;
    const cells = cellsOf(tag, i, r, desc);
    let line = cells.map((v) => quote(v, delim)).join(delim);
    if (has('stray_quote') && i === k) line = `${idOf(tag, i)}${delim}${r.received}${delim}"坏引号`;
    if (has('extra_fields') && i === k) line += `${delim}多${delim}余`;
    if (has('short_row') && i === k) line = `${idOf(tag, i)}${delim}${r.received}`;
    lines.push(line);
  });
  const records = c.rows.length;
  let eols = lines.map(() => '\n');
  if (has('mixed_eol')) eols = eols.map((e, i) => (i % 2 ? '\r\n' : e));
  let text = '';
  lines.forEach((l, i) => {
    text += l + eols[i];
    if (has('blank_lines') && i % 5 === 2) text += '\n';
  });
  let bytes = encodeCase(c, text, lines.length);
  const nl = c.encoding === 'utf-16le' ? Buffer.from('\n', 'utf16le') : Buffer.from('\n');
  if (has('nul_in_row') && c.encoding !== 'utf-16le') {
    const second = bytes.indexOf(nl, bytes.indexOf(nl) + 1);
    if (second > 0)
      bytes = Buffer.concat([
        bytes.subarray(0, second),
        Buffer.from([0, 0]),
        bytes.subarray(second),
      ]);
  }
  if (has('undecodable_row') && c.encoding !== 'utf-16le')
    bytes = Buffer.concat([
      bytes,
      Buffer.from(`${idOf(tag, 999)}${delim}`),
      Buffer.from([0xff, 0xfe, 0xff, 0x0a]),
    ]);
  let total = records + (has('undecodable_row') && c.encoding !== 'utf-16le' ? 1 : 0);
  if (has('truncate')) {
    // Cut at a byte inside the data; records whose first byte survives still count.
    const headerEnd = bytes.indexOf(nl) + nl.length;
    const cutAt = headerEnd + Math.floor(c.at * (bytes.length - headerEnd));
    let starts = 0;
    for (let p = headerEnd; p < cutAt;) {
      starts++;
      const n = bytes.indexOf(nl, p);
      if (n < 0) break;
      p = n + nl.length;
      while (bytes.subarray(p, p + nl.length).equals(nl) && p < cutAt) p += nl.length; // blank lines
    }
    bytes = bytes.subarray(0, cutAt);
    total = starts;
  }
  return { bytes, records: total };
}

function jsonRecords(c: Case, tag: string): { texts: string[]; records: number } {
  const has = (d: Defect) => c.defects.includes(d);
  const k = Math.min(c.rows.length - 1, Math.floor(c.at * c.rows.length));
  const texts = c.rows.map((r, i) => {
    const cells = cellsOf(tag, i, r);
    const o = Object.fromEntries(HEADERS.map((h, j) => [h, cells[j]]));
    if (has('invalid_record') && i === k) return `{"投诉编号": "${idOf(tag, i)}", "受理时间": }`;
    if (has('not_an_object') && i === k) return '[1, 2, 3]';
    return JSON.stringify(o);
  });
  if (has('deep_record')) texts.push('{"a":'.repeat(5000) + '1' + '}'.repeat(5000));
  return { texts, records: texts.length };
}

export async function writeExport(c: Case, dir: string, tag: string): Promise<Written> {
  const ext = c.format === 'ndjson' ? 'ndjson' : c.format;
  const file = `${dir}/${tag}.${ext}`;
  const ids = new Set(c.rows.map((_, i) => idOf(tag, i)));
  const defect = c.defects[0];
  if (defect === 'binary_junk') {
    await writeFile(file, Buffer.alloc(4096 + Math.floor(c.at * 4096)));
    return { file, records: null, ids, mustFail: true };
  }
  if (defect === 'zip_junk') {
    // A zip whose only entry is junk (a local header, data, central directory).
    await writeFile(`${dir}/${tag}.xlsx`, ZIP_OF_JUNK);
    return { file: `${dir}/${tag}.xlsx`, records: null, ids, mustFail: true };
  }
  if (defect === 'empty') {
    await writeFile(file, '');
    return { file, records: 0, ids, mustFail: false };
  }
  if (c.format === 'csv' || c.format === 'tsv') {
    const rows = defect === 'header_only' ? { ...c, rows: [] } : c;
    if (rows.rows.length === 0) {
      await writeFile(file, encode(HEADERS.join(',') + '\n', c.encoding));
      return { file, records: 0, ids, mustFail: false };
    }
    const out = delimited(rows, tag, c.format === 'tsv' ? '\t' : ',');
    await writeFile(file, out.bytes);
    return { file, records: out.records, ids, mustFail: false };
  }
  if (c.format === 'ndjson' || c.format === 'json') {
    const { texts, records } = jsonRecords(c, tag);
    const blank = c.defects.includes('blank_lines');
    const body =
      c.format === 'ndjson'
        ? texts.join(blank ? '\n\n' : '\n') + '\n'
        : `[\n${texts.join(blank ? ',\n\n' : ',\n')}\n]\n`;
    await writeFile(file, encodeCase(c, body, body.split('\n').length - 1));
    return { file, records, ids, mustFail: false };
  }
  if (c.format === 'xlsx') {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('投诉');
    ws.addRow(HEADERS);
    c.rows.forEach((r, i) => ws.addRow(cellsOf(tag, i, r)));
    await wb.xlsx.writeFile(file);
    return { file, records: c.rows.length, ids, mustFail: false };
  }
  // Parquet, with a typed DATE column that can hold ±infinity (defect 2's Parquet dates).
  const db = await openDb(':memory:');
  try {
    await db.run(`create table t (投诉编号 varchar, 受理时间 varchar, 生产日期 date, 派单次数 varchar,
                                 赔偿金额 varchar, 满意度 varchar, 问题描述 varchar)`);
    const app = await db.conn.createAppender('t');
    c.rows.forEach((r, i) => {
      app.appendVarchar(idOf(tag, i));
      app.appendVarchar(r.received);
      app.appendNull();
      app.appendVarchar(r.dispatch);
      app.appendVarchar(r.money);
      app.appendVarchar(r.satisfaction);
      app.appendVarchar(r.description);
      app.endRow();
    });
    app.closeSync();
    await db.run(`update t set 生产日期 = case
        when 受理时间 in ('infinity', '-infinity', '9999-12-31', '0001-01-01') then try_cast(受理时间 as date)
        else try_cast(left(受理时间, 10) as date) end`);
    await db.run(`copy t to '${file.replaceAll("'", "''")}' (format parquet)`);
  } finally {
    db.close();
  }
  return { file, records: c.rows.length, ids, mustFail: false };
}

const ZIP_OF_JUNK = Buffer.from(
  'UEsDBBQAAAAAAAAAIQBW57HpFAAAABQAAAAIAAAAanVuay5iaW4HBwcHBwcHBwcHBwcHBwcHBwcHB1BLAQIUAxQAAAAAAAAAIQBW57HpFAAAABQAAAAIAAAAAAAAAAAAAACAAQAAAABqdW5rLmJpblBLBQYAAAAAAQABADYAAAA6AAAAAAA=',
  'base64',
);
