// What the clustering step reads: the complaint source (which columns the warehouse has, and the
// queries over them) and the previously stored model (clusters, centroids, fit statistics).
import type { Db } from '../db.ts';
import { CATEGORY_KEY, type TermVector } from './match.ts';
import { intColumn, streamChunks, textColumn } from './store.ts';
import { prepareText, type PrepareResult } from '../text/prepare.ts';
import type { Tokenizer } from '../text/tokenize.ts';
import type { ClusterOptions } from './options.ts';

export interface PreviousModel {
  buildId: number;
  fitBuild: number;
  builtAt: string;
  docsAtFit: number;
  outlierShare: number;
  meanSimilarity: number;
  signature: string | null;
  /** Complaints in the fitted state (for the expected sizes of a warm fit). */
  docs: number;
  clusters: { id: number; label: string; complaints: number; vector: TermVector }[];
}

export async function columnsOf(db: Db, relation: string): Promise<Set<string>> {
  const rows = await db.all<{ c: string }>(
    `select lower(column_name) as c from information_schema.columns where table_name = $relation and table_schema = current_schema()`,
    { relation },
  );
  return new Set(rows.map((r) => r.c));
}

export const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;

export interface SourceQueries {
  /** (complaint_id, description) of the complaints to cluster. */
  text: string;
  /** (complaint_id, category) of the same complaints. */
  category: string;
  /** (complaint_id, description, category) in one query. */
  combined: string;
}

/**
 * The complaints to cluster. int_complaints_enriched keeps free text out (it stays in
 * stg_complaints), so by default the text comes from stg_complaints (valid complaints: status not
 * 'invalid', as is_valid in the enriched table) and the category from int_complaints_enriched —
 * two scans instead of a join of both on every night. A source relation that carries its own
 * description (evaluation sets, the bench's hold-out view) is used for both.
 */
export async function sourceQueries(db: Db, source: string): Promise<SourceQueries> {
  const cols = await columnsOf(db, source);
  if (!cols.has('complaint_id'))
    throw new Error(`clustering: ${source} has no complaint_id column (or does not exist)`);
  const category = cols.has('category') ? 'category' : 'cast(null as varchar) as category';
  const where = cols.has('is_valid') ? 'where is_valid is not false' : '';
  if (cols.has('description')) {
    return {
      text: `select cast(complaint_id as varchar) as complaint_id, description from ${quoteName(source)} ${where}`,
      category: `select cast(complaint_id as varchar) as complaint_id, ${category} from ${quoteName(source)} ${where}`,
      combined: `select cast(complaint_id as varchar) as complaint_id, description, ${category} from ${quoteName(source)} ${where}`,
    };
  }
  const stg = await columnsOf(db, 'stg_complaints');
  if (!stg.has('description'))
    throw new Error(`clustering: no description column in ${source} or stg_complaints`);
  const valid = stg.has('status') ? `where status is distinct from 'invalid'` : '';
  const text = `select cast(complaint_id as varchar) as complaint_id, description from stg_complaints ${valid}`;
  const cats = `select cast(complaint_id as varchar) as complaint_id, ${category} from ${quoteName(source)} ${where}`;
  return {
    text,
    category: cats,
    combined: `select t.complaint_id, t.description, c.category from (${text}) as t join (${cats}) as c on c.complaint_id = t.complaint_id`,
  };
}

export async function loadPrevious(db: Db): Promise<PreviousModel | null> {
  const b = await db.one<{
    build_id: number;
    fit_build: number;
    built_at: string;
    docs_at_fit: number;
    outlier_share: number;
    mean_similarity: number;
    signature: string | null;
  }>(
    `select b.build_id, b.fit_build, cast(f.built_at as varchar) as built_at, b.docs_at_fit, f.outlier_share, f.mean_similarity, f.signature
     from cluster_builds b join cluster_builds f on f.build_id = b.fit_build
     order by b.build_id desc limit 1`,
  );
  if (!b) return null;
  const labels = await db.all<{ cluster_id: number; label: string; complaints: number }>(
    'select cluster_id, label, complaints from cluster_labels where active order by cluster_id',
  );
  const docs = Number(await db.scalar('select count(*) from complaint_clusters'));
  if (labels.length === 0) return null;
  const vectors = new Map<number, TermVector>();
  await streamChunks(
    db,
    'select cluster_id, kind, term, weight from cluster_centroids order by cluster_id, weight desc, term',
    (chunk) => {
      const ids = intColumn(chunk, 0);
      const kinds = textColumn(chunk, 1);
      const terms = textColumn(chunk, 2);
      const w = chunk.getColumnVector(3);
      for (let r = 0; r < ids.length; r++) {
        let v = vectors.get(ids[r]);
        if (!v) vectors.set(ids[r], (v = new Map()));
        v.set(kinds[r] === 'category' ? CATEGORY_KEY + terms[r] : terms[r], Number(w.getItem(r)));
      }
    },
  );
  return {
    buildId: Number(b.build_id),
    fitBuild: Number(b.fit_build),
    builtAt: b.built_at,
    docsAtFit: Number(b.docs_at_fit),
    outlierShare: Number(b.outlier_share),
    meanSimilarity: Number(b.mean_similarity),
    signature: b.signature,
    docs,
    clusters: labels.map((l) => ({
      id: Number(l.cluster_id),
      label: l.label,
      complaints: Number(l.complaints),
      vector: vectors.get(Number(l.cluster_id)) ?? new Map(),
    })),
  };
}

/**
 * The source's texts tokenised into the text store: `full` for a cold or warm build (every
 * complaint), else only what changed since (a nightly assignment). One call for both runs.
 */
export function prepareSourceText(
  db: Db,
  source: SourceQueries,
  tokenizer: Tokenizer,
  opts: ClusterOptions,
  full: boolean,
  log: (msg: string) => void,
): Promise<PrepareResult> {
  return prepareText(db, {
    textSql: source.text,
    categorySql: source.category,
    combinedSql: source.combined,
    tokenizer,
    full,
    phrases: opts.phrases,
    phraseSample: opts.fitSample,
    seed: opts.seed,
    log,
  });
}
