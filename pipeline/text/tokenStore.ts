// In-memory tokens of many documents, flat: word ids in one growable Int32Array, -1 between
// clauses, with per-document offsets. A million complaints take ~100 MB this way; as arrays of
// strings they would take several GB.

export class TokenStore {
  tokens: Int32Array = new Int32Array(1 << 16);
  private offsets: Int32Array = new Int32Array(1 << 12);
  private ids: Int32Array = new Int32Array(1 << 12);
  private used = 0;
  size = 0;

  /** Adds a document (its doc_id and its clauses of word ids); returns its position. */
  add(docId: number, clauses: readonly (readonly number[])[]): number {
    let need = 0;
    for (const c of clauses) need += c.length + 1;
    if (this.used + need > this.tokens.length) {
      const t = new Int32Array(Math.max(this.tokens.length * 2, this.used + need));
      t.set(this.tokens.subarray(0, this.used));
      this.tokens = t;
    }
    if (this.size + 2 > this.offsets.length) {
      const o = new Int32Array(this.offsets.length * 2);
      o.set(this.offsets);
      this.offsets = o;
      const d = new Int32Array(this.ids.length * 2);
      d.set(this.ids);
      this.ids = d;
    }
    this.offsets[this.size] = this.used;
    for (const c of clauses) {
      for (const t of c) this.tokens[this.used++] = t;
      this.tokens[this.used++] = -1;
    }
    this.ids[this.size] = docId;
    this.size++;
    this.offsets[this.size] = this.used;
    return this.size - 1;
  }

  docId(pos: number): number {
    return this.ids[pos];
  }

  start(pos: number): number {
    return this.offsets[pos];
  }

  end(pos: number): number {
    return this.offsets[pos + 1];
  }
}

/** Term ↔ id for words and phrases; ids are the text_terms.term_id values. */
export class TermDictionary {
  readonly terms: string[] = [];
  readonly kinds: ('word' | 'phrase')[] = [];
  readonly ids = new Map<string, number>();
  /** pairKey(a, b) → phrase term id. */
  readonly phrases = new Map<number, number>();
  /** Ids at or above this are not yet in text_terms. */
  stored = 0;

  word(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(term);
      this.kinds.push('word');
      this.ids.set(term, id);
    }
    return id;
  }

  addPhrase(key: number, term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(term);
      this.kinds.push('phrase');
      this.ids.set(term, id);
    }
    this.phrases.set(key, id);
    return id;
  }
}
