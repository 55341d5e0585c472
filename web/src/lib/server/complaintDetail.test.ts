// The complaint page reads the current record and its history from mart_complaint_versions (a
// journal mart) plus the model columns of mart_complaints: fields as stored (a decimal with its two
// decimals), the versions with what changed, the source file without its directory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../../../pipeline/db.ts';
import {
  createTestWarehouse,
  type TestWarehouse,
} from '../../../../tests/helpers/exportTestWarehouse.ts';
import { getComplaint } from './complaints.ts';
import { closeWarehouse } from './db.ts';

let warehouse: TestWarehouse;

beforeAll(async () => {
  warehouse = await createTestWarehouse({ complaints: 20 });
  // a second version of T000010: resolved, compensation changed, loaded from another file
  const db = await openDb(warehouse.file);
  try {
    await db.run(
      `update complaint_versions set is_current = false where complaint_id = 'T000010';
       insert into complaint_versions (
         complaint_id, received_at, description, status, compensation, row_hash, version_no,
         is_current, first_loaded_run, load_run_id, source_file)
       select complaint_id, received_at, description, '已解决', 88, 'h2', 2, true, 1, 2,
              '/srv/inbox/complaints-2026-11-23.csv'
       from complaint_versions where complaint_id = 'T000010'`,
    );
  } finally {
    db.close();
  }
  process.env.COMPLAINT_LENS_DB = warehouse.file;
});

afterAll(async () => {
  await closeWarehouse();
  delete process.env.COMPLAINT_LENS_DB;
  await warehouse?.remove();
});

describe('getComplaint', () => {
  it('shows the current version with its model columns and the history of changes', async () => {
    const detail = await getComplaint('T000010');
    expect(detail).toMatchObject({
      complaintId: 'T000010',
      versionNo: 2,
      category: '物流运输',
      clusterId: '0',
      clusterLabel: '根因 0',
    });
    const field = (name: string) => detail!.fields.find((f) => f.field === name)?.value;
    expect(field('compensation')).toBe('88.00');
    expect(field('received_at')).toBe('2026-01-02 00:10:00');
    expect(field('source_file')).toBe('complaints-2026-11-23.csv');
    expect(detail!.versions.map((v) => [v.versionNo, v.loadRunId, v.sourceFile])).toEqual([
      [1, '1', 'fixture.csv'],
      [2, '2', 'complaints-2026-11-23.csv'],
    ]);
    expect(detail!.versions[1].changed).toContainEqual({
      field: 'compensation',
      before: '-50.50',
      after: '88.00',
    });
  });

  it('is undefined for an unknown complaint', async () => {
    expect(await getComplaint('nope')).toBeUndefined();
  });
});
