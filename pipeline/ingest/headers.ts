// Header recognition: which raw column feeds which canonical field. Exact synonym match on the
// normalised header first, then (for headers no synonym matched) a containment match: Chinese
// synonyms of three or more characters anywhere in the header, e.g. "客户投诉内容描述" →
// description, and for English headers a synonym made of the header's last words (the head noun:
// "Brief description of the complaint" → description, "Vehicle make" → brand, but "Customer
// name" is not customer_id). A user --mapping wins over both. Columns that feed no field are
// kept, under their original header, in `extra`. Every decision is recorded (`decisions`) so
// `inspect`, the load warnings and the warehouse's load_mappings table can say how it was made;
// content inference (infer.ts) and hierarchy derivation (derive.ts) add to the same record.
import { CANONICAL_FIELDS, type CanonicalField } from '../schema/fields.ts';
import { normaliseHeader } from '../schema/normaliseHeader.ts';
import { HEADER_SYNONYMS, SECONDARY_SYNONYMS } from '../schema/synonyms.ts';

/** header → canonical field, or null / "extra" to force a column into `extra`. */
export type UserMapping = Record<string, string | null>;

export interface ColumnMapping {
  /** field → raw column indexes feeding it, first one preferred (values are coalesced in order). */
  fields: Partial<Record<CanonicalField, number[]>>;
  /** Columns kept in `extra`, with unique keys (duplicated headers get _2, _3 …). */
  extra: { key: string; index: number }[];
  /** For the data-quality table: the header each field came from. */
  sourceHeader: Partial<Record<CanonicalField, string>>;
  /** One entry per raw column: what it feeds and how that was decided. */
  decisions: ColumnDecision[];
  /** Fields built from other fields when the export has no column for them (derive.ts). */
  derived: Partial<Record<CanonicalField, Derivation>>;
}

export type MappingMethod = 'mapping' | 'synonym' | 'contains' | 'content';

export interface ColumnDecision {
  index: number;
  header: string;
  /** The field the column feeds; null when it is kept in `extra`. */
  field: CanonicalField | null;
  method: MappingMethod | null;
  /** 0–1: 1 for a user mapping or an exact synonym, lower for containment and content. */
  confidence: number;
  /** Why, in words (the synonym that matched, the content evidence). */
  reason: string;
}

/** A field computed from other fields of the same row, e.g. batch ← model_year. */
export interface Derivation {
  op: 'join' | 'copy' | 'month' | 'year_start';
  from: CanonicalField[];
  rule: string;
}

const EXACT = new Map<string, CanonicalField>();
for (const field of CANONICAL_FIELDS) {
  for (const syn of HEADER_SYNONYMS[field]) {
    const key = normaliseHeader(syn);
    if (!EXACT.has(key)) EXACT.set(key, field);
  }
}
const CONTAINS: [string, CanonicalField][] = [];
for (const field of CANONICAL_FIELDS) {
  for (const syn of HEADER_SYNONYMS[field]) {
    if (/[\u4e00-\u9fff]/u.test(syn) && syn.length >= 3)
      CONTAINS.push([normaliseHeader(syn), field]);
  }
}
// Longest synonyms first, so "首次响应时间" wins over "响应时间".
CONTAINS.sort((a, b) => b[0].length - a[0].length);

/** Lower-case words of an ASCII header, splitting camelCase: "DateOfIncident" → date, of, incident. */
function headerWords(header: string): string[] | null {
  const h = header.normalize('NFKC');
  if (!/^[\x20-\x7e]+$/u.test(h)) return null;
  return h
    .replace(/([a-z])([A-Z])/gu, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/u)
    .filter(Boolean);
}

// One-word synonyms too generic to decide a field from the end of a longer header: "CMPL_TYPE"
// (NHTSA's IVOQ/EVOQ record type) is not the complaint type, "Dealer city" not the region.
const GENERIC_TAILS = new Set([
  'response',
  'outcome',
  'amount',
  'rating',
  'type',
  'date',
  'id',
  'case',
  'item',
  'text',
  'body',
  'level',
  'source',
  'status',
  'city',
  'state',
  'area',
  'name',
  'no',
  'code',
  'part',
  'result',
  'score',
  'grade',
  'reason',
  'via',
  'hours',
  'my',
  'sn',
  'owner',
  'team',
  'company',
  'customer',
  'complaint',
  'created',
]);

// Words that name how a value is written, not what it is: "Vehicle Make Name", "Model Line Desc",
// "Component Text" carry their field in the words before them.
const QUALIFIER_TAILS = new Set(['name', 'desc', 'descr', 'text', 'txt', 'code', 'cd', 'value']);

/** The longest tail of an English header's words that is a synonym ("vehicle make" → make). */
function tailSynonym(header: string): { field: CanonicalField; synonym: string } | null {
  const all = headerWords(header);
  if (!all || all.length < 2) return null;
  // "Brief description of the complaint": the head noun comes before "of".
  const of = all.indexOf('of');
  const words = of > 0 ? all.slice(0, of) : all;
  const hit = longestTail(words, of > 0 ? 0 : 1);
  if (hit) return hit;
  // "Vehicle Make Name" → "vehicle make", then its tails (a generic word left alone, as in
  // "Customer name", still decides nothing).
  if (QUALIFIER_TAILS.has(words[words.length - 1])) return longestTail(words.slice(0, -1), 0);
  return null;
}

function longestTail(
  words: string[],
  from: number,
): { field: CanonicalField; synonym: string } | null {
  for (let k = from; k < words.length; k++) {
    const key = words.slice(k).join('');
    const field = EXACT.get(key);
    if (field && !GENERIC_TAILS.has(key)) return { field, synonym: words.slice(k).join(' ') };
  }
  return null;
}

export function isCanonicalField(name: string): name is CanonicalField {
  return (CANONICAL_FIELDS as readonly string[]).includes(name);
}

/** Validate a --mapping object; returns a list of problems (empty when fine). */
export function validateMapping(mapping: UserMapping): string[] {
  const problems: string[] = [];
  for (const [header, target] of Object.entries(mapping)) {
    if (target === null || target === 'extra') continue;
    if (!isCanonicalField(target))
      problems.push(
        `"${header}" → "${target}": not a canonical field (${CANONICAL_FIELDS.join(', ')})`,
      );
  }
  return problems;
}

export function mapHeaders(headers: string[], userMapping: UserMapping = {}): ColumnMapping {
  const fields: Partial<Record<CanonicalField, number[]>> = {};
  const sourceHeader: Partial<Record<CanonicalField, string>> = {};
  const assigned: (CanonicalField | 'extra' | undefined)[] = new Array(headers.length);
  const userByNorm = new Map<string, string | null>();
  for (const [h, target] of Object.entries(userMapping)) userByNorm.set(normaliseHeader(h), target);

  const how: { method: MappingMethod; confidence: number; reason: string }[] = new Array(
    headers.length,
  );
  const assign = (
    i: number,
    field: CanonicalField,
    method: MappingMethod,
    confidence: number,
    reason: string,
  ) => {
    (fields[field] ??= []).push(i);
    sourceHeader[field] ??= headers[i];
    assigned[i] = field;
    how[i] = { method, confidence, reason };
  };
  // 1. user mapping (exact header text or normalised).
  headers.forEach((h, i) => {
    const target =
      userMapping[h] !== undefined ? userMapping[h] : userByNorm.get(normaliseHeader(h));
    if (target === undefined) return;
    if (target === null || target === 'extra') {
      assigned[i] = 'extra';
      how[i] = { method: 'mapping', confidence: 1, reason: 'kept in extra by the mapping file' };
    } else if (isCanonicalField(target)) assign(i, target, 'mapping', 1, 'mapping file');
  });
  // 2. exact synonyms.
  headers.forEach((h, i) => {
    if (assigned[i]) return;
    const field = EXACT.get(normaliseHeader(h));
    if (field) assign(i, field, 'synonym', 1, `synonym "${normaliseHeader(h)}"`);
  });
  // 3. containment, only for fields still unmapped, so a stray "投诉内容备注" cannot steal a field.
  headers.forEach((h, i) => {
    if (assigned[i]) return;
    const norm = normaliseHeader(h);
    const hit = CONTAINS.find(([syn, field]) => norm.includes(syn) && !fields[field]);
    if (hit) {
      assign(i, hit[1], 'contains', 0.8, `header contains "${hit[0]}"`);
      return;
    }
    const tail = tailSynonym(h);
    if (tail && !fields[tail.field])
      assign(i, tail.field, 'contains', 0.7, `header ends with "${tail.synonym}"`);
  });

  // Several columns for one field coalesce in header order, except that a column matched by a
  // secondary synonym (manufacturer, city) yields to one matched by a primary synonym.
  for (const field of Object.keys(fields) as CanonicalField[]) {
    const rank = (i: number) => (SECONDARY_SYNONYMS.has(normaliseHeader(headers[i])) ? 1 : 0);
    fields[field] = [...fields[field]!].sort((a, b) => rank(a) - rank(b) || a - b);
    sourceHeader[field] = headers[fields[field]![0]];
  }
  // A second column feeding an already-fed field is coalesced into it but also kept in extra,
  // so no value is lost when the two disagree.
  const extra = extraColumns(headers, fields);
  const decisions: ColumnDecision[] = headers.map((header, i) => {
    const field = assigned[i];
    const primary = field && field !== 'extra' && fields[field]?.[0] === i;
    return {
      index: i,
      header,
      field: field && field !== 'extra' ? field : null,
      method: how[i]?.method ?? null,
      confidence: how[i]?.confidence ?? 0,
      reason:
        (how[i]?.reason ?? 'no synonym') +
        (field && field !== 'extra' && !primary
          ? '; second column for the field, also kept in extra'
          : ''),
    };
  });
  return { fields, extra, sourceHeader, decisions, derived: {} };
}

/** Re-derive `extra` after inference moved columns into fields (same rules as mapHeaders). */
export function extraColumns(
  headers: string[],
  fields: ColumnMapping['fields'],
): ColumnMapping['extra'] {
  const feeding = new Map<number, boolean>();
  for (const idx of Object.values(fields)) idx?.forEach((i, k) => feeding.set(i, k === 0));
  const extra: ColumnMapping['extra'] = [];
  const used = new Map<string, number>();
  headers.forEach((h, i) => {
    if (feeding.get(i) === true) return;
    const base = h.trim() === '' ? `column_${i + 1}` : h.trim();
    const count = (used.get(base) ?? 0) + 1;
    used.set(base, count);
    extra.push({ key: count === 1 ? base : `${base}_${count}`, index: i });
  });
  return extra;
}
