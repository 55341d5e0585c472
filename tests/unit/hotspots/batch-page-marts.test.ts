// The batch page's marts, built from their SQL over fixture mart_batch_hotspots and mart_complaints
// tables (only the columns they read): mart_batch_cause_mix (the batch's top causes against the
// product's other batches, the rest as 'other') and mart_batch_weekly (zero-filled weekly
// complaints from the batch's start to the data end). The mix's rules were those of the page's
// former TypeScript mixVsBaseline; its cases are kept here.
import { afterEach, describe, expect, it } from 'vitest';
import { martRow } from '../../../pipeline/contract/marts.ts';
import { openDb, type Db } from '../../../pipeline/db.ts';
import { buildModelFiles, runMacros } from '../../helpers/modelSql.ts';

let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

interface Batch {
  product: string;
  batch: string;
  production_date?: string | null;
  as_of_date?: string | null;
}

/** Complaints as [batch, cluster_id, count] of product P (cluster null: no cluster took them). */
type Counts = ReadonlyArray<readonly [string, number | null, number]>;

async function warehouse(
  batches: readonly Batch[],
  complaints: ReadonlyArray<{
    product: string;
    batch: string | null;
    cluster_id: number | null;
    received_at?: string;
  }>,
): Promise<Db> {
  const d = await openDb(':memory:', { threads: 1 });
  await runMacros(d, ['mode']);
  await d.run(`create table mart_batch_hotspots (product varchar, batch varchar,
    production_date date, as_of_date date)`);
  await d.run(`create table mart_complaints (complaint_id varchar, product varchar, batch varchar,
    cluster_id integer, cluster_label varchar, received_at timestamp)`);
  for (const b of batches) {
    await d.run(
      'insert into mart_batch_hotspots values ($p, $b, cast($d as date), cast($e as date))',
      {
        p: b.product,
        b: b.batch,
        d: b.production_date ?? null,
        e: b.as_of_date === undefined ? '2025-10-30' : b.as_of_date,
      },
    );
  }
  let id = 0;
  for (const c of complaints) {
    await d.run(
      `insert into mart_complaints values ($id, $p, $b, $k,
         case when $k is not null then 'cause ' || $k end, cast($t as timestamp))`,
      {
        id: `c${id++}`,
        p: c.product,
        b: c.batch,
        k: c.cluster_id,
        t: c.received_at ?? '2025-09-01 10:00:00',
      },
    );
  }
  await buildModelFiles(d, ['marts/mart_batch_weekly', 'marts/mart_batch_cause_mix']);
  return d;
}

function expand(counts: Counts, product = 'P') {
  return counts.flatMap(([batch, cluster_id, n]) =>
    Array.from({ length: n }, () => ({ product, batch, cluster_id })),
  );
}

async function mix(d: Db, batch: string, product = 'P') {
  return (
    await d.all(
      'select * from mart_batch_cause_mix where product = $p and batch = $b order by mix_rank',
      {
        p: product,
        b: batch,
      },
    )
  ).map((json) => martRow('mart_batch_cause_mix', json));
}

describe('mart_batch_cause_mix', () => {
  // B's causes against the product's other batches (O): 1 is 8 vs 2, 2 is 4 vs 18, 3 only in the
  // baseline (0 vs 30), 4 only in the batch (1 vs 0)
  const counts: Counts = [
    ['B', 1, 8],
    ['O', 1, 2],
    ['B', 2, 4],
    ['O', 2, 18],
    ['O', 3, 30],
    ['B', 4, 1],
  ];

  it('names the batch’s causes with both shares and sums the causes it does not have as other', async () => {
    db = await warehouse(
      [
        { product: 'P', batch: 'B' },
        { product: 'P', batch: 'O' },
      ],
      expand(counts),
    );
    const rows = await mix(db, 'B');
    expect(
      rows.map((r) => [
        r.mix_rank,
        r.cluster_id,
        r.is_other,
        r.batch_complaints,
        r.baseline_complaints,
      ]),
    ).toEqual([
      [1, '1', false, 8, 2],
      [2, '2', false, 4, 18],
      [3, '4', false, 1, 0],
      [4, null, true, 0, 30],
    ]);
    expect(rows[0].cluster_label).toBe('cause 1');
    expect(rows[0].batch_share).toBeCloseTo(8 / 13, 12);
    expect(rows[0].baseline_share).toBeCloseTo(2 / 50, 12);
    expect(rows.at(-1)!.batch_share).toBe(0);
    expect(rows.reduce((s, r) => s + r.batch_share!, 0)).toBeCloseTo(1, 12);
    expect(rows.reduce((s, r) => s + r.baseline_share!, 0)).toBeCloseTo(1, 12);
    expect(rows.every((r) => r.batch_total === 13 && r.baseline_total === 50)).toBe(true);
  });

  it('names at most six causes, sums the rest as other and needs no other when all fit', async () => {
    // B has eight causes (8 … 1 complaints); O has a ninth
    const many: Counts = [
      ...Array.from({ length: 8 }, (_, i) => ['B', i + 1, 8 - i] as const),
      ['O', 9, 5],
    ];
    db = await warehouse(
      [
        { product: 'P', batch: 'B' },
        { product: 'P', batch: 'O' },
      ],
      expand(many),
    );
    const rows = await mix(db, 'B');
    expect(rows.map((r) => [r.cluster_id, r.batch_complaints, r.baseline_complaints])).toEqual([
      ['1', 8, 0],
      ['2', 7, 0],
      ['3', 6, 0],
      ['4', 5, 0],
      ['5', 4, 0],
      ['6', 3, 0],
      [null, 3, 5],
    ]);
    expect(rows.at(-1)!.is_other).toBe(true);
    // O's one cause fits: no other row; B's causes are all baseline-only for O, summed as other
    expect((await mix(db, 'O')).map((r) => [r.cluster_id, r.is_other, r.batch_complaints])).toEqual(
      [
        ['9', false, 5],
        [null, true, 0],
      ],
    );
  });

  it('breaks ties by baseline count, then cluster id in numeric order with the unassigned first', async () => {
    db = await warehouse(
      [
        { product: 'P', batch: 'B' },
        { product: 'P', batch: 'O' },
      ],
      expand([
        ['B', 10, 2],
        ['B', 2, 2],
        ['B', null, 2],
        ['B', 7, 2],
        ['O', 7, 1],
      ]),
    );
    expect((await mix(db, 'B')).map((r) => [r.cluster_id, r.is_other])).toEqual([
      ['7', false],
      [null, false],
      ['2', false],
      ['10', false],
    ]);
  });

  it('handles an empty batch or baseline without dividing by zero, and a product without complaints', async () => {
    db = await warehouse(
      [
        { product: 'P', batch: 'ONLY' },
        { product: 'Q', batch: 'Q1' },
        { product: 'Q', batch: 'Q2-NONE' },
        { product: 'R', batch: 'R1' },
      ],
      [
        ...expand([['ONLY', 1, 3]]),
        ...expand([['Q1', 1, 2]], 'Q'),
        // no batch: outside every mix
        { product: 'P', batch: null, cluster_id: 2 },
      ],
    );
    expect(
      (await mix(db, 'ONLY')).map((r) => [
        r.cluster_id,
        r.is_other,
        r.batch_share,
        r.baseline_share,
      ]),
    ).toEqual([['1', false, 1, 0]]);
    // a batch without complaints (known from the volumes file): everything is other, share 0
    expect(
      (await mix(db, 'Q2-NONE', 'Q')).map((r) => [
        r.is_other,
        r.batch_complaints,
        r.baseline_complaints,
        r.batch_share,
        r.baseline_share,
      ]),
    ).toEqual([[true, 0, 2, 0, 1]]);
    expect(await mix(db, 'R1', 'R')).toEqual([]);
  });
});

describe('mart_batch_weekly', () => {
  async function weeks(d: Db, batch: string) {
    return (
      await d.all('select * from mart_batch_weekly where batch = $b order by week_start', {
        b: batch,
      })
    ).map((json) => martRow('mart_batch_weekly', json));
  }

  it('zero-fills Monday weeks from the production week to the data end', async () => {
    db = await warehouse(
      [
        // produced on a Wednesday; data end 2025-10-30 (a Thursday)
        { product: 'P', batch: 'B', production_date: '2025-07-02' },
        // a complaint before the (late-recorded) production date starts the timeline
        { product: 'P', batch: 'EARLY', production_date: '2025-10-01' },
        // neither a production date nor a complaint: no timeline
        { product: 'P', batch: 'NONE', production_date: null },
        // no complaint: zero weeks from production
        { product: 'P', batch: 'QUIET', production_date: '2025-10-14' },
      ],
      [
        { product: 'P', batch: 'B', cluster_id: 1, received_at: '2025-07-10 09:00:00' },
        { product: 'P', batch: 'B', cluster_id: 1, received_at: '2025-07-13 23:59:00' },
        { product: 'P', batch: 'B', cluster_id: 1, received_at: '2025-10-29 09:00:00' },
        // after the data end: not on the timeline
        { product: 'P', batch: 'B', cluster_id: 1, received_at: '2025-11-04 09:00:00' },
        // the same batch code of another product
        { product: 'Q', batch: 'B', cluster_id: 1, received_at: '2025-08-04 09:00:00' },
        { product: 'P', batch: 'EARLY', cluster_id: 1, received_at: '2025-09-16 09:00:00' },
      ],
    );
    const b = await weeks(db, 'B');
    expect(b[0]).toMatchObject({ week_start: '2025-06-30', week_end: '2025-07-06', complaints: 0 });
    expect(b[1]).toMatchObject({ week_start: '2025-07-07', complaints: 2, is_complete: true });
    expect(b.at(-1)).toMatchObject({
      week_start: '2025-10-27',
      week_end: '2025-11-02',
      complaints: 1,
      is_complete: false,
    });
    expect(b).toHaveLength(18);
    expect(b.filter((w) => w.product === 'P').reduce((s, w) => s + w.complaints!, 0)).toBe(3);
    expect(b.every((w) => w.product === 'P')).toBe(true);
    expect((await weeks(db, 'EARLY'))[0]).toMatchObject({
      week_start: '2025-09-15',
      complaints: 1,
    });
    expect(await weeks(db, 'NONE')).toEqual([]);
    expect((await weeks(db, 'QUIET')).map((w) => [w.week_start, w.complaints])).toEqual([
      ['2025-10-13', 0],
      ['2025-10-20', 0],
      ['2025-10-27', 0],
    ]);
  });
});
