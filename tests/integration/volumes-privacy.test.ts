// The volumes file's own accounting, and customer-id hashing with a configured salt.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, buckets, query, runCli, tempDir } from './cli-harness.ts';

describe('volumes', () => {
  it('loads, updates and rejects volume rows with reasons', async () => {
    const dir = await tempDir();
    const db = join(dir, 'w.duckdb');
    await writeFile(
      join(dir, 'v1.csv'),
      '产品型号,生产批号,生产日期,生产数量\nBCD-520W,B1,2026-01-05,"12,000"\nBCD-520W,B2,2026-01-12,8000台\nKFR-35GW,B1,2026/1/5,500\n',
    );
    await writeFile(
      join(dir, 'v2.csv'),
      'product,batch,production_date,units\nBCD-520W,B1,2026-01-05,12000\nBCD-520W,B2,2026-01-12,8100\nXQB80,B9,2026-01-19,\n,B3,2026-01-19,10\nXQB80,B4,2026-01-19,-5\nXQB80,B5,2026-01-26,300\n',
    );
    const r1 = await runCli(['ingest', '--db', db, '--volumes', join(dir, 'v1.csv'), '--json']);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.json.files[0].kind).toBe('volumes');
    expect(buckets(r1.json.files[0])).toEqual({
      read: 3,
      new: 3,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    });
    const r2 = await runCli([
      'ingest',
      '--db',
      db,
      '--volumes',
      join(dir, 'v2.csv'),
      '--json',
      '--max-reject-rate',
      '1',
    ]);
    expect(buckets(r2.json.files[0])).toEqual({
      read: 6,
      new: 1,
      updated: 1,
      unchanged: 1,
      rejected: 3,
    });
    const rows = await query<{ product: string; batch: string; units: number; d: string }>(
      db,
      `select product, batch, units::int units, production_date::varchar d from volumes order by product, batch`,
    );
    expect(rows).toEqual([
      { product: 'BCD-520W', batch: 'B1', units: 12000, d: '2026-01-05' },
      { product: 'BCD-520W', batch: 'B2', units: 8100, d: '2026-01-12' },
      { product: 'KFR-35GW', batch: 'B1', units: 500, d: '2026-01-05' },
      { product: 'XQB80', batch: 'B5', units: 300, d: '2026-01-26' },
    ]);
    const reasons = await query<{ reason: string }>(
      db,
      `select reason from rejects order by reason`,
    );
    expect(reasons.map((x) => x.reason)).toEqual([
      'invalid_units',
      'missing_product',
      'missing_units',
    ]);
  });
});

describe('privacy', () => {
  it('hashes customer ids with the configured salt, consistently across runs', async () => {
    const dir = await tempDir();
    const db = join(dir, 'w.duckdb');
    const cfg = join(dir, 'config.json');
    await writeFile(cfg, JSON.stringify({ privacy: { customerIdSalt: 's3cret' } }));
    await writeFile(
      join(dir, 'a.csv'),
      '投诉编号,受理时间,客户编号\nP1,2026-03-01,C001\nP2,2026-03-02,C001\nP3,2026-03-02,C002\n',
    );
    const r = await runCli([
      'ingest',
      '--db',
      db,
      '--config',
      cfg,
      '--input',
      join(dir, 'a.csv'),
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const rows = await query<{ c: string }>(
      db,
      `select customer_id c from complaints order by complaint_id`,
    );
    expect(rows[0].c).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].c).toBe(rows[1].c);
    expect(rows[2].c).not.toBe(rows[0].c);
    expect(rows.map((x) => x.c)).not.toContain('C001');
    const again = await runCli([
      'ingest',
      '--db',
      db,
      '--config',
      cfg,
      '--input',
      join(dir, 'a.csv'),
      '--json',
    ]);
    expect(again.json.totals.rows_unchanged).toBe(3);
  });

  it('rejects an invalid config with a usage error', async () => {
    const dir = await tempDir();
    const cfg = join(dir, 'bad.json');
    await writeFile(cfg, JSON.stringify({ timezon: 'UTC' }));
    const r = await runCli([
      'ingest',
      '--db',
      join(dir, 'w.duckdb'),
      '--config',
      cfg,
      '--input',
      join(FIXTURES, 'utf8_bom.csv'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/timezon/);
  });
});
