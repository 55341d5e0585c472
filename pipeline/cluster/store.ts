// The tables of the text store and of the cluster model, and a fast appender for numeric rows.
//
// Text store (pipeline/text/prepare.ts writes it):
//   text_docs(doc_id, complaint_id, text_hash, signature)  one row per tokenised complaint
//   text_terms(term_id, term, kind)                                 term dictionary (kind word | phrase)
//   complaint_term_ids(doc_id, term_id, tf)                         the bag of terms, dictionary-encoded
//   complaint_terms  VIEW (complaint_id, term, tf)                  the readable form
// Why dictionary-encoded: a million complaints make ~25 million (complaint, term) rows; appending
// them with string values costs ~40 s on this machine, as integers ~4 s (docs/clustering.md).
//
// Cluster model (pipeline/cluster/model.ts writes it):
//   cluster_vocab(term_id, term, df, idf, weight)      vocabulary, idf and term weight of the current
//                                                      model (vectors use idf × weight; termWeights.ts)
//   cluster_centroids(cluster_id, kind, term, weight)  sparse centroids (kind term | category), term-keyed
//                                                      so that the next build can match clusters
//   cluster_labels(cluster_id, label, category, …)     one row per cluster ever made (active flag)
//   cluster_top_terms(cluster_id, rank, term, display, weight)   c-TF-IDF top terms
//   cluster_builds(build_id, …)                        one row per run: mode, reason, drift, sizes
//   complaint_clusters(complaint_id, cluster_id, distance, …)    cluster_id NULL = unassigned
import { DOUBLE, INTEGER, type DuckDBAppender, DuckDBDataChunk } from '@duckdb/node-api';
import type { Db } from '../db.ts';

export const TEXT_TABLES_DDL = `
create table if not exists text_docs (
  doc_id integer not null,
  complaint_id varchar not null,
  text_hash ubigint,
  signature varchar
);
create table if not exists text_terms (
  term_id integer not null,
  term varchar not null,
  kind varchar not null
);
create table if not exists complaint_term_ids (
  doc_id integer not null,
  term_id integer not null,
  tf integer not null
);
create or replace view complaint_terms as
select d.complaint_id, t.term, c.tf
from complaint_term_ids as c
join text_docs as d on d.doc_id = c.doc_id
join text_terms as t on t.term_id = c.term_id;
`;

export const CLUSTER_TABLES_DDL = `
create table if not exists cluster_vocab (
  term_id integer primary key,
  term varchar not null,
  df integer not null,
  idf double not null,
  weight double not null default 1
);
alter table cluster_vocab add column if not exists weight double default 1;
create table if not exists cluster_centroids (
  cluster_id integer not null,
  kind varchar not null,
  term varchar not null,
  weight double not null
);
create table if not exists cluster_labels (
  cluster_id integer primary key,
  label varchar not null,
  category varchar,
  category_share double,
  complaints bigint not null default 0,
  mean_similarity double,
  top_terms varchar[],
  representative_ids varchar[],
  active boolean not null,
  created_build integer not null,
  updated_build integer not null,
  retired_build integer,
  matched_similarity double,
  summary varchar
);
create table if not exists cluster_top_terms (
  cluster_id integer not null,
  rank integer not null,
  term varchar not null,
  display varchar not null,
  weight double not null,
  corpus_share double
);
create table if not exists cluster_builds (
  build_id integer primary key,
  built_at timestamp not null,
  mode varchar not null,
  reason varchar,
  docs bigint,
  new_docs bigint,
  fit_docs bigint,
  vocabulary integer,
  clusters integer,
  outlier_share double,
  mean_similarity double,
  new_outlier_share double,
  new_mean_similarity double,
  docs_at_fit bigint,
  fit_build integer,
  kept_ids integer,
  new_ids integer,
  retired_ids integer,
  seed integer,
  signature varchar,
  milliseconds double,
  timings json,
  described boolean,
  changes json
);
create table if not exists complaint_clusters (
  complaint_id varchar,
  cluster_id integer,
  distance double,
  assigned_build integer
);
`;

/** Layout version of the text store; a warehouse with another layout gets its (derived) text store rebuilt. */
export const TEXT_STORE_VERSION = 4;

/**
 * Creates every text and cluster table that is missing (idempotent). Cluster state is never
 * dropped; the text store is derived data and is recreated when its layout version differs.
 */
export async function ensureClusterTables(db: Db): Promise<void> {
  await db.run('create table if not exists text_store_version (version integer not null)');
  const version = await db.scalar<number>('select max(version) from text_store_version');
  const columns = await db.scalar<string>(
    `select string_agg(column_name, ',' order by ordinal_position) from information_schema.columns where table_name = 'text_docs' and table_schema = current_schema()`,
  );
  const stale =
    columns !== null &&
    columns !== undefined &&
    columns !== 'doc_id,complaint_id,text_hash,signature';
  if (
    stale ||
    version === null ||
    version === undefined ||
    Number(version) !== TEXT_STORE_VERSION
  ) {
    await db.run(
      'drop view if exists complaint_terms; drop table if exists complaint_term_ids; drop table if exists text_docs; drop table if exists text_terms',
    );
  }
  await db.run('delete from text_store_version');
  await db.run(`insert into text_store_version values (${TEXT_STORE_VERSION})`);
  await db.run(TEXT_TABLES_DDL);
  await db.run(CLUSTER_TABLES_DDL);
  // cluster_builds gained a column after the first version; add it rather than lose the history.
  await db.run('alter table cluster_builds add column if not exists described boolean');
  // Later still: what a rebuild changed, and each cluster's one-line summary.
  await db.run('alter table cluster_builds add column if not exists changes json');
  await db.run('alter table cluster_labels add column if not exists summary varchar');
}

export type NumericKind = 'int' | 'double';

/**
 * Appends rows of numbers through DuckDB data chunks, writing the typed arrays behind the vectors
 * directly: ~10x faster than value-by-value appending (no per-value N-API call).
 */
export class NumericAppender {
  private readonly appender: DuckDBAppender;
  private readonly chunk: DuckDBDataChunk;
  private readonly columns: (Int32Array | Float64Array)[];
  private readonly vectors: { flush(): void }[];
  private n = 0;
  private readonly size: number;
  rows = 0;

  private constructor(appender: DuckDBAppender, kinds: readonly NumericKind[]) {
    this.appender = appender;
    this.chunk = DuckDBDataChunk.create(kinds.map((k) => (k === 'int' ? INTEGER : DOUBLE)));
    this.size = 2048;
    this.chunk.rowCount = this.size;
    this.vectors = kinds.map(
      (_, i) => this.chunk.getColumnVector(i) as unknown as { flush(): void },
    );
    // The vectors keep their values in a typed array ("items"); writing it and flushing is the
    // documented write path (setItem does the same one value at a time).
    this.columns = this.vectors.map(
      (v) => (v as unknown as { items: Int32Array | Float64Array }).items,
    );
  }

  static async open(
    db: Db,
    table: string,
    kinds: readonly NumericKind[],
  ): Promise<NumericAppender> {
    return new NumericAppender(await db.conn.createAppender(table), kinds);
  }

  push(a: number, b: number, c?: number): void {
    const cols = this.columns;
    cols[0][this.n] = a;
    cols[1][this.n] = b;
    if (cols.length > 2) cols[2][this.n] = c ?? 0;
    this.n++;
    this.rows++;
    if (this.n === this.size) this.flush();
  }

  private flush(): void {
    if (this.n === 0) return;
    for (const v of this.vectors) v.flush();
    this.chunk.rowCount = this.n;
    this.appender.appendDataChunk(this.chunk);
    this.chunk.rowCount = this.size;
    this.n = 0;
  }

  close(): void {
    this.flush();
    this.appender.flushSync();
    this.appender.closeSync();
  }
}

/**
 * Runs a query and hands each result chunk to `onChunk` (rows are read from the vectors as they
 * are, without converting the whole result): bounded memory for any result size.
 */
export async function streamChunks(
  db: Db,
  sql: string,
  onChunk: (chunk: DuckDBDataChunk) => void | Promise<void>,
): Promise<number> {
  const result = await db.conn.stream(sql);
  let rows = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    rows += chunk.rowCount;
    await onChunk(chunk);
  }
  return rows;
}

/** The integer column `i` of a chunk as numbers (NULL → `nullValue`). */
export function intColumn(chunk: DuckDBDataChunk, i: number, nullValue = -1): Int32Array {
  const v = chunk.getColumnVector(i);
  const out = new Int32Array(chunk.rowCount);
  for (let r = 0; r < chunk.rowCount; r++) {
    const x = v.getItem(r);
    out[r] = x === null ? nullValue : Number(x);
  }
  return out;
}

/** The varchar column `i` of a chunk as strings (NULL → ''). */
export function textColumn(chunk: DuckDBDataChunk, i: number): string[] {
  const v = chunk.getColumnVector(i);
  const out: string[] = new Array(chunk.rowCount);
  for (let r = 0; r < chunk.rowCount; r++) {
    const x = v.getItem(r);
    out[r] = x === null ? '' : String(x);
  }
  return out;
}

/** Appends string/number rows value by value (for small tables: dictionaries, labels). */
export async function appendRows(
  db: Db,
  table: string,
  rows: readonly (readonly (string | number | null)[])[],
  kinds: readonly ('text' | 'int' | 'double')[],
): Promise<void> {
  const app = await db.conn.createAppender(table);
  for (const row of rows) {
    for (let i = 0; i < kinds.length; i++) {
      const v = row[i];
      if (v === null || v === undefined) app.appendNull();
      else if (kinds[i] === 'text') app.appendVarchar(String(v));
      else if (kinds[i] === 'int') app.appendInteger(Number(v));
      else app.appendDouble(Number(v));
    }
    app.endRow();
  }
  app.flushSync();
  app.closeSync();
}
