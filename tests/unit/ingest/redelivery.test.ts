// Hash first (pipeline/ingest/redelivery.ts): re-delivering an identical file skips parsing and
// records exactly what parsing it would have recorded — counts, rejects, field quality — and is
// parsed as usual once anything else was loaded in between.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../pipeline/db.ts';
import { ingest, type IngestOptions } from '../../../pipeline/ingest/ingest.ts';
import { sha256File } from '../../../pipeline/warehouse/journal.ts';
import { applyBaseTables } from '../../../pipeline/warehouse/init.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures');
// Rows of every kind: updates, duplicates, and rejects (missing id, bad date).
const FILE = join(FIXTURES, 'updates_day2.csv');
const OTHER = join(FIXTURES, 'updates_day1.csv');
const BAD = join(FIXTURES, 'bad_dates.csv');

const dbs: Db[] = [];
afterEach(() => {
  for (const d of dbs.splice(0)) d.close();
});

async function warehouse(): Promise<Db> {
  const db = await openDb(':memory:', { timeZone: 'Asia/Shanghai' });
  dbs.push(db);
  await applyBaseTables(db);
  return db;
}

async function load(db: Db, files: string[], hashed: boolean) {
  const opts: IngestOptions = {
    inputs: files,
    settings: { timezone: 'Asia/Shanghai', dateOrder: 'auto', customerIdSalt: null },
  };
  if (hashed)
    opts.fileHashes = Object.fromEntries(
      await Promise.all(files.map(async (f) => [f, await sha256File(f)])),
    );
  return ingest(db, opts);
}

/** What a run recorded, without its run id and timings. */
async function recorded(db: Db, runId: number) {
  return {
    loads: await db.all(
      `select file, status, rows_read, rows_new, rows_updated, rows_unchanged, rows_rejected, format, encoding, bytes
       from load_runs where run_id = $run order by file`,
      { run: runId },
    ),
    rejects: await db.all(
      `select file, row_number, reason, message, raw, complaint_id from rejects where run_id = $run order by file, row_number`,
      { run: runId },
    ),
    quality: await db.all(
      `select file, field, source_header, rows, nulls, unparsed, unparsed_example from field_quality where run_id = $run order by file, field`,
      { run: runId },
    ),
    versions: await db.all(
      'select complaint_id, version_no, is_current, row_hash from complaint_versions order by all',
    ),
  };
}

describe('re-delivery of an identical file', () => {
  it.each([
    ['a file with updates and duplicates', FILE, false],
    ['a file with unparseable dates', BAD, true],
    ['a plain file', OTHER, false],
  ])('records what parsing would for %s, without parsing', async (_name, file, hasRejects) => {
    // The same two loads, once parsed twice, once with the second load skipped by its hash.
    const parsed = await warehouse();
    await load(parsed, [file], false);
    const p = await load(parsed, [file], false);

    const skipped = await warehouse();
    await load(skipped, [file], true);
    const s = await load(skipped, [file], true);
    expect(s.files[0].message).toMatch(/not parsed again/);
    expect(p.files[0].message ?? '').not.toMatch(/not parsed again/);

    const a = await recorded(parsed, p.runId);
    const b = await recorded(skipped, s.runId);
    expect(b).toEqual(a);
    expect(a.loads.length).toBe(1);
    expect(a.rejects.length > 0).toBe(hasRejects);
    expect(a.quality.length).toBeGreaterThan(0);
  });

  it('skips the identical re-run, and parses again once another file was loaded', async () => {
    const db = await warehouse();
    await load(db, [FILE], true);
    const again = await load(db, [FILE], true);
    expect(again.files[0].message).toMatch(/identical to .* not parsed again/);
    expect(again.files[0].rows_unchanged + again.files[0].rows_rejected).toBe(
      again.files[0].rows_read,
    );
    await load(db, [OTHER], true);
    const third = await load(db, [FILE], true);
    expect(third.files[0].message ?? '').not.toMatch(/not parsed again/);
  });
});
