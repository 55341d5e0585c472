// Data tests: each file in sql/tests/ is a query returning offending rows; zero rows = pass.
// A `-- severity: error|warn` header decides whether failures fail the build. A test whose query
// itself errors counts as an error-level failure whatever its severity: a broken check must not
// pass silently.
import type { Db } from '../db.ts';
import type { DataTestFile, Severity } from './discover.ts';

export type DataTestStatus = 'pass' | 'fail' | 'warn' | 'error';

export interface DataTestResult {
  test: string;
  severity: Severity;
  failures: number;
  /** pass; fail (error-level test found rows); warn (warn-level test found rows); error (the query failed). */
  status: DataTestStatus;
  /** Up to SAMPLE_ROWS offending rows (JSON-safe), or the error message. */
  sample: unknown[];
  message?: string;
  milliseconds: number;
}

const SAMPLE_ROWS = 5;

export async function runDataTest(db: Db, test: DataTestFile): Promise<DataTestResult> {
  const started = performance.now();
  try {
    const failures = Number(await db.scalar(`select count(*) from (\n${test.sql}\n) as offending`));
    const sample =
      failures > 0
        ? await db.all(`select * from (\n${test.sql}\n) as offending limit ${SAMPLE_ROWS}`)
        : [];
    const status: DataTestStatus =
      failures === 0 ? 'pass' : test.severity === 'error' ? 'fail' : 'warn';
    return {
      test: test.name,
      severity: test.severity,
      failures,
      status,
      sample,
      milliseconds: performance.now() - started,
    };
  } catch (err) {
    const message = (err as Error).message;
    return {
      test: test.name,
      severity: test.severity,
      failures: 0,
      status: 'error',
      sample: [],
      message,
      milliseconds: performance.now() - started,
    };
  }
}

/** True when a result must fail the build. */
export function isBlocking(r: DataTestResult): boolean {
  return r.status === 'fail' || r.status === 'error';
}

/**
 * data_test_results holds the latest result of each test: rows of the tests that ran are replaced,
 * results of tests not run this time (a --select build) are kept.
 */
export async function recordDataTests(
  db: Db,
  runId: number,
  results: readonly DataTestResult[],
): Promise<void> {
  for (const r of results) {
    await db.run('delete from data_test_results where test = $test', { test: r.test });
    const sample = r.status === 'error' ? [{ error: r.message ?? 'unknown error' }] : r.sample;
    await db.run(
      'insert into data_test_results (run_id, test, severity, failures, status, sample) values ($run_id, $test, $severity, $failures, $status, $sample::json)',
      {
        run_id: runId,
        test: r.test,
        severity: r.severity,
        failures: r.failures,
        status: r.status,
        sample: JSON.stringify(sample, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
      },
    );
  }
}
