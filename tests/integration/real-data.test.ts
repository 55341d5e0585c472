// The real CFPB export (../shared/data, see its README): English headers, US M/D/YYYY dates,
// an unnamed index column. It must load without a mapping file.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, buckets, query, runCli, tempDir } from './cli-harness.ts';

const CFPB = join(ROOT, '../shared/data/cfpb_2015q1.csv');
const hasData = existsSync(CFPB);
if (!hasData)
  console.warn(
    `skipping real-data tests: ${CFPB} is absent (it lives in ../shared/data beside the repo)`,
  );

describe.skipIf(!hasData)('CFPB 2015 Q1 export', () => {
  it('loads every row without a mapping, inferring month-first dates', async () => {
    const db = join(await tempDir(), 'cfpb.duckdb');
    const r = await runCli(['ingest', '--db', db, '--input', CFPB, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(buckets(r.json.files[0])).toEqual({
      read: 28156,
      new: 28156,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    });
    expect(r.stderr).toMatch(/inferred day\/month order.*order=mdy/);
    const [range] = await query<{ lo: string; hi: string; n_months: number }>(
      db,
      `select min(received_at)::date::varchar lo, max(received_at)::date::varchar hi,
              count(distinct date_trunc('month', received_at))::int as n_months from complaints`,
    );
    expect(range).toEqual({ lo: '2015-01-01', hi: '2015-03-19', n_months: 3 });
    const [c] = await query<Record<string, unknown>>(
      db,
      `select product, complaint_type, region, status, received_at::varchar r, first_response_at::varchar f,
              extra->>'Timely response?' timely, extra->>'ZIP code' zip
       from complaints where complaint_id = '1291006'`,
    );
    expect(c).toEqual({
      product: 'Debt collection',
      complaint_type: 'Communication tactics',
      region: 'TX',
      status: 'in_progress',
      r: '2015-03-19 00:00:00',
      f: '2015-03-19 00:00:00',
      timely: 'Yes',
      zip: '76119',
    });
    const unparsed = await query(
      db,
      `select field, unparsed from field_quality where unparsed > 0`,
    );
    expect(unparsed).toEqual([]);
  });

  it('honours --date-order when the user says so', async () => {
    const db = join(await tempDir(), 'cfpb-dmy.duckdb');
    // Forcing day-first on month-first data must not invent dates: 3/19/2015 cannot be parsed
    // (month 19), so those rows are rejected with a reason rather than loaded wrongly.
    const r = await runCli([
      'ingest',
      '--db',
      db,
      '--input',
      CFPB,
      '--json',
      '--date-order',
      'dmy',
      '--max-reject-rate',
      '1',
    ]);
    expect(r.code).toBe(0);
    const reasons = await query<{ reason: string }>(db, `select distinct reason from rejects`);
    expect(reasons).toEqual([{ reason: 'invalid_received_at' }]);
    expect(r.json.totals.rows_rejected).toBeGreaterThan(10000);
    expect(r.json.totals.rows_read).toBe(28156);
  });
});
