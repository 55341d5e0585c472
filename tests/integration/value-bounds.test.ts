// Issue 13, defects 2, 3, 5 and 11 (and issue 12, item 5): one out-of-range value must never jam
// later nights. Before: a received date of 9999-12-31 was accepted and every later `run` ran out of
// memory in a zero-filled weekly series; one negative dispatch count or compensation failed every
// later build on `accepted_range_complaints_measures`; one satisfaction of 150 rescaled the file.
// Now: out-of-range values are NULL (counted, with an example) or, for the received date, a reject
// with a reason; the next normal `run` succeeds.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../pipeline/db.ts';
import { query, runCli, tempDir } from './cli-harness.ts';

const HEADER = '投诉编号,受理时间,生产日期,派单次数,赔偿金额,满意度';
const GOOD = (i: number) => `OK-${i},2026-03-07 10:00:00,2025-02-01,1,10,${1 + (i % 5)}`;
const BAD = [
  'BAD-1,9999-12-31,2025-01-01,1,100,4',
  'BAD-2,0001-01-01,2025-01-01,1,100,4',
  'BAD-3,0000-01-01 00:00:00,2025-01-01,1,100,4',
  'BAD-4,2026-03-05 10:00:00,1919-09-01,-1,-50,150',
  'BAD-5,2026-03-05 10:00:00,9999-01-01,2.5,"1,2,3",5',
  'BAD-6,2026-03-05 10:00:00,1000-06-01,1,100,5',
];

let dir: string;
let db: string;
beforeAll(async () => {
  dir = await tempDir();
  db = join(dir, 'w.duckdb');
  const rows = [HEADER, ...BAD, ...Array.from({ length: 300 }, (_, i) => GOOD(i))];
  await writeFile(join(dir, 'bad.csv'), rows.join('\n') + '\n');
  await writeFile(
    join(dir, 'next.csv'),
    [HEADER, ...Array.from({ length: 50 }, (_, i) => GOOD(1000 + i))].join('\n') + '\n',
  );
});

describe('value bounds at ingest', () => {
  it('nulls or rejects every out-of-range value, with a reason and a count', async () => {
    const r = await runCli(['ingest', '--input', join(dir, 'bad.csv'), '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.files[0]).toMatchObject({ rows_read: 306, rows_new: 303, rows_rejected: 3 });
    const rejects = await query<{ id: string; reason: string }>(
      db,
      `select json_extract_string(raw, '$.投诉编号') as id, reason from rejects order by 1`,
    );
    expect(rejects).toEqual(
      ['BAD-1', 'BAD-2', 'BAD-3'].map((id) => ({ id, reason: 'received_at_out_of_range' })),
    );
    const [range] = await query<Record<string, unknown>>(
      db,
      `select min(received_at)::varchar as min_received, max(received_at)::varchar as max_received,
              min(production_date)::varchar as min_prod, max(production_date)::varchar as max_prod,
              min(dispatch_count) as min_dispatch, min(compensation)::double as min_comp,
              count(*) filter (where dispatch_count is null) as null_dispatch,
              count(*) filter (where compensation is null) as null_comp,
              count(*) filter (where satisfaction = 1) as sat_one
       from complaints`,
    );
    expect(range).toMatchObject({
      min_received: '2026-03-05 10:00:00',
      max_received: '2026-03-07 10:00:00',
      min_prod: '2025-02-01', // BAD-4…6 carry the implausible production dates
      max_prod: '2025-02-01',
      min_dispatch: 1,
      min_comp: 10,
      null_dispatch: '2', // -1 and 2.5
      null_comp: '2', // -50 and "1,2,3"
      sat_one: '62', // sixty 5s of the good rows + BAD-5's and BAD-6's: still 1.0, not 0.05
    });
    const quality = await query<{ field: string; unparsed: bigint; example: string }>(
      db,
      `select field, unparsed, unparsed_example as example from field_quality
       where unparsed > 0 order by field`,
    );
    expect(Object.fromEntries(quality.map((q) => [q.field, Number(q.unparsed)]))).toEqual({
      compensation: 2,
      dispatch_count: 2,
      production_date: 3,
      received_at: 3,
      satisfaction: 1,
    });
    const example = Object.fromEntries(quality.map((q) => [q.field, q.example]));
    expect(example.production_date).toMatch(
      /^\d{4}-\d{2}-\d{2} \(outside the plausible dates 1990-01-01 … /,
    );
    expect(example.satisfaction).toBe('150 (outside the satisfaction scale of the file)');
  });

  it('lets the next night build: `run` succeeds and no series starts at an implausible date', async () => {
    const r = await runCli(['run', '--input', join(dir, 'next.csv'), '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [first] = await query<{ first: string }>(
      db,
      `select min(period_start)::varchar as first from mart_kpis_monthly`,
    );
    expect(first.first >= '2026-03').toBe(true);
    const doctor = await runCli(['doctor', '--db', db]);
    expect(doctor.stderr).toMatch(/ok {3}value ranges: dates within 1990-01-01 … /);
  });

  it('doctor finds out-of-range values an older version stored (defects 2 and 3)', async () => {
    const old = join(dir, 'old.duckdb');
    expect((await runCli(['ingest', '--input', join(dir, 'next.csv'), '--db', old])).code).toBe(0);
    const w = await openDb(old);
    await w.run(`update complaint_versions set received_at = timestamp '9999-12-31'
                 where complaint_id = 'OK-1000'`);
    await w.run(`update complaint_versions set dispatch_count = -1 where complaint_id = 'OK-1001'`);
    w.close();
    const doctor = await runCli(['doctor', '--db', old]);
    expect(doctor.code).toBe(1);
    expect(doctor.stderr).toMatch(
      /FAIL value ranges: received_at: 1 out-of-range value\(s\), e\.g\. complaint OK-1000; dispatch_count: 1 out-of-range value\(s\), e\.g\. complaint OK-1001/,
    );
  });
});
