// The one Pareto rule (sql/macros/pareto.sql) that the root-cause mart, the dashboard under filters
// and the report all select from.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../pipeline/db.ts';

let db: Db;
beforeAll(async () => {
  db = await openDb(':memory:');
  await db.run(readFileSync(new URL('../../../sql/macros/pareto.sql', import.meta.url), 'utf8'));
});
afterAll(() => db.close());

async function pareto(counts: [number, number][]) {
  const values = counts.map(([id, n]) => `(${id}, ${n})`).join(', ');
  const rows = await db.all<Record<string, unknown>>(
    `with counts as (select * from (values ${values || '(0, 0)'}) t(cluster_id, complaints)
                     where ${values ? 'true' : 'false'})
     select cluster_id, rank, share, cumulative_share, is_vital_few from pareto(counts) order by rank`,
  );
  return rows.map((r) => [r.cluster_id, r.rank, r.share, r.cumulative_share, r.is_vital_few]);
}

describe('pareto()', () => {
  it('ranks by count, ties by cluster id, with shares and the vital few (crossing 80 % included)', async () => {
    expect(
      await pareto([
        [3, 10],
        [1, 50],
        [10, 25],
        [2, 15],
      ]),
    ).toEqual([
      [1, 1, 0.5, 0.5, true],
      [10, 2, 0.25, 0.75, true],
      [2, 3, 0.15, 0.9, true],
      [3, 4, 0.1, 1, false],
    ]);
    expect(
      (
        await pareto([
          [10, 5],
          [2, 5],
        ])
      ).map((r) => r[0]),
    ).toEqual([2, 10]);
  });

  it('a cause reaching exactly 80 % ends the vital few; nothing gives nothing', async () => {
    expect(
      (
        await pareto([
          [1, 50],
          [2, 30],
          [3, 20],
        ])
      ).map((r) => r[4]),
    ).toEqual([true, true, false]);
    expect(await pareto([])).toEqual([]);
  });
});
