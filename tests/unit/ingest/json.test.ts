import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../pipeline/db.ts';
import { readJson } from '../../../pipeline/ingest/readers/json.ts';
import { FIXTURE_DIR } from '../../fixtures/make-fixtures.ts';

let db: Db;
let dir: string;
beforeAll(async () => {
  db = await openDb(':memory:');
  dir = await mkdtemp(join(tmpdir(), 'json-'));
});
afterAll(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

/** Raw table rows as arrays [rn, c0, c1, …] in rn order. */
async function rows(table: string): Promise<(string | null)[][]> {
  const r = await db.all(`select * from ${table} order by rn`);
  return r.map((o) => Object.values(o).map((v) => (v === null ? null : String(v))));
}
async function temp(name: string, content: string): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, content);
  return p;
}

const HEADERS = [
  '投诉编号',
  '受理时间',
  '投诉渠道',
  '产品型号',
  '满意度',
  '问题描述',
  '处理状态',
  '客户',
  '标签',
  '赔偿金额',
  '已回访',
];
const rec = (prefix: string, third: string) => [
  [
    '1',
    `${prefix}-0001`,
    '2026-03-05 14:03:00',
    'APP',
    'BCD-520W',
    '4',
    '冰箱冷冻室结霜严重',
    '处理中',
    null,
    null,
    null,
    null,
  ],
  [
    '2',
    `${prefix}-0002`,
    '2026-03-05 15:20:00',
    '电话',
    'KFR-35GW',
    null,
    '空调外机漏水',
    '已解决',
    '{"姓名":"张三","会员等级":"金卡"}',
    '["漏水","售后"]',
    null,
    null,
  ],
  [
    third,
    `${prefix}-000${third === '3' ? 3 : 4}`,
    '2026-03-06 08:00:00',
    '官网',
    'XQB80-36',
    '4.5',
    null,
    '已关闭',
    null,
    null,
    '1200.5',
    'true',
  ],
];

describe('fixtures', () => {
  it('array.json: keys in order of first appearance, values as text, a 20-digit id kept exact', async () => {
    const r = await readJson(db, join(FIXTURE_DIR, 'array.json'), 'raw_array', { format: 'json' });
    expect(r).toEqual({ headers: HEADERS, rowsRead: 4, rejects: [] });
    expect(await rows('raw_array')).toEqual([
      ...rec('AJ', '3'),
      [
        '4',
        '20260305000000000001',
        '2026-03-07 09:00:00',
        null,
        null,
        '3',
        null,
        '待处理',
        null,
        null,
        null,
        null,
      ],
    ]);
  });

  it('wrapped.json: the records of an API envelope {"code":0,"data":[…],"total":3}', async () => {
    const r = await readJson(db, join(FIXTURE_DIR, 'wrapped.json'), 'raw_wrapped', {
      format: 'json',
    });
    expect(r).toEqual({ headers: HEADERS, rowsRead: 3, rejects: [] });
    expect(await rows('raw_wrapped')).toEqual(rec('WJ', '3'));
  });

  it('records.ndjson: the malformed line is rejected with its text, the blank line skipped', async () => {
    const r = await readJson(db, join(FIXTURE_DIR, 'records.ndjson'), 'raw_nd', {
      format: 'ndjson',
    });
    expect(r.headers).toEqual(HEADERS);
    expect(r.rowsRead).toBe(5);
    expect(r.rejects).toHaveLength(1);
    expect(r.rejects[0]).toMatchObject({
      rowNumber: 3,
      reason: 'invalid_json',
      raw: '{"投诉编号": "ND-0003", "受理时间": "2026-03-06 10:00:00"',
    });
    expect(r.rejects[0].message).toMatch(/^line 3: /);
    const got = await rows('raw_nd');
    expect(got).toEqual([
      ...rec('ND', '4').slice(0, 2),
      rec('ND', '4')[2],
      [
        '5',
        'ND-0005',
        '2026-03-06 11:00:00',
        null,
        null,
        null,
        null,
        '待处理',
        null,
        null,
        null,
        null,
      ],
    ]);
    expect(got.length + r.rejects.length).toBe(r.rowsRead);
  });

  it('array_malformed.json: bad elements become rejects, their neighbours load', async () => {
    const r = await readJson(db, join(FIXTURE_DIR, 'array_malformed.json'), 'raw_bad', {
      format: 'json',
    });
    expect(r.headers).toEqual(['投诉编号', '受理时间', '处理状态', '问题描述']);
    expect(r.rowsRead).toBe(6);
    expect(r.rejects.map((x) => [x.rowNumber, x.reason, x.raw])).toEqual([
      [2, 'invalid_json', '{"投诉编号": "AM-0002", "受理时间": }'],
      [3, 'not_an_object', '"not a record"'],
      [5, 'invalid_json', '{"投诉编号": "AM-0005" "受理时间": "2026-03-05 12:00:00"}'],
    ]);
    expect(await rows('raw_bad')).toEqual([
      ['1', 'AM-0001', '2026-03-05 10:00:00', '处理中', null],
      ['4', 'AM-0004', '2026-03-05 11:00:00', null, '含括号]和{花括号}的文本'],
      ['6', 'AM-0006', '2026-03-05 13:00:00', null, null],
    ]);
  });
});

describe('JSON documents: shapes', () => {
  const read = async (content: string, table = 'raw_t') => {
    const r = await readJson(db, await temp(`${table}.json`, content), table, { format: 'json' });
    return { ...r, rows: await rows(table) };
  };

  it('empty array and empty envelope: 0 rows, no error', async () => {
    expect(await read('[]')).toMatchObject({ headers: [], rowsRead: 0, rejects: [], rows: [] });
    expect(await read('{"data": []}')).toMatchObject({
      headers: [],
      rowsRead: 0,
      rejects: [],
      rows: [],
    });
    expect(await read('  \n[\n]\n')).toMatchObject({ rowsRead: 0 });
  });

  it('an envelope whose metadata holds arrays of scalars before the records', async () => {
    const r = await read(
      '{"tags":["a","b"],"page":{"n":1},"records":[{"id":"1"},{"id":"2"}],"errors":[{"e":1}]}',
    );
    expect(r.headers).toEqual(['id']);
    expect(r.rows).toEqual([
      ['1', '1'],
      ['2', '2'],
    ]);
  });

  it('a single top-level object is one record; concatenated objects are several', async () => {
    expect((await read('{\n  "id": "X1",\n  "tags": ["a"]\n}\n')).rows).toEqual([
      ['1', 'X1', '["a"]'],
    ]);
    const r = await read('{"id": "A"}\n{"id": "B", "n": 2}\n');
    expect(r.rows).toEqual([
      ['1', 'A', null],
      ['2', 'B', '2'],
    ]);
  });

  it('values: numbers shortest, booleans, null, empty string, nested JSON, escapes', async () => {
    const r = await read(
      '[{"a": 1.50, "b": 1e3, "c": -0.000001, "d": false, "e": null, "f": "", "g": {"x": [1, {"y": null}]}, "h": "引号\\"和\\\\反斜杠\\n换行", "i": 12345678901234567890123}]',
    );
    expect(r.headers).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
    expect(r.rows).toEqual([
      [
        '1',
        '1.5',
        '1000',
        '-0.000001',
        'false',
        null,
        null,
        '{"x":[1,{"y":null}]}',
        '引号"和\\反斜杠\n换行',
        '12345678901234567890123',
      ],
    ]);
  });

  it('scalars and arrays as elements are not_an_object rejects', async () => {
    const r = await read('[1, "x", null, [1,2], {"ok": "yes"}]');
    expect(r.rejects.map((x) => [x.rowNumber, x.reason, x.raw])).toEqual([
      [1, 'not_an_object', '1'],
      [2, 'not_an_object', '"x"'],
      [3, 'not_an_object', 'null'],
      [4, 'not_an_object', '[1,2]'],
    ]);
    expect(r.rows).toEqual([['5', 'yes']]);
  });

  it('a file truncated inside an element: that element is an invalid_json reject', async () => {
    const r = await read('[{"id": "A"}, {"id": "B", "text": "cut he');
    expect(r.rows).toEqual([['1', 'A']]);
    expect(r.rejects).toHaveLength(1);
    expect(r.rejects[0]).toMatchObject({
      rowNumber: 2,
      reason: 'invalid_json',
      raw: '{"id": "B", "text": "cut he',
    });
    expect(r.rejects[0].message).toMatch(/file ends inside it/);
  });

  it('a file truncated between elements: a truncated_json reject says records may be missing', async () => {
    const r = await read('[{"id": "A"}, {"id": "B"},');
    expect(r.rows).toEqual([
      ['1', 'A'],
      ['2', 'B'],
    ]);
    expect(r.rejects).toEqual([
      expect.objectContaining({ rowNumber: 3, reason: 'truncated_json', raw: '' }),
    ]);
    expect(r.rowsRead).toBe(3);
  });

  it('text after the array is rejected, not ignored', async () => {
    const r = await read('[{"id": "A"}]\nGARBAGE here\n');
    expect(r.rows).toEqual([['1', 'A']]);
    expect(r.rejects).toEqual([
      expect.objectContaining({ rowNumber: 2, reason: 'invalid_json', raw: 'GARBAGE here' }),
    ]);
  });

  it('a key first seen after thousands of rows adds a column; earlier rows hold NULL there', async () => {
    const recs = Array.from({ length: 12_000 }, (_, i) =>
      i === 11_000
        ? `{"id": "r${i}", "late": "L"}`
        : i === 7_000
          ? `{"mid": "M", "id": "r${i}"}`
          : `{"id": "r${i}"}`,
    );
    const path = await temp('late.ndjson', recs.join('\n'));
    const r = await readJson(db, path, 'raw_late', { format: 'ndjson' });
    expect(r).toEqual({ headers: ['id', 'mid', 'late'], rowsRead: 12_000, rejects: [] });
    const got = await db.all(
      `select rn::int as rn, c0, c1, c2 from raw_late where rn in (1, 7001, 11001, 12000) order by rn`,
    );
    expect(got).toEqual([
      { rn: 1, c0: 'r0', c1: null, c2: null },
      { rn: 7001, c0: 'r7000', c1: 'M', c2: null },
      { rn: 11001, c0: 'r11000', c1: null, c2: 'L' },
      { rn: 12000, c0: 'r11999', c1: null, c2: null },
    ]);
    expect(await db.scalar('select count(*)::int from raw_late')).toBe(12_000);
  });

  it('keys that are data: records past 2048 columns are rejected, not added as columns', async () => {
    const recs = Array.from({ length: 2100 }, (_, i) => `{"id": "r${i}", "k${i}": 1}`);
    const r = await read(`[${recs.join(',')}]`, 'raw_keys');
    expect(r.headers.length).toBe(2048);
    expect(r.rowsRead).toBe(2100);
    expect(r.rejects.length).toBe(2100 - 2047);
    expect(r.rejects[0]).toMatchObject({
      rowNumber: 2048,
      reason: 'too_many_columns',
      raw: '{"id": "r2047", "k2047": 1}',
    });
    expect(r.rows.length + r.rejects.length).toBe(r.rowsRead);
  });

  it('a file with no JSON value at all throws', async () => {
    await expect(read('hello, world\n')).rejects.toThrow(/no JSON array or object/);
  });

  it('elements straddling the 1 MiB read chunks, with brackets, quotes and escapes in strings', async () => {
    const n = 20_000;
    const parts: string[] = [];
    for (let i = 1; i <= n; i++) {
      parts.push(
        JSON.stringify({
          id: `R${i}`,
          text: `第${i}条 ] } , [ { "引号" \\ 反斜杠 ${'长'.repeat(i % 50)}`,
          n: i,
          nested: { a: [i] },
        }),
      );
    }
    const r = await read(`{"total": ${n}, "data": [\n${parts.join(',\n')}\n]}`, 'raw_big');
    expect(r.rejects).toEqual([]);
    expect(r.rowsRead).toBe(n);
    expect(r.headers).toEqual(['id', 'text', 'n', 'nested']);
    const check = await db.all<{ bad: number }>(
      `select count(*) as bad from raw_big where c0 <> 'R' || rn or c2 <> rn::varchar or c3 <> '{"a":[' || rn || ']}'
         or c1 <> '第' || rn || '条 ] } , [ { "引号" \\ 反斜杠 ' || repeat('长', (rn % 50)::int)`,
    );
    expect(Number(check[0].bad)).toBe(0);
  });
});

describe('NDJSON', () => {
  it('BOM, CRLF line ends, blank lines, non-object lines', async () => {
    const path = await temp(
      'x.ndjson',
      '\ufeff{"id":"A"}\r\n\r\n  \r\n[1]\r\n{"id":"B","x":true}\r\nnull\r\n',
    );
    const r = await readJson(db, path, 'raw_nd2', { format: 'ndjson' });
    expect(r.headers).toEqual(['id', 'x']);
    expect(r.rowsRead).toBe(4);
    expect(r.rejects.map((x) => [x.rowNumber, x.reason, x.raw, x.message])).toEqual([
      [2, 'not_an_object', '[1]', 'line 4: expected a JSON object, found an array'],
      [4, 'not_an_object', 'null', 'line 6: expected a JSON object, found null'],
    ]);
    expect(await rows('raw_nd2')).toEqual([
      ['1', 'A', null],
      ['3', 'B', 'true'],
    ]);
  });

  it('an empty file gives an empty table', async () => {
    const r = await readJson(db, await temp('e.ndjson', ''), 'raw_nd3', { format: 'ndjson' });
    expect(r).toEqual({ headers: [], rowsRead: 0, rejects: [] });
    expect(await rows('raw_nd3')).toEqual([]);
  });
});
