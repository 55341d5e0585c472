// The dashboard's warehouse access: read-only, bound parameters, and reopening when the pipeline
// renames a new warehouse over the old path (checked at most once per second); whether the models
// of the served warehouse are built (models.ts), decided once per warehouse generation.
import { mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeWarehouse, query, requestQueries, WarehouseMissingError } from './db.ts';
import { modelsBuilt } from './models.ts';

let dir: string;
let file: string;

/**
 * Write a warehouse holding `value` (and a mart when `built`) to a temp name, then rename it over
 * `file` (like the pipeline).
 */
async function publish(value: number, built = false): Promise<void> {
  const staging = `${file}.building`;
  const instance = await DuckDBInstance.create(staging);
  const conn = await instance.connect();
  await conn.run('create table facts (value integer)');
  await conn.run('insert into facts values ($value)', { value });
  if (built) await conn.run('create table mart_complaints (complaint_id varchar)');
  conn.closeSync();
  instance.closeSync();
  await rename(staging, file);
}

async function currentValue(): Promise<number> {
  const rows = await query<{ value: number }>('select value from facts');
  return rows[0].value;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'complaint-lens-db-'));
  file = path.join(dir, 'warehouse.duckdb');
  process.env.COMPLAINT_LENS_DB = file;
});

afterEach(async () => {
  vi.useRealTimers();
  await closeWarehouse();
});

afterAll(async () => {
  delete process.env.COMPLAINT_LENS_DB;
  await rm(dir, { recursive: true, force: true });
});

describe('warehouse access', () => {
  it('reports a missing warehouse with its file name (never the server directory)', async () => {
    await expect(query('select 1')).rejects.toBeInstanceOf(WarehouseMissingError);
    await expect(query('select 1')).rejects.toMatchObject({ path: path.basename(file) });
  });

  it('binds parameters and returns JSON-safe rows', async () => {
    await publish(7);
    const rows = await query('select $n::bigint * 2 as doubled, $s as label', { n: 21, s: "it's" });
    expect(rows).toEqual([{ doubled: '42', label: "it's" }]);
  });

  it('decides whether the models are built once per warehouse generation', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    await publish(1);
    expect(await modelsBuilt()).toBe(false);

    await publish(2, true);
    vi.setSystemTime(new Date('2026-01-01T00:00:01.600Z'));
    expect(await modelsBuilt()).toBe(true);

    await publish(3);
    vi.setSystemTime(new Date('2026-01-01T00:00:03.200Z'));
    expect(await modelsBuilt()).toBe(false);
  });

  it('opens the file read-only', async () => {
    await publish(1);
    await expect(query('insert into facts values (2)')).rejects.toThrow(/read-only/i);
  });

  it('serves a swapped-in warehouse after the next check, not before', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    await publish(1);
    expect(await currentValue()).toBe(1);

    await publish(2);
    // within the same second the file is not stat()ed again: still the old instance
    vi.setSystemTime(new Date('2026-01-01T00:00:00.500Z'));
    expect(await currentValue()).toBe(1);

    // after the interval the new inode is noticed and the path reopened
    vi.setSystemTime(new Date('2026-01-01T00:00:01.600Z'));
    expect(await currentValue()).toBe(2);
  });

  it('answers a repeated query from the generation cache, and forgets it with the generation', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    await publish(5);
    const sql = 'select value, random() as noise from facts';
    const first = await query<{ value: number; noise: number }>(sql);
    const again = await query<{ value: number; noise: number }>(sql);
    // random() would differ on a second execution: the same rows mean one execution
    expect(again).toEqual(first);
    // callers get their own array: sorting or pushing into it cannot change the cache
    again.push({ value: 0, noise: 0 });
    expect(await query(sql)).toHaveLength(1);
    // a different parameter is a different entry
    expect(await query('select $n::integer + value as v from facts', { n: 1 })).toEqual([{ v: 6 }]);
    expect(await query('select $n::integer + value as v from facts', { n: 2 })).toEqual([{ v: 7 }]);

    await publish(6);
    vi.setSystemTime(new Date('2026-01-01T00:00:02Z'));
    const fresh = await query<{ value: number; noise: number }>(sql);
    expect(fresh[0].value).toBe(6);
    expect(fresh[0].noise).not.toBe(first[0].noise);
  });

  it('does not keep large results or failures', async () => {
    await publish(1);
    const big = 'select range as n, random() as noise from range(5000)';
    const a = await query<{ noise: number }>(big);
    const b = await query<{ noise: number }>(big);
    expect(a).toHaveLength(5000);
    expect(b[0].noise).not.toBe(a[0].noise);
    await expect(query('select * from no_such_table')).rejects.toThrow();
    await expect(query('select * from no_such_table')).rejects.toThrow(/no_such_table/);
  });

  it('runs uncached queries when asked, and marks the request whose query failed', async () => {
    await publish(1);
    const sql = 'select random() as noise from facts';
    const a = await query<{ noise: number }>(sql, {}, { cache: false });
    const b = await query<{ noise: number }>(sql, {}, { cache: false });
    expect(b[0].noise).not.toBe(a[0].noise);
    const ok = { failed: false };
    await requestQueries.run(ok, () => query('select 1'));
    expect(ok.failed).toBe(false);
    const bad = { failed: false };
    await requestQueries.run(bad, () => query('select * from missing_table').catch(() => []));
    expect(bad.failed).toBe(true);
  });

  it('lets in-flight queries finish on the old warehouse while reopening', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-02T00:00:00Z'));
    await publish(10);
    expect(await currentValue()).toBe(10);

    // The new file is in place, but within the check interval a query still gets the old instance…
    await publish(20);
    const slow = query<{ value: number; n: string }>(
      `select (select value from facts) as value, count(*) as n
       from range(20000000) t(i) where hash(i) % 7 = 0`,
    );
    // …and while it runs, the next check reopens. fromCache would hand back the old instance if
    // any of its connections were still alive, so seeing 20 proves the old one was fully closed.
    vi.setSystemTime(new Date('2026-01-02T00:00:02Z'));
    const [slowRows, fresh] = await Promise.all([slow, currentValue()]);
    expect(slowRows[0].value).toBe(10);
    expect(Number(slowRows[0].n)).toBeGreaterThan(0);
    expect(fresh).toBe(20);
  });

  it('notices when the warehouse disappears and comes back', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-03T00:00:00Z'));
    await publish(5);
    expect(await currentValue()).toBe(5);
    await rm(file);
    vi.setSystemTime(new Date('2026-01-03T00:00:02Z'));
    await expect(currentValue()).rejects.toBeInstanceOf(WarehouseMissingError);
    await publish(6);
    expect(await currentValue()).toBe(6);
  });
});
