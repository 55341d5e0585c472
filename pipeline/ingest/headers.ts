// Header recognition: which raw column feeds which canonical field. Exact synonym match on the
// normalised header first, then (for headers no synonym matched) a containment match on Chinese
// synonyms of three or more characters, e.g. "客户投诉内容描述" → description. A user --mapping wins
// over both. Columns that feed no field are kept, under their original header, in `extra`.
import {
  CANONICAL_FIELDS,
  HEADER_SYNONYMS,
  normaliseHeader,
  type CanonicalField,
} from '../schema.ts';

/** header → canonical field, or null / "extra" to force a column into `extra`. */
export type UserMapping = Record<string, string | null>;

export interface ColumnMapping {
  /** field → raw column indexes feeding it, first one preferred (values are coalesced in order). */
  fields: Partial<Record<CanonicalField, number[]>>;
  /** Columns kept in `extra`, with unique keys (duplicated headers get _2, _3 …). */
  extra: { key: string; index: number }[];
  /** For the data-quality table: the header each field came from. */
  sourceHeader: Partial<Record<CanonicalField, string>>;
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

  const assign = (i: number, field: CanonicalField) => {
    (fields[field] ??= []).push(i);
    sourceHeader[field] ??= headers[i];
    assigned[i] = field;
  };
  // 1. user mapping (exact header text or normalised).
  headers.forEach((h, i) => {
    const target =
      userMapping[h] !== undefined ? userMapping[h] : userByNorm.get(normaliseHeader(h));
    if (target === undefined) return;
    if (target === null || target === 'extra') assigned[i] = 'extra';
    else if (isCanonicalField(target)) assign(i, target);
  });
  // 2. exact synonyms.
  headers.forEach((h, i) => {
    if (assigned[i]) return;
    const field = EXACT.get(normaliseHeader(h));
    if (field) assign(i, field);
  });
  // 3. containment, only for fields still unmapped, so a stray "投诉内容备注" cannot steal a field.
  headers.forEach((h, i) => {
    if (assigned[i]) return;
    const norm = normaliseHeader(h);
    const hit = CONTAINS.find(([syn, field]) => norm.includes(syn) && !fields[field]);
    if (hit) assign(i, hit[1]);
  });

  const extra: { key: string; index: number }[] = [];
  const used = new Map<string, number>();
  headers.forEach((h, i) => {
    const field = assigned[i];
    // A second column feeding an already-fed field is coalesced into it but also kept in extra,
    // so no value is lost when the two disagree.
    const keep = !field || field === 'extra' || (fields[field as CanonicalField]?.[0] ?? i) !== i;
    if (!keep) return;
    const base = h.trim() === '' ? `column_${i + 1}` : h.trim();
    const count = (used.get(base) ?? 0) + 1;
    used.set(base, count);
    extra.push({ key: count === 1 ? base : `${base}_${count}`, index: i });
  });
  return { fields, extra, sourceHeader };
}
