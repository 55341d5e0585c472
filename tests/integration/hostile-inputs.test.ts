// Issue 13: one hand-made hostile export per reader defect, through the real CLI. Each of these
// failed before the tolerant record reader (records.ts) and the plain-error wrapper (inputError.ts):
// defect 4 swallowed records, 6 stored mojibake or rejected every row, 7 ran out of memory,
// 9 refused the file with DuckDB's strict_mode text, 10 failed on "Maximum call stack size
// exceeded", 11 passed garbage as an empty file with exit 0.
import { readFile, writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileHash, query, runCli, tempDir } from './cli-harness.ts';

const HEADER = '投诉编号,受理时间,问题描述\n';
const ROWS = Array.from(
  { length: 20 },
  (_, i) => `号-${i},2026-03-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00,描述${i} 正常\n`,
);
const IDS = ROWS.map((_, i) => `号-${i}`).sort();

/** A valid zip archive holding one file, junk.bin (20 bytes of 0x07): no workbook inside. */
const JUNK_ZIP = Buffer.from(
  'UEsDBBQAAAAAAAAAIQBW57HpFAAAABQAAAAIAAAAanVuay5iaW4HBwcHBwcHBwcHBwcHBwcHBwcHB1BLAQIUAxQAAAAAAAAAIQBW57HpFAAAABQAAAAIAAAAAAAAAAAAAACAAQAAAABqdW5rLmJpblBLBQYAAAAAAQABADYAAAA6AAAAAAA=',
  'base64',
);

let dir: string;
let db: string;
let before: string;
const path = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await tempDir();
  db = path('w.duckdb');
  await writeFile(path('seed.csv'), HEADER + 'S-1,2026-03-01 09:00:00,种子\n');
  expect((await runCli(['ingest', '--input', path('seed.csv'), '--db', db])).code).toBe(0);
  before = await fileHash(db);
});

/** Load one file into a fresh copy of the seeded warehouse; return the CLI result. */
async function load(name: string, content: Buffer | string, extra: string[] = []) {
  await writeFile(path(name), content);
  const target = path(`${name}.duckdb`);
  await writeFile(target, await import('node:fs/promises').then((f) => f.readFile(db)));
  const r = await runCli(['ingest', '--input', path(name), '--db', target, '--json', ...extra]);
  return { ...r, target };
}

const ids = async (target: string) =>
  (
    await query<{ id: string }>(
      target,
      `select complaint_id as id from complaints where complaint_id <> 'S-1' order by 1`,
    )
  ).map((r) => r.id);

describe('hostile exports, one per defect', () => {
  it('defect 4: a stray quote rejects its own line, not the records after it', async () => {
    const rows = [...ROWS];
    rows[5] = '号-5,2026-03-06 10:00:00,"描述 坏引号\n';
    const r = await load('quote.csv', HEADER + rows.join(''));
    expect(r.json.files[0]).toMatchObject({ rows_read: 20, rows_new: 19, rows_rejected: 1 });
    const rej = await query<{ row_number: bigint; reason: string; raw: string }>(
      r.target,
      `select row_number, reason, raw from rejects where file like '%quote.csv'`,
    );
    expect(rej).toEqual([
      { row_number: '6', reason: 'unbalanced_quote', raw: '号-5,2026-03-06 10:00:00,"描述 坏引号' },
    ]);
  });

  it('defect 4: a stray quote that meets the next quoted field is caught too', async () => {
    const rows = ROWS.map((l, i) =>
      i % 3 === 0 ? l.replace(/,描述(\d+) 正常/, ',"描述$1, 带逗号"') : l,
    );
    rows[4] = '号-4,2026-03-05 10:00:00,"描述 坏引号\n';
    const r = await load('quote2.csv', HEADER + rows.join(''));
    expect(r.json.files[0]).toMatchObject({ rows_read: 20, rows_new: 19, rows_rejected: 1 });
  });

  it('defect 6: GBK then UTF-8, and UTF-8 then GBK, are decoded per region', async () => {
    const gbkFirst = Buffer.concat([
      iconv.encode(HEADER + ROWS.slice(0, 10).join(''), 'gbk'),
      Buffer.from(ROWS.slice(10).join(''), 'utf8'),
    ]);
    const a = await load('gbk_utf8.csv', gbkFirst);
    expect(a.json.files[0]).toMatchObject({ rows_read: 20, rows_new: 20 });
    expect(a.json.files[0].message).toMatch(/10 line\(s\) from line 12 on were UTF-8/);
    expect(await ids(a.target)).toEqual(IDS);
    const utf8First = Buffer.concat([
      Buffer.from(HEADER + ROWS.slice(0, 10).join(''), 'utf8'),
      iconv.encode(ROWS.slice(10).join(''), 'gbk'),
    ]);
    const b = await load('utf8_gbk.csv', utf8First);
    expect(b.json.files[0]).toMatchObject({ rows_read: 20, rows_new: 20 });
    expect(await ids(b.target)).toEqual(IDS);
  });

  it('defect 6: a line valid in neither encoding is rejected, not stored as mojibake', async () => {
    const bad = Buffer.concat([
      Buffer.from(HEADER + ROWS.slice(0, 3).join(''), 'utf8'),
      Buffer.from([0x58, 0x2c, 0xff, 0xfe, 0xff, 0x0a]),
    ]);
    const r = await load('undecodable.csv', bad);
    expect(r.json.files[0]).toMatchObject({ rows_read: 4, rows_new: 3, rows_rejected: 1 });
    const [rej] = await query<{ reason: string }>(
      r.target,
      `select reason from rejects where file like '%undecodable.csv'`,
    );
    expect(rej.reason).toBe('invalid_encoding');
  });

  it('defect 6: NDJSON and JSON arrays that switch encoding are decoded per line', async () => {
    const record = (i: number) =>
      JSON.stringify({
        投诉编号: `号-${i}`,
        受理时间: `2026-03-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00`,
        问题描述: `描述${i} 正常`,
      });
    const lines = ROWS.map((_, i) => record(i));
    for (const [name, first, second] of [
      ['utf8_gbk.ndjson', 'utf8', 'gbk'],
      ['gbk_utf8.ndjson', 'gbk', 'utf8'],
    ] as const) {
      const r = await load(
        name,
        Buffer.concat([
          iconv.encode(lines.slice(0, 10).join('\n') + '\n', first),
          iconv.encode(lines.slice(10).join('\n') + '\n', second),
        ]),
      );
      expect(r.json.files[0]).toMatchObject({ rows_read: 20, rows_new: 20, rows_rejected: 0 });
      expect(r.json.files[0].message).toMatch(
        /10 line\(s\) from line \d+ on were (UTF-8, not GB18030|GB18030, not UTF-8): decoded line by line/,
      );
      expect(await ids(r.target)).toEqual(IDS);
      const [text] = await query<{ d: string }>(
        r.target,
        `select description as d from complaints where complaint_id = '号-15'`,
      );
      expect(text.d).toBe('描述15 正常');
    }
    const array = Buffer.concat([
      Buffer.from('[\n' + lines.slice(0, 10).join(',\n') + ',\n', 'utf8'),
      iconv.encode(lines.slice(10).join(',\n') + '\n]\n', 'gbk'),
    ]);
    const a = await load('utf8_gbk.json', array);
    expect(a.json.files[0]).toMatchObject({ rows_read: 20, rows_new: 20, rows_rejected: 0 });
    expect(await ids(a.target)).toEqual(IDS);
  });

  it('defect 6: a JSON record valid in neither encoding is rejected, its neighbours load', async () => {
    const good = (id: string) =>
      Buffer.from(JSON.stringify({ 投诉编号: id, 受理时间: '2026-03-01', 问题描述: '正常' }));
    const bad = Buffer.concat([
      Buffer.from('{"投诉编号":"坏-1","受理时间":"2026-03-01","问题描述":"'),
      Buffer.from([0xff, 0xfe, 0xff]),
      Buffer.from('"}'),
    ]);
    const r = await load(
      'undecodable.ndjson',
      Buffer.concat([good('好-1'), Buffer.from('\n'), bad, Buffer.from('\n'), good('好-2')]),
    );
    expect(r.json.files[0]).toMatchObject({ rows_read: 3, rows_new: 2, rows_rejected: 1 });
    const [rej] = await query<{ reason: string; row_number: bigint }>(
      r.target,
      `select reason, row_number from rejects where file like '%undecodable.ndjson'`,
    );
    expect(rej).toEqual({ reason: 'invalid_encoding', row_number: '2' });
  });

  it('defect 7: an XLSX sheet whose header is over 2,048 columns rejects its rows in words', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('宽表');
    ws.addRow(Array.from({ length: 2_100 }, (_, i) => `c${i}`));
    ws.addRow(Array.from({ length: 2_100 }, () => 1));
    ws.addRow(Array.from({ length: 2_100 }, () => 2));
    const file = path('wide.xlsx');
    await wb.xlsx.writeFile(file);
    const target = path('wide.xlsx.duckdb');
    await writeFile(target, await readFile(db));
    const r = await runCli(['ingest', '--input', file, '--db', target, '--json']);
    expect(r.code).toBe(3); // every row rejected: above --max-reject-rate
    expect(r.json.files[0]).toMatchObject({ rows_read: 2, rows_rejected: 2 });
    const rej = await query<{ reason: string; message: string }>(
      target,
      `select reason, message from rejects where file like '%wide.xlsx' order by row_number`,
    );
    expect(rej.map((x) => x.reason)).toEqual(['too_many_columns', 'too_many_columns']);
    expect(rej[0].message).toContain('has 2100 columns; at most 2048 are supported');
  });

  it('defect 7: 10,000 columns or a header over 1 MiB are rejected in words, not out of memory', async () => {
    const wide = await load(
      'wide.csv',
      Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',') +
        '\n' +
        '1,'.repeat(9999) +
        '1\n',
    );
    expect(wide.code).toBe(3); // every row rejected: above --max-reject-rate
    expect(wide.json.files[0]).toMatchObject({
      status: 'rejected',
      rows_read: 1,
      rows_rejected: 1,
    });
    expect(wide.json.files[0].message).toContain('the header has 10000 columns; at most 2048');
    const long = await load(
      'longhead.csv',
      `投诉编号,受理时间,${'x'.repeat(1_100_000)}\nA,2026-03-01,1\n`,
    );
    expect(long.json.files[0].message).toMatch(/the header is \d+ bytes long; at most 1048576/);
  });

  it('defect 9: mixed LF and CRLF line endings are normal input', async () => {
    const text = HEADER + ROWS.map((l, i) => (i % 2 ? l : l.replace('\n', '\r\n'))).join('');
    const r = await load('eol.csv', text);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.files[0]).toMatchObject({ rows_read: 20, rows_new: 20 });
    expect(await ids(r.target)).toEqual(IDS);
  });

  it('defect 10: one deeply nested JSON record is rejected, the others load', async () => {
    const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    const r = await load(
      'deep.ndjson',
      `{"投诉编号":"D-1","受理时间":"2026-03-01"}\n${deep}\n{"投诉编号":"D-2","受理时间":"2026-03-01"}\n`,
    );
    expect(r.stderr).not.toContain('call stack');
    expect(r.json.files[0]).toMatchObject({ rows_read: 3, rows_new: 2, rows_rejected: 1 });
    const [rej] = await query<{ reason: string; message: string }>(
      r.target,
      `select reason, message from rejects where file like '%deep.ndjson'`,
    );
    expect(rej).toEqual({
      reason: 'too_deeply_nested',
      message: 'line 2: nested more than 64 levels deep',
    });
  });

  it('defect 11: garbage fails in words naming the file, and the warehouse is unchanged', async () => {
    const cases: [string, Buffer, string[], RegExp][] = [
      ['junk.xlsx', JUNK_ZIP, [], /not an XLSX workbook/],
      ['nul.csv', Buffer.alloc(10_240), [], /binary data \(NUL bytes\)/],
      [
        'forced.csv',
        iconv.encode(HEADER + ROWS.join(''), 'gbk'),
        ['--encoding', 'utf-16le'],
        /does not decode as utf-16le/,
      ],
    ];
    for (const [name, content, extra, message] of cases) {
      const r = await load(name, content, extra);
      expect(r.code, name).toBe(1);
      expect(r.stderr, name).toMatch(message);
      expect(r.stderr, name).toContain(path(name));
      expect(r.stderr, name).not.toMatch(/complaint-lens-|Error: |\n\s+at /);
      expect(await fileHash(r.target), name).toBe(before);
    }
  });

  it('defect 11: a file whose rows were all rejected says so in load_runs, not "header only"', async () => {
    const r = await load('allbad.csv', HEADER + '号-1,2026-03-01,"坏\n号-2,2026-03-01,"坏\n');
    const [run] = await query<{ status: string; message: string }>(
      r.target,
      `select status, message from load_runs where file like '%allbad.csv'`,
    );
    expect(run.status).toBe('rejected');
    expect(run.message).toMatch(/^all 2 row\(s\) rejected: unbalanced_quote — e\.g\. line 2: /);
  });
});
