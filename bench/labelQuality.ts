// Label quality for eval:clusters — two simple measures computed from the set's own texts with the
// product's tokeniser, independent of how the product built its labels (issue 15, labels item).
//
// 1. Lead hit (labelled sets only): for each cluster, its majority reference class (engineer
//    Component, product category, root cause); the class's top `TOP_CLASS_TERMS` words by class-based
//    TF-IDF over the reference classes (document frequency in the class × ln(1 + classes / classes
//    containing the word) — what distinguishes the class from the other classes); the cluster is a
//    hit when a word of its label's first term is among them. Share of clusters, weighted by size
//    (a tiny cluster's label matters less to a reader) and unweighted.
//    What it says: the label's lead names what the engineers' class is about. What it does not say:
//    a label can be good and still miss (a synonym, a symptom the class name does not carry), so the
//    number is comparable before → after on the same clusters, not an absolute grade.
// 2. Boilerplate share (every set, labelled or not): share of all label terms whose words occur
//    together in at least `BOILERPLATE_SHARE` of the set's complaints — terms that say what the whole
//    export says (brand, car, 京东) rather than what the cluster is about. Plus the share of label
//    terms that are agency template words (`TEMPLATE_WORDS`: the NHTSA/ODI narrative template
//    "the contact owns … the contact stated … failure mileage", FOIA redaction markers) — fixed
//    words of the narrative form, listed here only to measure them, not used by the product.
import type { Tokenizer } from '../pipeline/text/tokenize.ts';

export const TOP_CLASS_TERMS = 10;
export const BOILERPLATE_SHARE = 0.1;
export const LABEL_SEPARATOR = ' · ';
/** Words of the NHTSA complaint template and its redaction notes (measurement only). */
export const TEMPLATE_WORDS = new Set([
  'contact',
  'stated',
  'abnormal',
  'failure',
  'mileage',
  'manufacturer',
  'dealer',
  'notified',
  'xxx',
  'information',
  'redacted',
  'foia',
  'act',
  'freedom',
  'inspection',
  'defect',
]);

export interface LabelledCluster {
  label: string;
  complaints: number;
  /** Majority reference class of the cluster's complaints, when the set is labelled. */
  majority?: string;
}

export interface LabelQuality {
  clusters: number;
  /** Share of clusters (by complaints) whose lead label term hits its class's top words. */
  leadHitWeighted: number | null;
  leadHit: number | null;
  /** Share of label terms in ≥ BOILERPLATE_SHARE of the complaints. */
  boilerplate: number;
  /** Share of label terms made only of template words. */
  template: number;
  terms: number;
}

/** Top words per class by class-based TF-IDF over document frequencies (see header). */
export function classTopWords(
  docs: readonly (readonly string[])[],
  classes: readonly string[],
  top = TOP_CLASS_TERMS,
): Map<string, Set<string>> {
  const df = new Map<string, Map<string, number>>();
  const size = new Map<string, number>();
  for (let i = 0; i < docs.length; i++) {
    const c = classes[i];
    size.set(c, (size.get(c) ?? 0) + 1);
    const m = df.get(c) ?? new Map<string, number>();
    for (const w of new Set(docs[i])) m.set(w, (m.get(w) ?? 0) + 1);
    df.set(c, m);
  }
  const spread = new Map<string, number>();
  for (const m of df.values()) for (const w of m.keys()) spread.set(w, (spread.get(w) ?? 0) + 1);
  const out = new Map<string, Set<string>>();
  for (const [c, m] of df) {
    const n = size.get(c)!;
    const ranked = [...m]
      .map(([w, d]) => ({ w, s: (d / n) * Math.log(1 + df.size / spread.get(w)!) }))
      .sort((a, b) => b.s - a.s || (a.w < b.w ? -1 : a.w > b.w ? 1 : 0));
    out.set(c, new Set(ranked.slice(0, top).map((r) => r.w)));
  }
  return out;
}

/** The words of a label term as the tokeniser sees them (`water leak` → water, leak; 不喝蒙牛 → 不喝, 蒙牛). */
function termWords(term: string, tok: Tokenizer): string[] {
  return [...new Set(tok.words(term))];
}

export function labelQuality(
  clusters: readonly LabelledCluster[],
  docs: readonly (readonly string[])[],
  tok: Tokenizer,
  classTop: Map<string, Set<string>> | null,
): LabelQuality {
  const docSets = docs.map((d) => new Set(d));
  const shareCache = new Map<string, number>();
  const share = (words: string[]): number => {
    const key = words.join('\u0001');
    let s = shareCache.get(key);
    if (s === undefined) {
      let n = 0;
      for (const d of docSets) if (words.every((w) => d.has(w))) n++;
      s = docSets.length > 0 ? n / docSets.length : 0;
      shareCache.set(key, s);
    }
    return s;
  };
  let terms = 0;
  let boiler = 0;
  let template = 0;
  let hits = 0;
  let hitW = 0;
  let judged = 0;
  let judgedW = 0;
  for (const c of clusters) {
    const parts = c.label.split(LABEL_SEPARATOR).map((p) => p.replace(/ \(\d+\)$/, ''));
    for (const p of parts) {
      const words = termWords(p, tok);
      if (words.length === 0) continue;
      terms++;
      if (share(words) >= BOILERPLATE_SHARE) boiler++;
      if (words.every((w) => TEMPLATE_WORDS.has(w))) template++;
    }
    if (classTop && c.majority !== undefined) {
      const top = classTop.get(c.majority);
      const lead = termWords(parts[0] ?? '', tok);
      const hit = top !== undefined && lead.some((w) => top.has(w));
      judged++;
      judgedW += c.complaints;
      if (hit) {
        hits++;
        hitW += c.complaints;
      }
    }
  }
  return {
    clusters: clusters.length,
    leadHit: judged > 0 ? hits / judged : null,
    leadHitWeighted: judgedW > 0 ? hitW / judgedW : null,
    boilerplate: terms > 0 ? boiler / terms : 0,
    template: terms > 0 ? template / terms : 0,
    terms,
  };
}
