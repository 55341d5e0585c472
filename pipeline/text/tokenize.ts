// Tokeniser for complaint narratives in Chinese, English or a mix of both.
//
// text → normalizeText → clauses (split at punctuation: a phrase never spans a clause boundary)
//      → per clause: Chinese via jieba (HMM off: the HMM invents words from rare character pairs,
//        which become one-off terms; with the user dictionary, dictionary-only segmentation is both
//        faster and steadier) or, for clauses without Han characters, a Latin word split
//      → per token: stop words dropped, negators glued to the next content word (不 + 制冷 → 不制冷,
//        not + cooling → "not cooling"), English plurals folded (leaks → leak), tokens with digits
//        (model codes, amounts, dates) dropped unless they are user-dictionary words.
// The result is a list of clauses, each a list of unigram terms in order; `termCounts` adds the
// phrases (adjacent pairs within a clause) and counts.
//
// Jieba costs ~1 µs per character; complaint texts repeat clauses a lot (templates, 物流太慢, 客服态度差),
// so results are memoised per clause (bounded).
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { hasHan, isHan, normalizeText } from './normalize.ts';
import { EN_NEGATORS, ZH_NEGATORS, buildStopWords } from './stopwords.ts';
import { userDictionaryText, userWordSet } from './dictionary.ts';

export interface TokenizerOptions {
  /** Extra user-dictionary entries ("word" or "word frequency"). */
  userDictionary?: readonly string[];
  /** Contents of a user-dictionary file (jieba format). */
  userDictionaryFileText?: string;
  /** Extra stop words. */
  stopWords?: readonly string[];
  /** Words never treated as stop words. */
  keepWords?: readonly string[];
  /** Clause memo size; 0 disables it. */
  cacheSize?: number;
}

/** Separator between the words of a phrase term ("压缩机 噪音", "water leak"). */
export const PHRASE_SEPARATOR = ' ';

// Clause boundaries: punctuation, not spaces (English words are separated by spaces).
const CLAUSE_SPLIT =
  /[,.!?;:，。！？；：、…~～"“”‘’'`()（）【】[\]{}<>《》「」『』|/\\=+_#@$%^&*<>\n\r\t]+/u;
// Codes: Latin/digit runs that contain a digit (model numbers, amounts, dates, order numbers).
const CODE = /[a-z0-9]+(?:[-.][a-z0-9]+)*/g;
const LATIN_WORD = /[a-z0-9]+(?:-[a-z0-9]+)*/g;
const HAS_DIGIT = /\d/;
/** Marks a dropped token inside filter()'s output. */
const BREAK = '\u0000';
const ALPHA = /^[a-z]+$/;

let sharedJieba: Jieba | null = null;
let sharedDictKey = '';

/** One jieba per process and user dictionary: loading the default dictionary takes ~1 s. */
function jiebaFor(dictText: string): Jieba {
  if (sharedJieba && sharedDictKey === dictText) return sharedJieba;
  const j = Jieba.withDict(dict);
  j.loadDict(Buffer.from(dictText, 'utf8'));
  sharedJieba = j;
  sharedDictKey = dictText;
  return j;
}

/** Fold English plurals conservatively so that labels stay readable (leaks → leak, batteries → battery). */
export function foldEnglish(word: string): string {
  if (word.length < 4 || !ALPHA.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (/(?:ches|shes|xes|sses|zzes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(?:ss|us|is|as|os|ys)$/.test(word)) return word.slice(0, -1);
  return word;
}

export class Tokenizer {
  readonly stopWords: Set<string>;
  readonly userWords: Set<string>;
  /** Identifies the settings: a change means stored terms are stale (see prepare.ts). */
  readonly signature: string;
  private readonly jieba: Jieba;
  private readonly cache = new Map<string, string[][]>();
  private readonly cacheSize: number;

  constructor(options: TokenizerOptions = {}) {
    const dictText = userDictionaryText(
      options.userDictionary ?? [],
      options.userDictionaryFileText ?? '',
    );
    this.jieba = jiebaFor(dictText);
    this.userWords = userWordSet(dictText);
    this.stopWords = buildStopWords(options.stopWords ?? [], options.keepWords ?? []);
    this.cacheSize = options.cacheSize ?? 200_000;
    this.signature = `v1|${fnv(dictText)}|${fnv([...this.stopWords].sort().join(' '))}`;
  }

  /**
   * Clauses of unigram terms, in text order. A clause is also cut where a token was dropped (stop
   * word, code), so that two words are adjacent — and may form a phrase — only when they were
   * adjacent in the text.
   */
  tokenize(text: string | null | undefined): string[][] {
    let norm = normalizeText(text);
    if (HAS_DIGIT.test(norm))
      norm = norm.replace(CODE, (m) => (HAS_DIGIT.test(m) && !this.userWords.has(m) ? ' ' : m));
    const out: string[][] = [];
    for (const clause of norm.split(CLAUSE_SPLIT)) {
      if (!clause) continue;
      for (const segment of this.clause(clause)) out.push(segment);
    }
    return out;
  }

  /** Unigram terms of one text (flattened). */
  words(text: string | null | undefined): string[] {
    return this.tokenize(text).flat();
  }

  /** Segments of a clause: runs of kept words with no dropped token between them. */
  private clause(clause: string): string[][] {
    const hit = this.cache.get(clause);
    if (hit) return hit;
    const raw = hasHan(clause) ? this.jieba.cut(clause, false) : (clause.match(LATIN_WORD) ?? []);
    const tokens = this.filter(raw);
    const segments: string[][] = [];
    let cur: string[] = [];
    for (const t of tokens) {
      if (t === BREAK) {
        if (cur.length > 0) segments.push(cur);
        cur = [];
      } else cur.push(t);
    }
    if (cur.length > 0) segments.push(cur);
    if (this.cacheSize > 0) {
      if (this.cache.size >= this.cacheSize) this.cache.clear();
      this.cache.set(clause, segments);
    }
    return segments;
  }

  /** Stop words out, negators glued, plurals folded, codes dropped. */
  private filter(raw: readonly string[]): string[] {
    const out: string[] = [];
    let neg: string | null = null;
    let negLatin = false;
    let gap = 0;
    for (let t of raw) {
      t = t.trim();
      if (!t) continue;
      const han = isHan(t.charCodeAt(0));
      if (!han) {
        // jieba returns Latin runs whole, possibly with a hyphen inside; split them like English.
        const parts = t.match(LATIN_WORD);
        if (!parts) continue;
        if (parts.length > 1 || parts[0] !== t) {
          out.push(...this.filter(parts));
          neg = null;
          continue;
        }
        if (HAS_DIGIT.test(t) || t.length < 2) {
          if (this.userWords.has(t)) out.push(t);
          else out.push(BREAK);
          continue;
        }
        // Stop words are checked before and after folding (does → doe must not survive).
        if (this.stopWords.has(t) && !EN_NEGATORS.has(t)) {
          if (neg !== null && ++gap > 1) neg = null;
          out.push(BREAK);
          continue;
        }
        t = foldEnglish(t);
      }
      if (han ? ZH_NEGATORS.has(t) : EN_NEGATORS.has(t)) {
        neg = t;
        negLatin = !han;
        gap = 0;
        continue;
      }
      if (this.stopWords.has(t)) {
        // A negator reaches over at most one stop word (不 太 好 → 不好, not really working → …).
        if (neg !== null && ++gap > 1) neg = null;
        out.push(BREAK);
        continue;
      }
      if (neg !== null) {
        if (negLatin === !han) {
          t = han ? neg + t : neg + PHRASE_SEPARATOR + t;
        }
        neg = null;
      }
      out.push(t);
    }
    return out;
  }
}

/** Unigram and phrase counts of a tokenised text. `phrase(a, b)` says whether the pair is a kept phrase. */
export function termCounts(
  clauses: readonly (readonly string[])[],
  phrase?: (a: string, b: string) => boolean,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of clauses) {
    for (let i = 0; i < c.length; i++) {
      counts.set(c[i], (counts.get(c[i]) ?? 0) + 1);
      if (i > 0 && c[i - 1] !== c[i] && (!phrase || phrase(c[i - 1], c[i]))) {
        const p = c[i - 1] + PHRASE_SEPARATOR + c[i];
        counts.set(p, (counts.get(p) ?? 0) + 1);
      }
    }
  }
  return counts;
}

/** How a term is shown to people: Chinese phrases without the separator (压缩机噪音), English with it. */
export function displayTerm(term: string): string {
  if (!term.includes(PHRASE_SEPARATOR)) return term;
  const parts = term.split(PHRASE_SEPARATOR);
  let s = parts[0];
  for (let i = 1; i < parts.length; i++) {
    const prev = s.charCodeAt(s.length - 1);
    const next = parts[i].charCodeAt(0);
    s += isHan(prev) && isHan(next) ? parts[i] : PHRASE_SEPARATOR + parts[i];
  }
  return s;
}

/** 32-bit FNV-1a as 8 hex digits: a short, stable fingerprint (not a security hash). */
export function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
