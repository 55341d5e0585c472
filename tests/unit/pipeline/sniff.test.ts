import { describe, expect, it } from 'vitest';
import { sniffDelimiter, splitRecords } from '../../../pipeline/ingest/sniff.ts';

describe('splitRecords', () => {
  it('honours quotes, doubled quotes and quoted newlines', () => {
    const recs = splitRecords('a,b\n1,"x, ""y""\nz"\n2,w\n', ',', 10);
    expect(recs).toEqual([
      ['a', 'b'],
      ['1', 'x, "y"\nz'],
      ['2', 'w'],
    ]);
  });
  it('handles CRLF and a last record without newline', () => {
    expect(splitRecords('a;b\r\n1;2', ';', 10)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});

describe('sniffDelimiter', () => {
  it.each([
    ['投诉编号,受理时间,描述\n1,2026-01-01,"a;b|c"\n', ','],
    ['id\tdate\tdesc\n1\t2026\tx, y\n', '\t'],
    ['id;date;desc\n1;2026-01-01;"a,b"\n2;2026;c,d\n', ';'],
    ['id|date\n1|2\n', '|'],
  ])('picks the consistent delimiter', (text, expected) => {
    expect(sniffDelimiter(text)).toBe(expected);
  });
});
