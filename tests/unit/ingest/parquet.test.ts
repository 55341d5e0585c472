import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../pipeline/db.ts';
import { readParquet } from '../../../pipeline/ingest/readers/parquet.ts';
import { FIXTURE_DIR } from '../../fixtures/make-fixtures.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parquet-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rows(db: Db, table: string): Promise<(string | null)[][]> {
  const r = await db.all(`select * from ${table} order by rn`);
  return r.map((o) => Object.values(o).map((v) => (v === null ? null : String(v))));
}

async function withDb<T>(timeZone: string, f: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(':memory:', { timeZone });
  try {
    return await f(db);
  } finally {
    db.close();
  }
}

describe('sample.parquet', () => {
  it('every column as text: timestamps, dates, decimals, booleans, doubles, lists as JSON, "" → NULL', async () => {
    await withDb('Asia/Shanghai', async (db) => {
      const r = await readParquet(db, join(FIXTURE_DIR, 'sample.parquet'), 'raw_pq');
      expect(r).toEqual({
        headers: [
          '投诉编号',
          '受理时间',
          '生产日期',
          '满意度',
          '赔偿金额',
          '问题描述',
          '已回访',
          '评分',
          '标签',
          '更新时间',
        ],
        rowsRead: 3,
        rejects: [],
      });
      expect(await rows(db, 'raw_pq')).toEqual([
        [
          '1',
          'PQ-0001',
          '2026-03-05 14:03:00',
          '2026-01-15',
          '4',
          '1200.00',
          '冰箱不制冷',
          'true',
          '0.85',
          '["噪音","售后"]',
          '2026-03-05 14:03:00',
        ],
        [
          '2',
          'PQ-0002',
          '2026-03-06 09:30:15',
          '2026-02-01',
          null,
          null,
          null,
          'false',
          '1e-07',
          '[]',
          null,
        ],
        [
          '3',
          'PQ-0003',
          '2026-03-07 00:00:00',
          null,
          '5',
          '88.50',
          null,
          null,
          '12345678.5',
          null,
          '2026-03-08 00:00:00',
        ],
      ]);
      const types = await db.all<{ column_type: string }>(
        `select column_type from (describe raw_pq)`,
      );
      expect(types.map((t) => t.column_type)).toEqual(['BIGINT', ...Array(10).fill('VARCHAR')]);
    });
  });

  it('TIMESTAMP WITH TIME ZONE becomes naive wall-clock time in the session time zone', async () => {
    await withDb('UTC', async (db) => {
      await readParquet(db, join(FIXTURE_DIR, 'sample.parquet'), 'raw_pq_utc');
      const got = await db.all<{ c1: string; c9: string | null }>(
        'select c1, c9 from raw_pq_utc order by rn',
      );
      // plain TIMESTAMP is unaffected; the instant 2026-03-05 06:03Z reads 06:03 in UTC, 14:03 in Shanghai
      expect(got.map((g) => [g.c1, g.c9])).toEqual([
        ['2026-03-05 14:03:00', '2026-03-05 06:03:00'],
        ['2026-03-06 09:30:15', null],
        ['2026-03-07 00:00:00', '2026-03-07 16:00:00'],
      ]);
    });
  });
});

describe('row order and awkward schemas', () => {
  it('rn follows file order over several row groups, and a column named file_row_number is kept', async () => {
    await withDb('UTC', async (db) => {
      const path = join(dir, 'order.parquet');
      await db.run(
        `copy (select 'r' || (200000 - i) as id, i as file_row_number, {'a': i} as s, map {'k': i} as m
               from range(200000) t(i) order by i)
         to $p (format parquet, row_group_size 30000)`,
        { p: path },
      );
      const r = await readParquet(db, path, 'raw_order');
      expect(r.headers).toEqual(['id', 'file_row_number', 's', 'm']);
      expect(r.rowsRead).toBe(200000);
      const bad = await db.scalar(
        `select count(*)::int from raw_order where c0 <> 'r' || (200001 - rn) or c1 <> (rn - 1)::varchar`,
      );
      expect(bad).toBe(0);
      expect(await db.all('select c2, c3 from raw_order where rn = 2')).toEqual([
        { c2: '{"a":1}', c3: '{"k":1}' },
      ]);
    });
  });

  it('an empty parquet file gives its headers and 0 rows', async () => {
    await withDb('UTC', async (db) => {
      const path = join(dir, 'empty.parquet');
      await db.run(`copy (select 'x' as a, 1 as b where false) to $p (format parquet)`, {
        p: path,
      });
      expect(await readParquet(db, path, 'raw_e')).toEqual({
        headers: ['a', 'b'],
        rowsRead: 0,
        rejects: [],
      });
    });
  });

  it('a file that is not parquet throws', async () => {
    await withDb('UTC', async (db) => {
      await expect(readParquet(db, join(FIXTURE_DIR, 'gbk.csv'), 'raw_bad')).rejects.toThrow();
    });
  });
});
