// The nightly life of a warehouse: first load, idempotent re-run, updates, stale re-delivery,
// rejects with reasons, exit codes, the lock, and atomicity under failure and kill -9.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, buckets, fileHash, query, runCli, tempDir } from './cli-harness.ts';

const HEADER =
  '投诉编号,受理时间,投诉渠道,客户编号,产品型号,生产批号,生产日期,地区,投诉类型,问题描述,处理状态,满意度,赔偿金额,更新时间';

function row(
  id: string,
  status: string,
  updated: string,
  extra: Partial<{ received: string; desc: string; sat: string; prod: string }> = {},
) {
  return [
    id,
    extra.received ?? '2026-03-05 14:03:00',
    '客服热线',
    'C001',
    'BCD-520W',
    'B2026W10',
    extra.prod ?? '2026-03-01',
    '四川省',
    '产品质量',
    `"${extra.desc ?? '冰箱压缩机噪音大，电话13812345678'}"`,
    status,
    extra.sat ?? '4',
    '"¥1,200.00"',
    updated,
  ].join(',');
}

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
  await writeFile(
    join(dir, 'day1.csv'),
    [
      HEADER,
      row('T1', '处理中', '2026-03-05 15:00'),
      row('T2', '待处理', '2026-03-05 15:00'),
      row('T3', '已关闭', '2026-03-06 09:00'),
    ].join('\n') + '\n',
  );
  await writeFile(
    join(dir, 'day2.csv'),
    [
      HEADER,
      row('T1', '已解决', '2026-03-06 10:00'), // updated
      row('T1', '已关闭', '2026-03-07 10:00'), // a second, later version in the same file: updated
      row('T2', '待处理', '2026-03-05 15:00'), // exact re-delivery: unchanged
      row('T3', '处理中', '2026-03-05 20:00'), // older than the warehouse's version: rejected stale_version
      row('T4', '待处理', '2026-03-07 08:00'), // new
      row('T4', '待处理', '2026-03-07 08:00'), // duplicate line: unchanged
      row('T5', '待处理', '2026-03-07 08:00', { received: '三月五号' }), // rejected invalid_received_at
      row('', '待处理', '2026-03-07 08:00'), // rejected missing_complaint_id
      row('T6', '待处理', '2026-03-07 08:00', { prod: 'unknown', sat: 'meh' }), // new, two unparsed optional values
    ].join('\n') + '\n',
  );
});

describe('nightly lifecycle', () => {
  it('loads day 1, then a re-run of the same file changes nothing', async () => {
    const db = join(dir, 'a.duckdb');
    const first = await runCli(['ingest', '--db', db, '--input', join(dir, 'day1.csv'), '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(buckets(first.json.files[0])).toEqual({
      read: 3,
      new: 3,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    });
    expect(first.json.totals).toMatchObject({
      rows_read: 3,
      rows_new: 3,
      rows_updated: 0,
      rows_unchanged: 0,
      rows_rejected: 0,
    });

    const again = await runCli(['ingest', '--db', db, '--input', join(dir, 'day1.csv'), '--json']);
    expect(again.code).toBe(0);
    expect(buckets(again.json.files[0])).toEqual({
      read: 3,
      new: 0,
      updated: 0,
      unchanged: 3,
      rejected: 0,
    });
    const [counts] = await query<{ c: number; v: number; runs: number }>(
      db,
      `select (select count(*)::int from complaints) c, (select count(*)::int from complaint_versions) v, (select count(distinct run_id)::int from load_runs) runs`,
    );
    expect(counts).toEqual({ c: 3, v: 3, runs: 2 });
  });

  it('applies day 2: updates, re-delivery, stale versions, duplicates and rejects, each counted', async () => {
    const db = join(dir, 'b.duckdb');
    expect((await runCli(['ingest', '--db', db, '--input', join(dir, 'day1.csv')])).code).toBe(0);
    const r = await runCli([
      'ingest',
      '--db',
      db,
      '--input',
      join(dir, 'day2.csv'),
      '--json',
      '--max-reject-rate',
      '0.5',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(buckets(r.json.files[0])).toEqual({
      read: 9,
      new: 2,
      updated: 2,
      unchanged: 2,
      rejected: 3,
    });

    const current = await query<{ complaint_id: string; status: string; version_no: number }>(
      db,
      `select complaint_id, status, version_no from complaints order by complaint_id`,
    );
    expect(current).toEqual([
      { complaint_id: 'T1', status: 'closed', version_no: 3 },
      { complaint_id: 'T2', status: 'open', version_no: 1 },
      { complaint_id: 'T3', status: 'closed', version_no: 1 },
      { complaint_id: 'T4', status: 'open', version_no: 1 },
      { complaint_id: 'T6', status: 'open', version_no: 1 },
    ]);
    const rejects = await query<{ reason: string; n: number }>(
      db,
      `select reason, count(*)::int n from rejects group by reason order by reason`,
    );
    expect(rejects).toEqual([
      { reason: 'invalid_received_at', n: 1 },
      { reason: 'missing_complaint_id', n: 1 },
      { reason: 'stale_version', n: 1 },
    ]);
    const [raw] = await query<{ raw: string }>(
      db,
      `select raw from rejects where reason = 'invalid_received_at'`,
    );
    expect(JSON.parse(raw.raw)).toMatchObject({ 投诉编号: 'T5', 受理时间: '三月五号' });

    const quality = await query<{ field: string; unparsed: number; unparsed_example: string }>(
      db,
      `select field, unparsed::int as unparsed, unparsed_example from field_quality
       where run_id = (select max(run_id) from load_runs) and unparsed > 0 order by field`,
    );
    expect(quality).toEqual([
      { field: 'production_date', unparsed: 1, unparsed_example: 'unknown' },
      { field: 'received_at', unparsed: 1, unparsed_example: '三月五号' },
      { field: 'satisfaction', unparsed: 1, unparsed_example: 'meh' },
    ]);
    const [t1] = await query<Record<string, unknown>>(
      db,
      `select description, satisfaction, satisfaction_raw, compensation::double as compensation, region, received_at::varchar as received_at
       from complaints where complaint_id = 'T1'`,
    );
    expect(t1).toEqual({
      description: '冰箱压缩机噪音大，电话138****5678',
      satisfaction: 0.8,
      satisfaction_raw: '4',
      compensation: 1200,
      region: '四川',
      received_at: '2026-03-05 14:03:00',
    });
  });

  it('exits 3 when the reject rate is above the limit, and still loads the good rows', async () => {
    const db = join(dir, 'c.duckdb');
    const r = await runCli(['ingest', '--db', db, '--input', join(dir, 'day2.csv'), '--json']);
    expect(r.code).toBe(3);
    expect(r.json.status).toBe('reject_rate_exceeded');
    expect(r.json.totals.rows_rejected).toBe(2);
    expect((await query(db, 'select * from complaints')).length).toBe(5);
  });

  it('keeps the rows_* names stable in --json', async () => {
    const db = join(dir, 'd.duckdb');
    const r = await runCli(['ingest', '--db', db, '--input', join(dir, 'day1.csv'), '--json']);
    expect(Object.keys(r.json.files[0])).toEqual(
      expect.arrayContaining([
        'file',
        'rows_read',
        'rows_new',
        'rows_updated',
        'rows_unchanged',
        'rows_rejected',
      ]),
    );
    expect(Object.keys(r.json.totals)).toEqual(
      expect.arrayContaining([
        'rows_read',
        'rows_new',
        'rows_updated',
        'rows_unchanged',
        'rows_rejected',
      ]),
    );
    const runs = await query(
      db,
      'select run_id, file, started_at, finished_at, status, rows_read, rows_new, rows_updated, rows_unchanged, rows_rejected from load_runs',
    );
    expect(runs).toHaveLength(1);
  });
});

describe('usage errors exit 2', () => {
  it.each([
    [['ingest', '--bogus']],
    [['ingest', '--db', '/tmp/x.duckdb']],
    [['ingest', '--input', 'x.csv', '--max-reject-rate', '7']],
    [['frobnicate']],
  ])('%j', async (args) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.length).toBeGreaterThan(0);
  });

  it('--help exits 0 and lists the commands', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['run', 'ingest', 'build', 'sample', 'serve', 'doctor'])
      expect(r.stdout).toContain(c);
  });
});

describe('atomicity', () => {
  it('a run that fails half-way leaves the served warehouse byte-identical', async () => {
    const db = join(dir, 'e.duckdb');
    expect((await runCli(['ingest', '--db', db, '--input', join(dir, 'day1.csv')])).code).toBe(0);
    const before = await fileHash(db);
    const corrupt = join(dir, 'corrupt.xlsx');
    await writeFile(corrupt, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]));
    const r = await runCli([
      'ingest',
      '--db',
      db,
      '--input',
      join(dir, 'day2.csv'),
      '--input',
      corrupt,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/warehouse is unchanged/);
    expect(await fileHash(db)).toBe(before);
    expect((await readdir(dir)).filter((n) => n.includes('.tmp-'))).toEqual([]);
    expect(existsSync(`${db}.lock`)).toBe(false);
  });

  it('refuses a second concurrent run with a clear message', async () => {
    const db = join(dir, 'f.duckdb');
    expect((await runCli(['ingest', '--db', db, '--input', join(dir, 'day1.csv')])).code).toBe(0);
    const before = await fileHash(db);
    // The test process itself holds the lock: a live pid that is not the new run's.
    await writeFile(
      `${db}.lock`,
      JSON.stringify({ pid: process.pid, started: new Date().toISOString() }),
    );
    const r = await runCli(['ingest', '--db', db, '--input', join(dir, 'day2.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/another complaint-lens run \(pid \d+/);
    expect(await fileHash(db)).toBe(before);
  });

  it('survives kill -9 mid-run: the old warehouse stays, the next run cleans up and succeeds', async () => {
    const db = join(dir, 'g.duckdb');
    expect((await runCli(['ingest', '--db', db, '--input', join(dir, 'day1.csv')])).code).toBe(0);
    const before = await fileHash(db);
    // A file big enough that the run is still busy when we kill it.
    const big = join(dir, 'big.csv');
    const lines = [HEADER];
    for (let i = 0; i < 300_000; i++) lines.push(row(`K${i}`, '待处理', '2026-03-07 08:00'));
    await writeFile(big, lines.join('\n') + '\n');

    const child = spawn(process.execPath, [CLI, 'ingest', '--db', db, '--input', big], {
      stdio: 'ignore',
    });
    // The run marks its private standby warehouse dirty before writing it (swap.ts).
    const tmp = `${db}.standby.dirty`;
    // Wait (bounded) until the run is writing its standby, then kill it without warning.
    const deadline = Date.now() + 60_000;
    while (!existsSync(tmp) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(tmp)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));

    expect(await fileHash(db)).toBe(before);
    expect(existsSync(`${db}.lock`)).toBe(true); // left behind by the dead run
    const next = await runCli([
      'ingest',
      '--db',
      db,
      '--input',
      join(dir, 'day2.csv'),
      '--json',
      '--max-reject-rate',
      '1',
    ]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/stale lock|temporary file/);
    expect(existsSync(tmp)).toBe(false);
    expect(existsSync(`${db}.lock`)).toBe(false);
    expect(buckets(next.json.files[0])).toEqual({
      read: 9,
      new: 2,
      updated: 2,
      unchanged: 2,
      rejected: 3,
    });
  });
});
