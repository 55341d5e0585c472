// The CLI on every fixture in tests/fixtures (see its README): exact bucket counts per file, and the
// values that prove decoding and parsing were right.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, buckets, query, runCli, tempDir } from './cli-harness.ts';

type B = { read: number; new: number; updated: number; unchanged: number; rejected: number };
const b = (read: number, n: number, updated: number, unchanged: number, rejected: number): B => ({
  read,
  new: n,
  updated,
  unchanged,
  rejected,
});

const EXPECTED: [file: string, format: string, encoding: string | null, buckets: B][] = [
  ['utf8_bom.csv', 'csv', 'utf-8-bom', b(5, 5, 0, 0, 0)],
  ['gbk.csv', 'csv', 'gb18030', b(5, 5, 0, 0, 0)],
  ['gb18030.csv', 'csv', 'gb18030', b(3, 3, 0, 0, 0)],
  ['utf16le_bom.csv', 'csv', 'utf-16le', b(5, 5, 0, 0, 0)],
  ['utf16be_bom.csv', 'csv', 'utf-16be', b(5, 5, 0, 0, 0)],
  ['utf16le_nobom.tsv', 'tsv', 'utf-16le', b(5, 5, 0, 0, 0)],
  ['semicolon.csv', 'csv', 'utf-8', b(3, 3, 0, 0, 0)],
  ['quoted_newlines.csv', 'csv', 'utf-8', b(3, 3, 0, 0, 0)],
  ['ragged.csv', 'csv', 'utf-8', b(5, 3, 0, 0, 2)],
  ['header_only.csv', 'csv', 'utf-8', b(0, 0, 0, 0, 0)],
  ['empty.csv', 'empty', null, b(0, 0, 0, 0, 0)],
  ['unknown_headers.csv', 'csv', 'utf-8', b(3, 3, 0, 0, 0)],
  ['duplicated_headers.csv', 'csv', 'utf-8', b(3, 3, 0, 0, 0)],
  ['bad_dates.csv', 'csv', 'utf-8', b(6, 3, 0, 0, 3)],
  ['duplicate_lines.csv', 'csv', 'utf-8', b(6, 3, 0, 3, 0)],
  ['mixed_dates.csv', 'csv', 'utf-8', b(10, 10, 0, 0, 0)],
  ['us_dates.csv', 'csv', 'utf-8', b(4, 4, 0, 0, 0)],
  ['money_satisfaction.csv', 'csv', 'utf-8', b(9, 9, 0, 0, 0)],
  ['satisfaction_10pt.csv', 'csv', 'utf-8', b(4, 4, 0, 0, 0)],
  ['pii.csv', 'csv', 'utf-8', b(5, 5, 0, 0, 0)],
  ['fullwidth.csv', 'csv', 'utf-8', b(2, 2, 0, 0, 0)],
  ['two_sheets.xlsx', 'xlsx', null, b(3, 3, 0, 0, 0)],
  ['locale_dates.xlsx', 'xlsx', null, b(2, 2, 0, 0, 0)],
  ['array.json', 'json', 'utf-8', b(4, 4, 0, 0, 0)],
  ['wrapped.json', 'json', 'utf-8', b(3, 3, 0, 0, 0)],
  ['array_malformed.json', 'json', 'utf-8', b(6, 3, 0, 0, 3)],
  ['records.ndjson', 'ndjson', 'utf-8', b(5, 4, 0, 0, 1)],
  ['sample.parquet', 'parquet', null, b(3, 3, 0, 0, 0)],
];

async function load(file: string, extra: string[] = []) {
  const db = join(await tempDir(), 'w.duckdb');
  const r = await runCli([
    'ingest',
    '--db',
    db,
    '--input',
    join(FIXTURES, file),
    '--json',
    '--max-reject-rate',
    '1',
    ...extra,
  ]);
  expect(r.code, r.stderr).toBe(0);
  return { db, r };
}

describe('every fixture is read, decoded and accounted for', () => {
  it.each(EXPECTED)('%s', async (file, format, encoding, expected) => {
    const { db, r } = await load(file);
    const f = r.json.files[0];
    expect(buckets(f)).toEqual(expected);
    expect(f.format).toBe(format);
    expect(f.encoding).toBe(encoding);
    const [rej] = await query<{ n: number }>(db, 'select count(*)::int n from rejects');
    expect(rej.n).toBe(expected.rejected);
    const [cur] = await query<{ n: number }>(db, 'select count(*)::int n from complaints');
    expect(cur.n).toBe(expected.new);
  });
});

describe('values', () => {
  it('decodes GBK and UTF-16 text to the same Chinese', async () => {
    for (const file of ['gbk.csv', 'utf16le_bom.csv', 'utf16be_bom.csv', 'utf8_bom.csv']) {
      const { db } = await load(file);
      const rows = await query<{ description: string; region: string }>(
        db,
        `select description, region from complaints order by complaint_id limit 1`,
      );
      expect(rows[0].description, file).toBe('冰箱不制冷，冷藏室温度偏高');
      expect(rows[0].region, file).toBe('广东');
    }
  });

  it('parses every date spelling to the same instant', async () => {
    const { db } = await load('mixed_dates.csv');
    const rows = await query<{ complaint_id: string; r: string }>(
      db,
      `select complaint_id, received_at::varchar r from complaints order by complaint_id`,
    );
    const byId = Object.fromEntries(rows.map((x) => [x.complaint_id, x.r]));
    expect(byId).toEqual({
      'MD-0001': '2026-03-05 14:03:00',
      'MD-0002': '2026-03-05 14:03:00',
      'MD-0003': '2026-03-05 00:00:00',
      'MD-0004': '2026-03-05 00:00:00',
      'MD-0005': '2024-03-05 00:00:00',
      'MD-0006': '2026-03-05 14:03:00',
      'MD-0007': '2026-03-05 00:00:00',
      'MD-0008': '2026-03-05 14:03:00',
      'MD-0009': '2026-03-05 14:03:00',
      'MD-0010': '2026-03-05 14:03:00.25',
    });
  });

  it('infers month-first order for US dates', async () => {
    const { db } = await load('us_dates.csv');
    const rows = await query<{ r: string }>(
      db,
      `select received_at::date::varchar r from complaints order by complaint_id`,
    );
    expect(rows.map((x) => x.r)).toEqual(['2015-03-19', '2015-01-05', '2014-12-31', '2015-02-01']);
    const statuses = await query<{ status: string }>(
      db,
      `select status from complaints order by complaint_id`,
    );
    expect(statuses.map((s) => s.status)).toEqual(['closed', 'in_progress', 'closed', 'open']);
  });

  it('parses money and satisfaction in their many spellings', async () => {
    const { db } = await load('money_satisfaction.csv');
    const rows = await query<{ id: string; c: number | null; s: number | null }>(
      db,
      `select complaint_id id, compensation::double c, round(satisfaction, 4) s from complaints order by id`,
    );
    expect(rows).toEqual([
      { id: 'MS-0001', c: 1200, s: 1 },
      { id: 'MS-0002', c: 1200, s: 0.8 },
      { id: 'MS-0003', c: 12000, s: 0.8 },
      { id: 'MS-0004', c: 350.5, s: 0.6 },
      { id: 'MS-0005', c: 88, s: 0.4 },
      { id: 'MS-0006', c: null, s: 0.85 },
      { id: 'MS-0007', c: 0, s: 0.8 },
      { id: 'MS-0008', c: null, s: 0.2 },
      { id: 'MS-0009', c: 2500, s: 0.6 },
    ]);
    const [q] = await query<{ unparsed: number; ex: string }>(
      db,
      `select unparsed::int unparsed, unparsed_example ex from field_quality where field = 'compensation'`,
    );
    expect(q).toEqual({ unparsed: 1, ex: '-' });
  });

  it('masks PII in the narrative', async () => {
    const { db } = await load('pii.csv');
    const rows = await query<{ d: string }>(db, `select description d from complaints`);
    const all = rows.map((r) => r.d).join('\n');
    expect(all).not.toMatch(/1[3-9]\d{9}/);
    expect(all).not.toMatch(/\d{17}[\dXx]/);
    expect(all).not.toMatch(/[A-Za-z0-9._%+-]{2,}@/);
    expect(all).toMatch(/\*\*\*\*/);
  });

  it('turns full-width identifiers and dates into half-width', async () => {
    const { db } = await load('fullwidth.csv');
    const rows = await query<{ p: string; r: string }>(
      db,
      `select product p, received_at::date::varchar r from complaints order by complaint_id`,
    );
    expect(rows[0].p).toMatch(/^[\x20-\x7e]+$/);
    expect(rows[0].r).toMatch(/^2026-03-0\d$/);
  });

  it('keeps unknown and duplicated headers in extra', async () => {
    const u = await load('unknown_headers.csv');
    const [x] = await query<{ e: string }>(
      u.db,
      `select extra::varchar e from complaints where complaint_id = 'UH-0002'`,
    );
    expect(JSON.parse(x.e)).toEqual({
      坐席工号: 'A1024',
      录音编号: 'REC-20260302-02',
      'Internal Flag': 'Y',
    });
    const d = await load('duplicated_headers.csv');
    const rows = await query<{ id: string; r: string; e: string }>(
      d.db,
      `select complaint_id id, received_at::varchar r, extra::varchar e from complaints order by id`,
    );
    // 受理时间 and 投诉时间 both mean received_at: the first non-empty wins, the other stays in extra.
    expect(rows[0]).toEqual({
      id: 'DH-0001',
      r: '2026-03-05 10:00:00',
      e: JSON.stringify({
        投诉时间: '2026-03-05 09:58:00',
        备注: '客户已拍照',
        备注_2: '二次来电',
      }),
    });
    expect(rows[1].r).toBe('2026-03-05 11:00:00');
  });

  it('reads the data sheet of a two-sheet workbook, with real date cells', async () => {
    const { db } = await load('two_sheets.xlsx');
    const rows = await query<{ id: string; r: string }>(
      db,
      `select complaint_id id, received_at::varchar r from complaints order by id`,
    );
    expect(rows).toEqual([
      { id: 'XL-0001', r: '2026-03-05 14:03:00' },
      { id: 'XL-0002', r: '2026-03-06 09:30:15' },
      { id: 'XL-0003', r: '2026-03-07 00:00:00' },
    ]);
  });

  it('is idempotent on re-delivery and applies the next day as updates', async () => {
    const dir = await tempDir();
    const db = join(dir, 'w.duckdb');
    const day1 = await runCli([
      'ingest',
      '--db',
      db,
      '--input',
      join(FIXTURES, 'updates_day1.csv'),
      '--json',
    ]);
    expect(buckets(day1.json.files[0])).toEqual(b(5, 5, 0, 0, 0));
    const redelivered = await runCli([
      'ingest',
      '--db',
      db,
      '--input',
      join(FIXTURES, 'updates_day1.csv'),
      '--json',
    ]);
    expect(buckets(redelivered.json.files[0])).toEqual(b(5, 0, 0, 5, 0));
    const day2 = await runCli([
      'ingest',
      '--db',
      db,
      '--input',
      join(FIXTURES, 'updates_day2.csv'),
      '--json',
    ]);
    expect(buckets(day2.json.files[0])).toEqual(b(6, 2, 2, 2, 0));
    const rows = await query<{ id: string; status: string; v: number }>(
      db,
      `select complaint_id id, status, version_no v from complaints order by id`,
    );
    expect(rows).toEqual([
      { id: 'UP-0001', status: 'resolved', v: 2 },
      { id: 'UP-0002', status: 'closed', v: 2 },
      { id: 'UP-0003', status: 'closed', v: 1 },
      { id: 'UP-0004', status: 'open', v: 1 },
      { id: 'UP-0005', status: 'resolved', v: 1 },
      { id: 'UP-0006', status: 'open', v: 1 },
      { id: 'UP-0007', status: 'in_progress', v: 1 },
    ]);
    const [h] = await query<{ n: number }>(db, `select count(*)::int n from complaint_versions`);
    expect(h.n).toBe(9);
  });

  it('loads a directory in name order', async () => {
    const dir = await tempDir();
    const { mkdir, copyFile } = await import('node:fs/promises');
    await mkdir(join(dir, 'in'));
    await copyFile(join(FIXTURES, 'updates_day2.csv'), join(dir, 'in', '2026-03-07.csv'));
    await copyFile(join(FIXTURES, 'updates_day1.csv'), join(dir, 'in', '2026-03-06.csv'));
    const r = await runCli([
      'ingest',
      '--db',
      join(dir, 'w.duckdb'),
      '--input',
      join(dir, 'in'),
      '--json',
    ]);
    expect(r.json.files.map((f: { file: string }) => f.file.split('/').pop())).toEqual([
      '2026-03-06.csv',
      '2026-03-07.csv',
    ]);
    expect(buckets(r.json.files[1])).toEqual(b(6, 2, 2, 2, 0));
  });
});
