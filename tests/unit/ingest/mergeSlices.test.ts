// The merge inserts new versions in slices of file rows (merge.ts: one join of every staged row
// ran out of memory at 10M rows). Slicing must not change what is stored: the same files loaded
// with slices of 2 rows and with the default give the same versions, rejects and counts.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDb, type Db } from '../../../pipeline/db.ts';
import { ingest } from '../../../pipeline/ingest/ingest.ts';
import { applyBaseTables } from '../../../pipeline/warehouse/init.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
// Updates, duplicates, a stale version and rejects across two days.
const DAYS = ['updates_day1.csv', 'updates_day2.csv', 'bad_dates.csv'].map((f) =>
  join(FIXTURES, f),
);

const dbs: Db[] = [];
afterEach(() => {
  for (const d of dbs.splice(0)) d.close();
});

async function loaded(mergeSliceRows?: number) {
  const db = await openDb(':memory:', { timeZone: 'Asia/Shanghai' });
  dbs.push(db);
  await applyBaseTables(db);
  const settings = { timezone: 'Asia/Shanghai', dateOrder: 'auto' as const, customerIdSalt: null };
  const counts = [];
  for (const file of DAYS) {
    const summaries = await ingest(db, { inputs: [file], settings, mergeSliceRows });
    counts.push(
      summaries.files.map((f) => [f.rows_new, f.rows_updated, f.rows_unchanged, f.rows_rejected]),
    );
  }
  return {
    counts,
    versions: await db.all(`select * from complaint_versions order by complaint_id, version_no`),
    rejects: await db.all('select * from rejects order by all'),
  };
}

it('stores the same versions whatever the slice size', async () => {
  const sliced = await loaded(2);
  const whole = await loaded();
  expect(sliced.versions.length).toBeGreaterThan(4);
  expect(sliced).toEqual(whole);
});
