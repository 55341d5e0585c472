// The tolerant record reader (pipeline/ingest/records.ts): physical records, unbalanced quotes,
// per-line encodings, NUL bytes and limits, checked on small files without DuckDB.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../pipeline/ingest/inputError.ts';
import { scanRecords, type LineEncoding } from '../../../pipeline/ingest/records.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cl-records-'));
});

let n = 0;
async function scan(content: string | Buffer, encoding: LineEncoding = 'utf-8', delimiter = ',') {
  const src = join(dir, `in-${++n}.csv`);
  const dest = join(dir, `out-${n}.csv`);
  await writeFile(src, content);
  const result = await scanRecords(src, dest, { encoding, delimiter, file: src });
  return { ...result, out: await readFile(dest, 'utf8') };
}

const rows = (k: number) =>
  Array.from({ length: k }, (_, i) => `R${i},2026-03-01,正常${i}\n`).join('');

describe('scanRecords', () => {
  it('keeps a real multi-line quoted description as one record', async () => {
    const r = await scan(`id,date,desc\nA,2026-03-01,"第一行\n第二行, 带逗号\n第三行"\n${rows(3)}`);
    expect(r.records).toBe(4);
    expect(r.rejects).toEqual([]);
    expect(r.out).toContain('"第一行\n第二行, 带逗号\n第三行"');
  });

  it('rejects only the line with a stray quote and reads the records after it', async () => {
    const r = await scan(`id,date,desc\n${rows(2)}B,2026-03-01,"坏\n${rows(5)}`);
    expect(r.records).toBe(8);
    expect(r.rejects).toEqual([
      expect.objectContaining({
        rowNumber: 3,
        reason: 'unbalanced_quote',
        raw: 'B,2026-03-01,"坏',
      }),
    ]);
    expect(r.out.split('\n').filter(Boolean)).toHaveLength(8); // header + 7 records
  });

  it('catches a stray quote at the end of the file', async () => {
    const r = await scan(`id,date,desc\n${rows(2)}B,2026-03-01,"坏\n`);
    expect(r.rejects.map((x) => [x.rowNumber, x.reason])).toEqual([[3, 'unbalanced_quote']]);
  });

  it('decodes a GB18030 region of a UTF-8 file, and the reverse, and counts the switch', async () => {
    const a = await scan(
      Buffer.concat([Buffer.from(`id,date,desc\n${rows(2)}`), iconv.encode(rows(2), 'gb18030')]),
    );
    expect(a.out).toBe(`id,date,desc\n${rows(2)}${rows(2)}`);
    expect([a.switchedLines, a.firstSwitchedLine]).toEqual([2, 4]);
    const b = await scan(
      Buffer.concat([iconv.encode(`id,date,desc\n${rows(2)}`, 'gb18030'), Buffer.from(rows(2))]),
      'gb18030',
    );
    expect(b.out).toBe(`id,date,desc\n${rows(2)}${rows(2)}`);
  });

  it('rejects a line valid in neither encoding, and a line with NUL bytes', async () => {
    const r = await scan(
      Buffer.concat([
        Buffer.from(`id,date,desc\n${rows(1)}X,`),
        Buffer.from([0xff, 0xfe, 0xff]),
        Buffer.from('\nY,2026-03-01,a\0b\n'),
        Buffer.from(rows(1)),
      ]),
    );
    expect(r.rejects.map((x) => [x.rowNumber, x.reason])).toEqual([
      [2, 'invalid_encoding'],
      [3, 'binary_data'],
    ]);
    expect(r.records).toBe(4);
  });

  it('normalises mixed line endings', async () => {
    const r = await scan(`id,date,desc\r\nA,2026-03-01,x\nB,2026-03-01,y\r\n`);
    expect(r.out).toBe('id,date,desc\nA,2026-03-01,x\nB,2026-03-01,y\n');
    expect(r.crlfLines).toBe(2);
  });

  it('refuses a header wider than 2,048 columns row by row, and binary junk as a file', async () => {
    const wide = await scan(
      `${Array.from({ length: 3000 }, (_, i) => `c${i}`).join(',')}\n1,2\n3,4\n`,
    );
    expect(wide.rejects.map((x) => x.reason)).toEqual(['too_many_columns', 'too_many_columns']);
    await expect(scan(Buffer.alloc(100))).rejects.toThrow(InputError);
  });
});
