// Text preparation, streamed: complaints are read from DuckDB chunk by chunk, tokenised, and their
// bags of terms written back with an appender into the text store (pipeline/cluster/store.ts).
//
// Two modes:
// - full: every complaint is (re)tokenised, phrases are re-selected (on the hash sample), the term
//   dictionary is rebuilt. Run on the first build, when the tokeniser settings change, and on a
//   full cluster rebuild.
// - incremental (nightly): only complaints that are new or whose description changed (its hash
//   differs from text_docs.text_hash) are tokenised, with the stored dictionary and phrases;
//   complaints that left the source are removed. For the others only key and hash are computed
//   (DuckDB's 64-bit hash(): md5 cost 3 s per million descriptions, hash() 0.3 s; if a DuckDB
//   upgrade changes hash(), every complaint is simply re-tokenised once).
// The tokens of the processed complaints are returned in memory (TokenStore) with their complaint
// ids and categories, so that the caller can build vectors without reading anything back. The temp
// table text_changed(complaint_id) lists every complaint added, changed or removed by an
// incremental run (a full run replaces everything).
import type { Db } from '../db.ts';
import {
  NumericAppender,
  appendRows,
  intColumn,
  streamChunks,
  textColumn,
} from '../cluster/store.ts';
import { unitHash } from '../cluster/random.ts';
import { Stopwatch } from '../cluster/stopwatch.ts';
import { pairKey, selectPhrases, type PhraseOptions } from './phrases.ts';
import { PHRASE_SEPARATOR, displayTerm, type Tokenizer } from './tokenize.ts';
import { TermDictionary, TokenStore } from './tokenStore.ts';

export interface PrepareOptions {
  /** A query returning (complaint_id, description): the complaints to cluster. */
  textSql: string;
  /** A query returning (complaint_id, category). */
  categorySql: string;
  /** A query returning (complaint_id, description, category) in one pass (full mode). */
  combinedSql: string;
  tokenizer: Tokenizer;
  full: boolean;
  phrases: PhraseOptions;
  /** Documents used to select phrases (hash sample). */
  phraseSample: number;
  seed: number;
  log?: (m: string) => void;
}

export interface PrepareResult {
  mode: 'full' | 'incremental';
  /** Documents in the store after this run. */
  docs: number;
  processed: number;
  removed: number;
  store: TokenStore;
  /** complaint_id and category of each store position. */
  complaintIds: string[];
  categories: (string | null)[];
  dict: TermDictionary;
  phrases: number;
  /** Processed documents with at least one word. */
  docsWithWords: number;
  timings: Record<string, number>;
}

const HASH = `hash(coalesce(description, ''))`;

export async function prepareText(db: Db, opts: PrepareOptions): Promise<PrepareResult> {
  const timings: Record<string, number> = {};
  const sw = new Stopwatch(timings);
  const sig = opts.tokenizer.signature;
  let removed = 0;
  let dict: TermDictionary;
  let todoSql: string;
  if (opts.full) {
    await db.run('delete from complaint_term_ids');
    await db.run('delete from text_terms');
    await db.run('delete from text_docs');
    // doc_id is arbitrary (no sort: sorting a million rows with their text by complaint_id cost
    // ~5 s); everything downstream that needs an order sorts by complaint_id itself.
    await db.run(
      `create or replace temp table text_todo as
       select cast(row_number() over () - 1 as integer) as doc_id, complaint_id, description, category, ${HASH} as text_hash
       from (${opts.combinedSql}) where complaint_id is not null`,
    );
    await db.run(
      `insert into text_docs select doc_id, complaint_id, text_hash, $sig from text_todo`,
      { sig },
    );
    todoSql = 'select doc_id, complaint_id, description, category from text_todo';
    dict = new TermDictionary();
  } else {
    await db.run(
      `create or replace temp table text_keys as select complaint_id, ${HASH} as text_hash from (${opts.textSql}) where complaint_id is not null`,
    );
    // Changed or removed complaints leave the store; new and changed ones are (re)inserted.
    await db.run(`create or replace temp table text_gone as
      select d.doc_id, d.complaint_id from text_docs d left join text_keys k using (complaint_id)
      where k.complaint_id is null or k.text_hash is distinct from d.text_hash`);
    removed = Number(await db.scalar('select count(*) from text_gone'));
    if (removed > 0) {
      await db.run('delete from complaint_term_ids where doc_id in (select doc_id from text_gone)');
      await db.run('delete from text_docs where doc_id in (select doc_id from text_gone)');
    }
    await db.run(`create or replace temp table text_todo as
      with fresh as (
        select k.complaint_id, k.text_hash from text_keys k anti join text_docs d using (complaint_id)
      ),
      base as (select coalesce(max(doc_id), -1) as m from text_docs)
      select cast(base.m + row_number() over (order by fresh.complaint_id) as integer) as doc_id, fresh.complaint_id, fresh.text_hash
      from fresh cross join base`);
    await db.run(
      `insert into text_docs select doc_id, complaint_id, text_hash, $sig from text_todo`,
      { sig },
    );
    await db.run(
      'create or replace temp table text_changed as select complaint_id from text_gone union select complaint_id from text_todo',
    );
    todoSql = `select t.doc_id, t.complaint_id, s.description, c.category
      from text_todo as t
      join (${opts.textSql}) as s on s.complaint_id = t.complaint_id
      left join (${opts.categorySql}) as c on c.complaint_id = t.complaint_id
      order by t.doc_id`;
    dict = await loadDictionary(db);
  }
  sw.lap('select');

  // Tokenise the documents to do.
  sw.reset();
  const store = new TokenStore();
  const complaintIds: string[] = [];
  const categories: (string | null)[] = [];
  const tokenizer = opts.tokenizer;
  await streamChunks(db, todoSql, (chunk) => {
    const ids = intColumn(chunk, 0);
    const cids = textColumn(chunk, 1);
    const texts = textColumn(chunk, 2);
    const cats = chunk.getColumnVector(3);
    for (let r = 0; r < ids.length; r++) {
      const clauses = tokenizer.tokenize(texts[r]).map((c) => c.map((w) => dict.word(w)));
      store.add(ids[r], clauses);
      complaintIds.push(cids[r]);
      const c = cats.getItem(r);
      categories.push(c === null ? null : String(c));
    }
  });
  sw.lap('tokenize');

  // Phrases: selected on a hash sample in a full run, reused from the dictionary otherwise.
  sw.reset();
  if (opts.full) {
    const rate = Math.min(1, opts.phraseSample / Math.max(1, store.size));
    const sample: number[] = [];
    for (let p = 0; p < store.size; p++)
      if (rate >= 1 || unitHash(complaintIds[p], opts.seed) < rate) sample.push(p);
    for (const ph of selectPhrases(store, sample, opts.phrases)) {
      const term = dict.terms[ph.a] + PHRASE_SEPARATOR + dict.terms[ph.b];
      // Two single characters (出 + 风, 钱 + 搬) make a fragment, not a phrase.
      if (displayTerm(term).length < 3) continue;
      dict.addPhrase(pairKey(ph.a, ph.b), term);
    }
  }
  sw.lap('phrases');

  // Bags of terms → complaint_term_ids.
  sw.reset();
  const app = await NumericAppender.open(db, 'complaint_term_ids', ['int', 'int', 'int']);
  const bag = new Map<number, number>();
  let docsWithWords = 0;
  for (let p = 0; p < store.size; p++) {
    bag.clear();
    let prev = -1;
    for (let i = store.start(p); i < store.end(p); i++) {
      const w = store.tokens[i];
      if (w < 0) {
        prev = -1;
        continue;
      }
      bag.set(w, (bag.get(w) ?? 0) + 1);
      if (prev >= 0) {
        const ph = dict.phrases.get(pairKey(prev, w));
        if (ph !== undefined) bag.set(ph, (bag.get(ph) ?? 0) + 1);
      }
      prev = w;
    }
    if (bag.size > 0) docsWithWords++;
    const doc = store.docId(p);
    for (const [term, tf] of bag) app.push(doc, term, tf);
  }
  app.close();
  sw.lap('write');

  sw.reset();
  const fresh: (string | number)[][] = [];
  for (let id = dict.stored; id < dict.terms.length; id++)
    fresh.push([id, dict.terms[id], dict.kinds[id]]);
  await appendRows(db, 'text_terms', fresh, ['int', 'text', 'text']);
  dict.stored = dict.terms.length;
  sw.lap('dictionary');

  const docs = Number(await db.scalar('select count(*) from text_docs'));
  await db.run(
    'drop table if exists text_todo; drop table if exists text_gone; drop table if exists text_keys',
  );
  opts.log?.(
    `text: ${opts.full ? 'full' : 'incremental'} — ${store.size} tokenised, ${removed} removed, ${docs} in store, ${dict.terms.length} terms (${dict.phrases.size} phrases) ${JSON.stringify(timings)}`,
  );
  return {
    mode: opts.full ? 'full' : 'incremental',
    docs,
    processed: store.size,
    removed,
    store,
    complaintIds,
    categories,
    dict,
    phrases: dict.phrases.size,
    docsWithWords,
    timings,
  };
}

/** The stored dictionary, with the phrase pairs rebuilt from the phrase terms. */
export async function loadDictionary(db: Db): Promise<TermDictionary> {
  const dict = new TermDictionary();
  const rows: { id: number; term: string; kind: string }[] = [];
  await streamChunks(db, 'select term_id, term, kind from text_terms order by term_id', (chunk) => {
    const ids = intColumn(chunk, 0);
    const terms = textColumn(chunk, 1);
    const kinds = textColumn(chunk, 2);
    for (let r = 0; r < ids.length; r++) rows.push({ id: ids[r], term: terms[r], kind: kinds[r] });
  });
  for (const r of rows) {
    if (r.id !== dict.terms.length)
      throw new Error(`text_terms ids are not dense at ${r.id}; a full text rebuild is needed`);
    dict.terms.push(r.term);
    dict.kinds.push(r.kind === 'phrase' ? 'phrase' : 'word');
    dict.ids.set(r.term, r.id);
  }
  for (const r of rows) {
    if (r.kind !== 'phrase') continue;
    // A phrase is "a b" where a and b are words; English negation compounds ("not cooling") are
    // words containing the separator, so try every split point.
    const parts = r.term.split(PHRASE_SEPARATOR);
    for (let i = 1; i < parts.length; i++) {
      const a = dict.ids.get(parts.slice(0, i).join(PHRASE_SEPARATOR));
      const b = dict.ids.get(parts.slice(i).join(PHRASE_SEPARATOR));
      if (
        a !== undefined &&
        b !== undefined &&
        dict.kinds[a] === 'word' &&
        dict.kinds[b] === 'word'
      ) {
        dict.phrases.set(pairKey(a, b), r.id);
        break;
      }
    }
  }
  dict.stored = dict.terms.length;
  return dict;
}
