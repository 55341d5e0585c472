// Data tests: each file in sql/tests/ is a query returning offending rows; zero rows = pass.
// The policy (docs/data-tests.md): `error` severity only for integrity — row accounting,
// uniqueness, references, nothing lost — declared by `-- checks: integrity`; analytic and
// presentation checks are `warn`: recorded in data_test_results, shown on the Pipeline page and in
// `--json`, never blocking the swap. A test whose query itself fails is recorded with status
// `error` (a broken check must not pass silently) and blocks only when the test is error-level:
// a presentation check that breaks at scale must not throw away a night's data.
import type { Db } from '../db.ts';
import type { CheckKind, DataTestFile, Severity } from './discover.ts';

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

/** True when a result must fail the build: only error-level (integrity) tests block. */
export function isBlocking(r: DataTestResult): boolean {
  return r.severity === 'error' && (r.status === 'fail' || r.status === 'error');
}

/** The severity the policy gives a class of check. */
export function severityFor(checks: CheckKind): Severity {
  return checks === 'integrity' ? 'error' : 'warn';
}

/**
 * Policy problems of a data test file: no `-- checks:` class, or a severity other than the one its
 * class gets. The unit tests apply this to every file in sql/tests/.
 */
export function policyProblems(test: DataTestFile): string[] {
  if (!test.checks) return [`${test.file}: no "-- checks: integrity|analytic|presentation" header`];
  const expected = severityFor(test.checks);
  return test.severity === expected
    ? []
    : [`${test.file}: checks ${test.checks} must have severity ${expected}, has ${test.severity}`];
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
