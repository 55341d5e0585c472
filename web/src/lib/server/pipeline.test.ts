// Pipeline page queries against a small warehouse: runs with their accounting check (computed by
// mart_load_runs: read = new + updated + unchanged + rejected), rejects
// grouped by reason with samples, field quality worst first, data tests and model runs of the
// latest build only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWarehouse } from './db.ts';
import {
  createTestWarehouse,
  formulaRaw,
  type TestWarehouse,
} from '../../../../tests/helpers/exportTestWarehouse.ts';
import { loadPipeline } from './pipeline.ts';

let warehouse: TestWarehouse;

beforeAll(async () => {
  warehouse = await createTestWarehouse({ complaints: 20 });
  process.env.COMPLAINT_LENS_DB = warehouse.file;
});

afterAll(async () => {
  await closeWarehouse();
  delete process.env.COMPLAINT_LENS_DB;
  await warehouse?.remove();
});

describe('loadPipeline', () => {
  it('reads every section of a complete warehouse', async () => {
    // 2026-11-23 02:00:05 Shanghai is 2026-11-22T18:00:05Z; the clock says 30 h later
    const data = await loadPipeline(new Date('2026-11-24T00:00:02Z'));
    expect(data.timeZone).toBe('Asia/Shanghai');
    expect(data.freshness.lastLoadAt).toBe('2026-11-23 02:00:02'); // the rejected file does not count
    expect(data.freshness.ageHours).toBeCloseTo(30, 3);
    expect(data.freshness.stale).toBe(false);
    expect(data.freshness.latestReceivedAt).toMatch(/^2026-01-/);

    expect(data.runs?.map((r) => [r.runId, r.file, r.balanced])).toEqual([
      [2, 'inbox/broken.csv', false],
      [2, 'inbox/complaints-2026-11-23.csv', true],
      [1, 'sample-data/complaints.csv', true],
    ]);

    // The latest mapping per file: mapped, inferred, unmapped and derived columns, with the
    // derivation and missing fields recorded in load_runs.
    expect(data.mappings).toHaveLength(1);
    expect(data.mappings![0]).toMatchObject({
      runId: 2,
      file: 'inbox/complaints-2026-11-23.csv',
      derivation: 'batch = model_year',
      missingFields: 'resolved_at|closed_at (disables handling KPIs)',
    });
    expect(data.mappings![0].columns.map((c) => [c.header, c.field, c.method])).toEqual([
      ['投诉编号', 'complaint_id', 'synonym'],
      ['内容', 'description', 'content'],
      ['备注2', null, null],
      ['model_year', 'batch', 'derived'],
    ]);

    expect(data.rejects?.total).toBe(4);
    const reasons = data.rejects!.reasons;
    expect(reasons.map((r) => [r.reason, r.rows])).toEqual([
      ['missing_complaint_id', 2],
      ['invalid_received_at', 1],
      ['unreadable_row', 1],
    ]);
    expect(reasons[1].samples[0]).toMatchObject({ rowNumber: 3, raw: formulaRaw, rawCut: false });
    expect(reasons[0].samples).toHaveLength(2);

    expect(data.fields?.rows.map((f) => f.field)).toEqual(['batch', 'received_at', 'region']);
    expect(data.fields?.rows[1]).toMatchObject({ unparsed: 1, unparsedExample: '2026-13-45' });

    expect(data.tests?.runId).toBe(7);
    expect(data.tests?.rows.map((t) => t.status)).toEqual(['warn', 'pass']);

    expect(data.models).toMatchObject({ runId: 7, count: 3, failed: 0 });
    expect(data.models?.slowest.map((m) => m.model)).toEqual([
      'int_batch_rate_tests',
      'mart_data_quality',
      'stg_complaints',
    ]);
    expect(data.models?.totalMs).toBeCloseTo(2644 + 80.25 + 12.5, 6);
  });

  it('is stale 36 hours after the last successful load', async () => {
    const data = await loadPipeline(new Date('2026-11-24T06:01:00Z'));
    expect(data.freshness.stale).toBe(true);
  });
});
