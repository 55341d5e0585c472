// Pure export helpers: formula-injection neutraliser, CSV quoting, download file names.
import { describe, expect, it } from 'vitest';
import { csvField, csvRecord, utf8Bom } from './csv.ts';
import {
  contentDisposition,
  exportFileName,
  localDate,
  rfc5987Encode,
  safeFileStem,
} from './filename.ts';
import { neutraliseCell, neutraliseText } from './neutralise.ts';
import { parseCsv } from '../../../../tests/helpers/csv.ts';

describe('neutraliseText (OWASP CSV injection)', () => {
  it('prefixes text that a spreadsheet would run as a formula', () => {
    for (const text of ['=1+1', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x")']) {
      expect(neutraliseText(text), JSON.stringify(text)).toBe(`'${text}`);
    }
  });

  it('leaves ordinary text alone, including formula characters later in the text', () => {
    for (const text of ['', '冰箱不制冷', 'a=b', 'x-1', ' =1', "'=1", '1+1', 'mail@example.com']) {
      expect(neutraliseText(text)).toBe(text);
    }
  });

  it('only touches strings: real numbers, negative ones too, stay numbers', () => {
    expect(neutraliseCell(-3.5)).toBe(-3.5);
    expect(neutraliseCell(-0)).toBe(-0);
    expect(neutraliseCell(true)).toBe(true);
    expect(neutraliseCell(null)).toBe(null);
    expect(neutraliseCell('-3.5')).toBe("'-3.5");
  });
});

describe('CSV writer (RFC 4180)', () => {
  it('quotes fields with commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('line1\r\nline2')).toBe('"line1\r\nline2"');
    expect(csvField('plain 中文')).toBe('plain 中文');
  });

  it('writes numbers, booleans and nulls plainly and neutralises only text', () => {
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField(0)).toBe('0');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(false)).toBe('false');
    expect(csvField('-12.5')).toBe("'-12.5");
    // neutralised first, then quoted because of the comma
    expect(csvField('=A1,B1')).toBe(`"'=A1,B1"`);
  });

  it('ends every record with CRLF and parses back to the same fields', () => {
    const fields = ['id,1', 'he said "no"', 'two\nlines', '', '投诉'];
    const record = csvRecord([...fields, 42, null]);
    expect(record.endsWith('\r\n')).toBe(true);
    expect(parseCsv(record)).toEqual([[...fields, '42', '']]);
  });

  it('starts files with the UTF-8 byte-order mark', () => {
    expect(new TextEncoder().encode(utf8Bom)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });
});

describe('download file names', () => {
  it('names exports <name>-<date>.<ext>', () => {
    expect(exportFileName('complaints', '2026-11-23', 'csv')).toBe('complaints-2026-11-23.csv');
    expect(exportFileName('模型 运行/耗时', '2026-11-23', 'png')).toBe(
      '模型-运行-耗时-2026-11-23.png',
    );
    expect(safeFileStem('  ::  ', 'chart')).toBe('chart');
    expect(safeFileStem('a'.repeat(200)).length).toBe(80);
  });

  it('takes the date on the configured wall clock', () => {
    const instant = new Date('2026-11-23T17:30:00Z');
    expect(localDate('Asia/Shanghai', instant)).toBe('2026-11-24');
    expect(localDate('UTC', instant)).toBe('2026-11-23');
  });

  it('encodes non-ASCII names with RFC 5987 and keeps an ASCII fallback', () => {
    expect(contentDisposition('complaints-2026-11-23.csv')).toBe(
      `attachment; filename="complaints-2026-11-23.csv"; filename*=UTF-8''complaints-2026-11-23.csv`,
    );
    const header = contentDisposition('投诉 "x"(1).csv');
    expect(header).toBe(
      `attachment; filename="__ _x_(1).csv"; filename*=UTF-8''%E6%8A%95%E8%AF%89%20%22x%22%281%29.csv`,
    );
    expect(decodeURIComponent(rfc5987Encode("a'b*c"))).toBe("a'b*c");
    expect(rfc5987Encode("a'b*c")).toBe('a%27b%2Ac');
  });
});
