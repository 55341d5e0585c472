// The data-test policy (docs/data-tests.md) applied to every file in sql/tests/, and the one
// ordering rule of recommendations (sql/macros/ranking.sql) shared by the mart and its data test.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../pipeline/db.ts';
import { DEFAULT_SQL_DIR, discoverDataTests } from '../../../pipeline/models/discover.ts';
import { isBlocking, policyProblems } from '../../../pipeline/models/dataTests.ts';

let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

describe('data-test policy', () => {
  it('classifies every test in sql/tests: integrity is error, analytic and presentation warn', async () => {
    const tests = await discoverDataTests();
    expect(tests.length).toBeGreaterThan(20);
    expect(tests.flatMap(policyProblems)).toEqual([]);
    // Integrity tests exist and block; the rest never do.
    expect(tests.filter((t) => t.checks === 'integrity').length).toBeGreaterThan(5);
  });

  it('flags a missing class and a severity that does not match it', () => {
    const base = { name: 't', file: 'tests/t.sql', sql: 'select 1' };
    expect(policyProblems({ ...base, severity: 'error' })).toEqual([
      'tests/t.sql: no "-- checks: integrity|analytic|presentation" header',
    ]);
    expect(policyProblems({ ...base, severity: 'error', checks: 'presentation' })).toEqual([
      'tests/t.sql: checks presentation must have severity warn, has error',
    ]);
    expect(policyProblems({ ...base, severity: 'warn', checks: 'integrity' })).toHaveLength(1);
    expect(policyProblems({ ...base, severity: 'warn', checks: 'analytic' })).toEqual([]);
  });

  it('blocks only on error-level failures, including a broken error-level query', () => {
    const r = { test: 't', failures: 1, sample: [], milliseconds: 0 };
    expect(isBlocking({ ...r, severity: 'error', status: 'fail' })).toBe(true);
    expect(isBlocking({ ...r, severity: 'error', status: 'error' })).toBe(true);
    expect(isBlocking({ ...r, severity: 'warn', status: 'warn' })).toBe(false);
    expect(isBlocking({ ...r, severity: 'warn', status: 'error' })).toBe(false);
    expect(isBlocking({ ...r, severity: 'error', status: 'pass' })).toBe(false);
  });
});

describe('recommendation ordering (sql/macros/ranking.sql)', () => {
  const macros = readFileSync(new URL('macros/ranking.sql', `file://${DEFAULT_SQL_DIR}`), 'utf8');
  const wellFormed = readFileSync(
    new URL('tests/recommendations_well_formed.sql', `file://${DEFAULT_SQL_DIR}`),
    'utf8',
  );

  /**
   * A mart_recommendations whose two top scores display the same (90.92) while the unrounded
   * values are in the opposite order of their rec_ids: the case of the failed nightly runs.
   */
  async function tiedMart(rankRule: string): Promise<Db> {
    db = await openDb(':memory:');
    await db.run(macros);
    await db.run(
      `create table int_recommendation_settings as select 60.0 as p1_score, 40.0 as p2_score, 5 as min_complaints`,
    );
    await db.run(`create table raw as select * from (values
        ('R0000000002', 90.9249), ('R0000000001', 90.9151), ('R0000000003', 59.996), ('R0000000004', 12.5)
      ) as v(rec_id, s)`);
    await db.run('alter table raw add column raw_score double; update raw set raw_score = s');
    await db.run(`create table mart_recommendations as
      select rec_id,
             cast(row_number() over (order by ${rankRule}) as integer) as rank,
             rec_priority(raw_score, 60.0, 40.0) as priority,
             'batch_hotspot' as rule, '{}'::json as message_args,
             'quality' as owner_department, '{}'::json as evidence_json,
             rec_display_score(raw_score) as score, 10 as complaints, 'batch=x' as drill,
             date '2026-01-01' as first_raised_on, date '2026-01-02' as last_evidence_on
      from raw`);
    return db;
  }

  it('ranks equal displayed scores by rec_id, and the data test agrees with the mart', async () => {
    const d = await tiedMart('rec_rank_key(raw_score, rec_id)');
    expect(
      await d.all('select rec_id, rank, priority, score from mart_recommendations order by rank'),
    ).toEqual([
      { rec_id: 'R0000000001', rank: 1, priority: 'P1', score: 90.92 },
      { rec_id: 'R0000000002', rank: 2, priority: 'P1', score: 90.92 },
      // 59.996 is displayed as 60.00: its priority follows what the reader sees.
      { rec_id: 'R0000000003', rank: 3, priority: 'P1', score: 60 },
      { rec_id: 'R0000000004', rank: 4, priority: 'P3', score: 12.5 },
    ]);
    expect(await d.all(wellFormed)).toEqual([]);
  });

  it('the data test catches a rank by the unrounded score (the old rule)', async () => {
    const d = await tiedMart('raw_score desc, rec_id');
    const offending = await d.all<{ rec_id: string }>(wellFormed);
    expect(offending.map((r) => r.rec_id).sort()).toEqual(['R0000000001', 'R0000000002']);
  });
});

describe('batch hot-spot ordering (sql/macros/ranking.sql)', () => {
  const macros = readFileSync(new URL('macros/ranking.sql', `file://${DEFAULT_SQL_DIR}`), 'utf8');
  const followsRule = readFileSync(
    new URL('tests/hotspot_rank_follows_rule.sql', `file://${DEFAULT_SQL_DIR}`),
    'utf8',
  );

  /** Hot spots tied on q (as BH's step-up often leaves them), ranked by `rankRule`. */
  async function hotspots(rankRule: string): Promise<Db> {
    db = await openDb(':memory:');
    await db.run(macros);
    await db.run(`create table raw as select * from (values
        ('P1', 'B-A', true, 0.001, 3.0, 10),
        ('P1', 'B-B', true, 0.001, 5.0, 8),
        ('P2', 'B-B', true, 0.001, 5.0, 8),
        ('P1', 'B-C', true, 0.001, 5.0, 12),
        ('P1', 'B-D', true, 1e-6, 2.0, 40),
        ('P1', 'B-E', true, 0.01, null, 30),
        ('P1', 'B-F', false, 1e-9, 9.0, 50)
      ) as v(product, batch, is_hotspot, q_value, rate_ratio, complaints)`);
    await db.run(`create table mart_batch_hotspots as
      select *, case when is_hotspot then cast(row_number() over (partition by is_hotspot order by ${rankRule}) as integer) end as rank
      from raw`);
    return db;
  }

  it('q, then the larger ratio, then more complaints, then batch and product; none for a non-hot spot', async () => {
    const d = await hotspots(
      'batch_hotspot_rank_key(q_value, rate_ratio, complaints, batch, product)',
    );
    expect(
      await d.all(
        `select product || ' ' || batch as hotspot, rank from mart_batch_hotspots order by rank nulls last, batch`,
      ),
    ).toEqual([
      { hotspot: 'P1 B-D', rank: 1 },
      { hotspot: 'P1 B-C', rank: 2 },
      { hotspot: 'P1 B-B', rank: 3 },
      { hotspot: 'P2 B-B', rank: 4 },
      { hotspot: 'P1 B-A', rank: 5 },
      { hotspot: 'P1 B-E', rank: 6 },
      { hotspot: 'P1 B-F', rank: null },
    ]);
    expect(await d.all(followsRule)).toEqual([]);
  });

  it('the data test catches an order of its own (the overview used q, then complaints)', async () => {
    const d = await hotspots('q_value, complaints desc, batch');
    const offending = await d.all<{ product: string; batch: string }>(followsRule);
    // B-C (most complaints of the tied q) is 2nd either way; A, ahead of both B-B by complaints,
    // is behind them by rate ratio
    expect(offending.map((r) => `${r.product} ${r.batch}`).sort()).toEqual([
      'P1 B-A',
      'P1 B-B',
      'P2 B-B',
    ]);
  });
});
