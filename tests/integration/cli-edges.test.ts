// Issue 13, defects 8 and 12: usage errors exit 2 fast, before any lock or warehouse copy, and a
// file named twice is loaded once.
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileHash, runCli, tempDir } from './cli-harness.ts';

let dir: string;
let data: string;
let db: string;
beforeAll(async () => {
  dir = await tempDir();
  data = join(dir, 'in');
  db = join(dir, 'w.duckdb');
  await mkdir(data);
  await writeFile(
    join(data, 'a.csv'),
    '投诉编号,受理时间\nA-1,2026-03-01 09:00:00\nA-2,2026-03-02 09:00:00\n',
  );
  expect((await runCli(['ingest', '--input', join(data, 'a.csv'), '--db', db])).code).toBe(0);
});

describe('CLI edges', () => {
  it('an unreachable --db fails at once with exit 2 (it spun for ten minutes)', async () => {
    const t0 = Date.now();
    const r = await runCli([
      'ingest',
      '--input',
      join(data, 'a.csv'),
      '--db',
      '/proc/nope/db.duckdb',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot create the directory /proc/nope');
    expect(Date.now() - t0).toBeLessThan(30_000);
  });

  it('a missing input is a usage error (exit 2) and touches nothing', async () => {
    const before = await fileHash(db);
    const r = await runCli(['run', '--input', join(data, 'nope.csv'), '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`input not found: ${join(data, 'nope.csv')}`);
    expect(await fileHash(db)).toBe(before);
    expect((await readdir(dir)).sort()).toEqual(['in', 'w.duckdb']);
  });

  it('a --db that is a directory is a usage error', async () => {
    const r = await runCli(['ingest', '--input', join(data, 'a.csv'), '--db', data]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a directory');
  });

  it('the same file listed twice is loaded once (it failed on a primary-key violation)', async () => {
    const fresh = join(dir, 'dup.duckdb');
    const r = await runCli([
      'ingest',
      '--input',
      data,
      '--input',
      join(data, 'a.csv'),
      '--input',
      join(data, '..', 'in', 'a.csv'),
      '--db',
      fresh,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.files.map((f) => [f.file, f.rows_new])).toEqual([[join(data, 'a.csv'), 2]]);
    expect(existsSync(`${fresh}.lock`)).toBe(false);
  });
});
