// The export-layout corpus (tests/fixtures/layouts, see its README): every file mapped exactly as
// expected.json specifies, through the path ingest takes — reader, header-row check, synonyms,
// content inference, hierarchy derivation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../pipeline/db.ts';
import { hasField } from '../../../pipeline/ingest/coverage.ts';
import { promoteHeaderRow } from '../../../pipeline/ingest/headerless.ts';
import { installNormalisers } from '../../../pipeline/ingest/normalise.ts';
import { readAny } from '../../../pipeline/ingest/read.ts';
import { resolveMapping } from '../../../pipeline/ingest/resolve.ts';

const DIR = join(import.meta.dirname, '../../fixtures/layouts');

interface Expected {
  source: string;
  headerless: boolean;
  columns: Record<string, string | null>;
  inferred: string[];
  derived: Record<string, string>;
}
const EXPECTED = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<
  string,
  Expected
>;

describe('export-layout corpus', () => {
  it('covers at least 15 layouts, Chinese and English, with and without a header row', () => {
    const files = Object.keys(EXPECTED);
    expect(files.length).toBeGreaterThanOrEqual(15);
    const headers = Object.values(EXPECTED).flatMap((e) => Object.keys(e.columns));
    expect(headers.some((h) => /\p{Script=Han}/u.test(h))).toBe(true);
    expect(headers.some((h) => /^[A-Za-z]/u.test(h))).toBe(true);
    expect(Object.values(EXPECTED).some((e) => e.headerless)).toBe(true);
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: ${expected.source}`, async () => {
      const db = await openDb(':memory:');
      try {
        await installNormalisers(db);
        const raw = await readAny(db, join(DIR, file), 'ingest_raw');
        expect(await promoteHeaderRow(db, 'ingest_raw', raw)).toBe(expected.headerless);
        const m = await resolveMapping(db, 'ingest_raw', raw.headers, undefined, true);
        expect(Object.fromEntries(m.decisions.map((d) => [d.header, d.field]))).toEqual(
          expected.columns,
        );
        expect(m.decisions.filter((d) => d.method === 'content').map((d) => d.header)).toEqual(
          expected.inferred,
        );
        expect(Object.fromEntries(Object.entries(m.derived).map(([f, d]) => [f, d.rule]))).toEqual(
          expected.derived,
        );
        // Every layout here has what the analyses need to start: an id, a date, a description.
        for (const f of ['complaint_id', 'received_at', 'description'] as const)
          expect(hasField(m, f), `${file}: ${f}`).toBe(true);
      } finally {
        db.close();
      }
    });
  }
});
