// What a cluster is about, recomputed after every run (full or nightly) from complaint_clusters and
// the text store: size, dominant taxonomy category, c-TF-IDF top terms (SQL), three representative
// complaints (nearest to the centroid, distinct texts). Labels are built from the top terms only
// for clusters that do not have one yet: a matched cluster keeps its label (model.ts).
//
// Top terms and representatives are computed on the label sample — complaints whose hash of
// complaint_id falls below `rate` — so that their cost does not grow with the warehouse (a cluster's
// word distribution is estimated well from thousands of its complaints; at 1M complaints the full
// join of 25M term rows took ~10 s, the 100k sample ~1 s). Sizes and categories use every complaint.
import type { Db } from '../db.ts';
import { CATEGORIES } from '../taxonomy/lexicon.ts';

export interface ClusterFacts {
  clusterId: number;
  complaints: number;
  meanSimilarity: number;
  category: string | null;
  categoryShare: number | null;
}

/** A term in at least this share of the sampled complaints… */
export const COMMON_SHARE = 0.03;
/** …is corpus-level for a cluster where it is less than this many times as frequent as overall. */
export const MIN_LIFT = 3;

/**
 * A term is typical of a cluster when at least this share of the cluster's complaints contain it.
 * A term typical of more than SPREAD_SHARE of the clusters (and of more than SPREAD_MIN) is the
 * form of the narratives, not a cause, and never makes the top terms: the NHTSA template "the contact
 * stated … failure mileage … manufacturer" is in 22–26 % of the vehicle narratives and typical of
 * 15 of 47 clusters; `latch`, shared by the door-latch clusters, of 7.
 */
export const PROMINENT_SHARE = 0.5;
export const SPREAD_SHARE = 0.2;
export const SPREAD_MIN = 3;

/** Buckets of the label-sample hash; a complaint is in the sample when hash % BUCKETS < cut. */
const BUCKETS = 1000003;

/** The label sample's members and their term rows, read once for top terms and representatives. */
const LABEL_SAMPLE_SQL = `
create or replace temp table label_members as
    select d.doc_id, d.text_hash, cc.complaint_id, cc.cluster_id, cc.distance
    from complaint_clusters as cc
    join text_docs as d on d.complaint_id = cc.complaint_id
    where cc.cluster_id is not null and hash(cc.complaint_id) % ${BUCKETS} < $cut;
create or replace temp table label_terms as
    select m.cluster_id, c.doc_id, c.term_id, c.tf
    from complaint_term_ids as c
    join label_members as m on m.doc_id = c.doc_id`;

/**
 * c-TF-IDF of every (cluster, term) — words and phrases — keeping the top `top` terms per cluster
 * with at least 2 occurrences in it. Chinese phrases are displayed without the separator
 * (压缩机 噪音 → 压缩机噪音), English ones with it.
 *
 * Corpus-level words never make a cluster's top terms (and so never its label): a term in at least
 * `common_share` of the sampled complaints whose share inside the cluster is less than `min_lift`
 * times that is what every complaint says (the brand, 京东, car, vehicle, 快递 in a delivery-only
 * export) — c-TF-IDF alone still ranks such a word first when the cluster uses it a lot, which gave
 * labels like "ford · car · glass". A frequent word that is concentrated in the cluster (酒店 in the
 * hotel cluster: lift ≈ 6) stays.
 *
 * Two more rules make the terms say what distinguishes the cluster (issue 15):
 * - a term in more than `max_share` of the sampled complaints (the vocabulary's maxDfShare, the same
 *   boilerplate rule the clustering features use) is never a top term;
 * - cluster spread: a term typical (in ≥ `prominent` of the complaints) of more than
 *   max(`spread_min`, `spread_share` · K) of the K clusters is not a top term either: c-TF-IDF's idf
 *   counts how often a term is used overall, not how many clusters it is typical of, and the lift rule
 *   above compares with the whole corpus, so template words shared by fifteen template-narrative
 *   clusters (lift ≈ 4 in each) still led their labels (`abnormal · contact stated · failure`).
 */
export const CTFIDF_SQL = `
create or replace table cluster_top_terms as
with term_counts as (
    select cluster_id, term_id, sum(tf) as tf, count(*) as docs
    from label_terms
    group by cluster_id, term_id
),
cluster_sizes as (
    select cluster_id, sum(tf) as n from term_counts group by cluster_id
),
cluster_docs as (
    select cluster_id, count(*) as docs from label_members group by cluster_id
),
all_docs as (
    select count(*) as docs from label_members
),
term_totals as (
    select term_id, sum(tf) as f, sum(docs) as docs from term_counts group by term_id
),
average_size as (
    select avg(n) as a from cluster_sizes
),
cluster_count as (
    select count(*) as k from cluster_docs
),
too_spread as (
    -- terms typical of too many clusters to say what any of them is about
    select tc.term_id
    from term_counts as tc
    join cluster_docs as cd on cd.cluster_id = tc.cluster_id
    cross join cluster_count as k
    where tc.docs >= $prominent * cd.docs
    group by tc.term_id, k.k
    having count(*) > greatest($spread_min, $spread_share * k.k)
),
common as (
    -- corpus-level terms per cluster: frequent everywhere and not concentrated in this cluster
    select tc.cluster_id, tc.term_id
    from term_counts as tc
    join term_totals as tt on tt.term_id = tc.term_id
    join cluster_docs as cd on cd.cluster_id = tc.cluster_id
    cross join all_docs as ad
    where tt.docs >= $common_share * ad.docs
      and tc.docs / cd.docs < $min_lift * tt.docs / ad.docs
),
scored as (
    select
        tc.cluster_id,
        t.term,
        (tc.tf / cs.n) * ln(1 + a.a / tt.f) as weight,
        tt.docs / ad.docs as corpus_share
    from term_counts as tc
    join cluster_sizes as cs on cs.cluster_id = tc.cluster_id
    join term_totals as tt on tt.term_id = tc.term_id
    join text_terms as t on t.term_id = tc.term_id
    cross join average_size as a
    cross join all_docs as ad
    anti join too_spread as ts on ts.term_id = tc.term_id
    anti join common as c on c.cluster_id = tc.cluster_id and c.term_id = tc.term_id
    where tc.tf >= 2 and tt.docs <= $max_share * ad.docs
),
ranked as (
    select *, row_number() over (partition by cluster_id order by weight desc, term) as rank
    from scored
)
select
    cast(cluster_id as integer) as cluster_id,
    cast(rank as integer) as rank,
    term,
    regexp_replace(term, '(\\p{Han}) (\\p{Han})', '\\1\\2', 'g') as display,
    weight,
    corpus_share
from ranked
where rank <= $top
order by cluster_id, rank`;

/**
 * The `n` sampled complaints nearest to each centroid, one per distinct bag of words: texts that
 * differ only in stop words, sentiment or numbers ("…在家白等了一天。非常失望！" and "…非常气愤。")
 * count as one, so the three examples show three different ways the cause is described.
 */
const REPRESENTATIVES_SQL = `
create or replace temp table cluster_representatives as
with bags as (
    select l.doc_id, hash(string_agg(cast(l.term_id as varchar), ',' order by l.term_id)) as bag
    from label_terms as l
    join text_terms as t on t.term_id = l.term_id and t.kind = 'word'
    group by l.doc_id
),
distinct_members as (
    select m.*
    from label_members as m
    left join bags as b on b.doc_id = m.doc_id
    qualify row_number() over (partition by m.cluster_id, coalesce(b.bag, m.text_hash) order by m.distance, m.complaint_id) = 1
),
ranked as (
    select *, row_number() over (partition by cluster_id order by distance, complaint_id) as rank
    from distinct_members
)
select cast(cluster_id as integer) as cluster_id, list(complaint_id order by rank) as ids
from ranked
where rank <= $n
group by cluster_id`;

/** The sample cut for a label sample of about `sample` complaints. */
export async function labelSampleCut(db: Db, sample: number): Promise<number> {
  const n = Number(
    await db.scalar('select count(*) from complaint_clusters where cluster_id is not null'),
  );
  return n <= sample ? BUCKETS : Math.ceil((sample / n) * BUCKETS);
}

/**
 * Writes cluster_top_terms and the temp table cluster_representatives(cluster_id, ids) and returns
 * the size, similarity and dominant category of every cluster.
 */
export async function describeClusters(
  db: Db,
  categorySql: string,
  labelSample: number,
  maxShare = 1,
  top = 10,
  representatives = 3,
): Promise<Map<number, ClusterFacts>> {
  const cut = await labelSampleCut(db, labelSample);
  const [members, terms] = LABEL_SAMPLE_SQL.split(';');
  await db.run(members, { cut });
  await db.run(terms);
  await db.run(CTFIDF_SQL, {
    top,
    common_share: COMMON_SHARE,
    min_lift: MIN_LIFT,
    max_share: maxShare,
    prominent: PROMINENT_SHARE,
    spread_share: SPREAD_SHARE,
    spread_min: SPREAD_MIN,
  });
  await db.run(REPRESENTATIVES_SQL, { n: representatives });
  const facts = new Map<number, ClusterFacts>();
  const rows = await db.all<{
    cluster_id: number;
    category: string | null;
    n: number;
    sim: number;
  }>(
    `select cc.cluster_id, c.category, count(*) as n, sum(1 - cc.distance) as sim
     from complaint_clusters as cc left join (${categorySql}) as c on c.complaint_id = cc.complaint_id
     where cc.cluster_id is not null
     group by all`,
  );
  const byCluster = new Map<number, { category: string | null; n: number; sim: number }[]>();
  for (const r of rows) {
    const id = Number(r.cluster_id);
    const list = byCluster.get(id) ?? [];
    list.push({ category: r.category, n: Number(r.n), sim: Number(r.sim) });
    byCluster.set(id, list);
  }
  const priority = (c: string | null) => {
    const i = c === null ? -1 : (CATEGORIES as readonly string[]).indexOf(c);
    return i < 0 ? CATEGORIES.length : i;
  };
  for (const [id, list] of byCluster) {
    const complaints = list.reduce((s, x) => s + x.n, 0);
    const sim = list.reduce((s, x) => s + x.sim, 0);
    // Dominant category; ties go to the taxonomy's priority order (safety-relevant first).
    const named = list
      .filter((x) => x.category !== null)
      .sort((a, b) => b.n - a.n || priority(a.category) - priority(b.category));
    facts.set(id, {
      clusterId: id,
      complaints,
      meanSimilarity: complaints > 0 ? sim / complaints : 0,
      category: named[0]?.category ?? null,
      categoryShare: named[0] ? named[0].n / complaints : null,
    });
  }
  await db.run('drop table if exists label_members; drop table if exists label_terms');
  return facts;
}

/** Ranked c-TF-IDF terms of every cluster (from cluster_top_terms), with their corpus share. */
export async function topTerms(
  db: Db,
): Promise<Map<number, { term: string; weight: number; corpusShare: number }[]>> {
  const out = new Map<number, { term: string; weight: number; corpusShare: number }[]>();
  for (const t of await db.all<{
    cluster_id: number;
    term: string;
    weight: number;
    corpus_share: number;
  }>(
    'select cluster_id, term, weight, corpus_share from cluster_top_terms order by cluster_id, rank',
  )) {
    const id = Number(t.cluster_id);
    const list = out.get(id) ?? [];
    list.push({ term: t.term, weight: Number(t.weight), corpusShare: Number(t.corpus_share) });
    out.set(id, list);
  }
  return out;
}
