// The c-TF-IDF top terms SQL (describe.ts) on a tiny label sample: the boilerplate cut (vocabulary
// maxDfShare) and the cluster-spread rule that keeps narrative template words out of the labels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../pipeline/db.ts';
import {
  CTFIDF_SQL,
  MIN_LIFT,
  PROMINENT_SHARE,
  SPREAD_MIN,
  SPREAD_SHARE,
} from '../../../pipeline/cluster/describe.ts';

let db: Db;

// 6 clusters × 10 complaints. Every complaint repeats the template word `contact` three times (the
// NHTSA narrative form); cluster c has its own word w<c> in 3 of its complaints and once in every
// other cluster. Plain c-TF-IDF ranks `contact` first everywhere (30/38 · ln(1 + 38/180) ≈ 0.151 vs
// 3/38 · ln(1 + 38/8) ≈ 0.138); `contact` is typical of all 6 clusters (more than max(3, 0.2 · 6)),
// so the spread rule leaves it out and the cluster's own word leads.
beforeAll(async () => {
  db = await openDb(':memory:');
  const terms = ['contact', ...Array.from({ length: 6 }, (_, c) => `w${c}`)];
  await db.run('create table text_terms (term_id integer, term varchar, kind varchar)');
  await db.run(
    `insert into text_terms values ${terms.map((t, i) => `(${i}, '${t}', 'word')`).join(', ')}`,
  );
  await db.run('create table label_members (doc_id integer, cluster_id integer)');
  await db.run(
    'create table label_terms (cluster_id integer, doc_id integer, term_id integer, tf integer)',
  );
  const members: string[] = [];
  const rows: string[] = [];
  for (let c = 0; c < 6; c++) {
    for (let d = 0; d < 10; d++) {
      const doc = c * 10 + d;
      members.push(`(${doc}, ${c})`);
      rows.push(`(${c}, ${doc}, 0, 3)`);
      if (d < 3) rows.push(`(${c}, ${doc}, ${1 + c}, 1)`);
    }
    // one complaint of every other cluster uses this cluster's word too
    let o = 0;
    for (let other = 0; other < 6; other++) {
      if (other === c) continue;
      rows.push(`(${other}, ${other * 10 + 3 + o}, ${1 + c}, 1)`);
      o++;
    }
  }
  await db.run(`insert into label_members values ${members.join(', ')}`);
  await db.run(`insert into label_terms values ${rows.join(', ')}`);
});

afterAll(() => db.close());

// The corpus-level rule (COMMON_SHARE, MIN_LIFT) is switched off (common_share 2) to isolate the two
// rules under test: with it, every term here would count as corpus-level.
async function leads(params: {
  max_share: number;
  prominent: number;
  spread_min?: number;
}): Promise<string[]> {
  await db.run(CTFIDF_SQL, {
    top: 3,
    common_share: 2,
    min_lift: MIN_LIFT,
    spread_share: SPREAD_SHARE,
    spread_min: SPREAD_MIN,
    ...params,
  });
  return (
    await db.all<{ term: string }>(
      'select term from cluster_top_terms where rank = 1 order by cluster_id',
    )
  ).map((r) => r.term);
}

describe('c-TF-IDF top terms (describe.ts)', () => {
  it('without the spread rule, a template word in every complaint leads every cluster', async () => {
    // prominent > 1: no term is typical of any cluster (plain c-TF-IDF)
    expect(await leads({ max_share: 1, prominent: 1.01 })).toEqual(Array(6).fill('contact'));
  });

  it('the spread rule puts what distinguishes the cluster first', async () => {
    expect(await leads({ max_share: 1, prominent: PROMINENT_SHARE })).toEqual([
      'w0',
      'w1',
      'w2',
      'w3',
      'w4',
      'w5',
    ]);
    const contact = await db.all<{ n: number }>(
      `select count(*) as n from cluster_top_terms where term = 'contact'`,
    );
    expect(Number(contact[0].n)).toBe(0);
  });

  it('a term typical of at most max(spread_min, 20 % of clusters) stays', async () => {
    // spread_min 6: typical of 6 of 6 clusters is not more than 6
    expect(await leads({ max_share: 1, prominent: PROMINENT_SHARE, spread_min: 6 })).toEqual(
      Array(6).fill('contact'),
    );
  });

  it('a term in more than maxDfShare of the complaints is never a top term', async () => {
    await leads({ max_share: 0.3, prominent: PROMINENT_SHARE });
    const n = await db.all<{ n: number }>(
      `select count(*) as n from cluster_top_terms where term = 'contact'`,
    );
    expect(Number(n[0].n)).toBe(0);
  });
});
