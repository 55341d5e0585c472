// The committed fixture files must be exactly what tests/fixtures/make-fixtures.ts generates, so
// that README.md's expected outcomes, the generator and the files cannot drift apart.
import { describe, expect, it } from 'vitest';
import { checkFixtures } from '../../fixtures/make-fixtures.ts';

describe('fixture corpus', () => {
  it('matches make-fixtures.ts byte for byte (parquet: row for row)', async () => {
    expect(await checkFixtures()).toEqual([]);
  });
});
