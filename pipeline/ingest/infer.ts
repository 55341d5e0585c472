// Content inference: fields no header claimed, decided from the values of the columns left over.
// A header like "内容1", "Text", "Unnamed: 3" or one nobody anticipated should not leave a file
// with no description (no root causes) when the narrative is right there. Rules, on the first
// SAMPLE_ROWS rows (docs/schema.md, "Content inference"):
//   description  ← the free-text column with the highest (mean length × distinct share), among
//                  columns whose values average ≥ 20 characters and ≥ 4 words, or ≥ 10 CJK
//                  characters (Chinese says in 15 characters what English says in 40), with
//                  ≥ 50 % distinct values (a category repeats; a narrative does not);
//   received_at  ← a column where ≥ 90 % of the values parse as dates;
//   complaint_id ← a column of short, space-free values, ≥ 99 % distinct;
//   category-like columns (2–50 distinct short values that repeat, not numbers) are reported as
//                  hints only: a plant, a dealer or a yes/no flag looks the same as a complaint
//                  type, and a wrong type would become a category of its own (int_complaint_categories
//                  keeps unknown export categories), so the user decides with --mapping.
// Only columns no header or mapping claimed are candidates, and only fields still unmapped are
// filled; each inference is recorded with its evidence and a confidence below a header match's.
// One exception: with no description, a column a header synonym sent to `component` (故障现象,
// "Symptom") whose values are narratives is the description — a component is a short label.
import type { Db } from '../db.ts';
import { quotedIdentifier } from '../db.ts';
import type { CanonicalField } from '../schema/fields.ts';
import { extraColumns, type ColumnMapping } from './headers.ts';

const SAMPLE_ROWS = 2000;

export interface ColumnProfile {
  index: number;
  values: number;
  distinct: number;
  meanLength: number;
  meanWords: number;
  meanCjk: number;
  dateShare: number;
  numberShare: number;
  spaceShare: number;
}

/** Value statistics of the given raw columns (c<i>) over the first SAMPLE_ROWS rows. */
export async function profileColumns(
  db: Db,
  rawTable: string,
  indexes: number[],
): Promise<ColumnProfile[]> {
  if (indexes.length === 0) return [];
  const t = quotedIdentifier(rawTable);
  const parts = indexes.map(
    (i) => `select ${i} as idx,
        count(v) as n,
        count(distinct v) as d,
        coalesce(avg(length(v)), 0) as len,
        coalesce(avg(length(regexp_split_to_array(v, '\\s+'))), 0) as words,
        coalesce(avg(length(regexp_replace(v, '[^\\p{Han}]', '', 'g'))), 0) as cjk,
        coalesce(avg((cl_ts_text_mdy(v, 'UTC') is not null)::int), 0) as dates,
        coalesce(avg((try_cast(replace(v, ',', '') as double) is not null)::int), 0) as nums,
        coalesce(avg(regexp_matches(v, '\\s')::int), 0) as spaces
      from (select cl_clean(c${i}) as v from ${t} where rn <= ${SAMPLE_ROWS})`,
  );
  const rows = await db.all<Record<string, number | bigint>>(parts.join(' union all '));
  return rows.map((r) => ({
    index: Number(r.idx),
    values: Number(r.n),
    distinct: Number(r.d),
    meanLength: Number(r.len),
    meanWords: Number(r.words),
    meanCjk: Number(r.cjk),
    dateShare: Number(r.dates),
    numberShare: Number(r.nums),
    spaceShare: Number(r.spaces),
  }));
}

interface Inference {
  field: CanonicalField | null;
  index: number;
  confidence: number;
  reason: string;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Pure decision rules over column profiles (unit-tested without a database). */
export function inferFromProfiles(
  profiles: ColumnProfile[],
  unmapped: (f: CanonicalField) => boolean,
): Inference[] {
  const out: Inference[] = [];
  const taken = new Set<number>();
  const free = profiles.filter((p) => p.values > 0);
  const pick = (
    field: CanonicalField,
    candidates: ColumnProfile[],
    why: (p: ColumnProfile) => string,
    confidence: number,
  ) => {
    const best = candidates.find((p) => !taken.has(p.index));
    if (!best || !unmapped(field)) return;
    taken.add(best.index);
    out.push({ field, index: best.index, confidence, reason: why(best) });
  };
  const distinctShare = (p: ColumnProfile) => p.distinct / Math.max(1, p.values);

  const texts = free
    .filter(
      (p) =>
        ((p.meanLength >= 20 && p.meanWords >= 4) || p.meanCjk >= 10) &&
        distinctShare(p) >= 0.5 &&
        p.dateShare < 0.5,
    )
    .sort((a, b) => b.meanLength * distinctShare(b) - a.meanLength * distinctShare(a));
  pick(
    'description',
    texts,
    (p) =>
      `longest free text: mean ${p.meanLength.toFixed(0)} characters, ${p.meanCjk >= 10 ? `${p.meanCjk.toFixed(0)} CJK` : `${p.meanWords.toFixed(0)} words`}, ${pct(distinctShare(p))} distinct`,
    0.6,
  );
  pick(
    'received_at',
    free
      .filter((p) => p.dateShare >= 0.9 && p.numberShare < 0.5)
      .sort((a, b) => b.dateShare - a.dateShare),
    (p) => `${pct(p.dateShare)} of values parse as dates`,
    0.5,
  );
  pick(
    'complaint_id',
    free.filter(
      (p) =>
        distinctShare(p) >= 0.99 && p.spaceShare === 0 && p.meanLength <= 40 && p.dateShare < 0.5,
    ),
    (p) => `${pct(distinctShare(p))} distinct short values without spaces`,
    0.5,
  );
  for (const p of free.filter(
    (p) =>
      !taken.has(p.index) &&
      p.distinct >= 2 &&
      p.distinct <= 50 &&
      distinctShare(p) <= 0.2 &&
      p.meanLength <= 30 &&
      p.numberShare < 0.5 &&
      p.dateShare < 0.5,
  ))
    out.push({
      field: null,
      index: p.index,
      confidence: 0,
      reason: `category-like (${p.distinct} distinct values over ${p.values} rows), not mapped: if it is the complaint type or product category, say so with --mapping`,
    });
  return out;
}

/** Fill still-unmapped fields from column contents; updates mapping in place and returns it. */
export async function inferColumns(
  db: Db,
  rawTable: string,
  headers: string[],
  mapping: ColumnMapping,
): Promise<ColumnMapping> {
  // Candidates: columns no header or mapping claimed (a mapping's explicit null/extra is a claim).
  const candidates = mapping.decisions
    .filter((d) => d.field === null && d.method === null)
    .map((d) => d.index);
  const narrativeComponents = mapping.fields.description
    ? []
    : mapping.decisions
        .filter((d) => d.field === 'component' && d.method !== 'mapping')
        .map((d) => d.index);
  const profiles = await profileColumns(db, rawTable, [...candidates, ...narrativeComponents]);
  const inferred = inferFromProfiles(profiles, (f) => !mapping.fields[f]);
  for (const inf of inferred) {
    if (!narrativeComponents.includes(inf.index)) continue;
    // Only the description may take a component column; anything else leaves it a component.
    if (inf.field !== 'description') {
      inf.field = 'component';
      continue;
    }
    const rest = (mapping.fields.component ?? []).filter((i) => i !== inf.index);
    if (rest.length > 0) mapping.fields.component = rest;
    else delete mapping.fields.component;
    mapping.sourceHeader.component = rest.length ? headers[rest[0]] : undefined;
    if (!rest.length) delete mapping.sourceHeader.component;
    inf.reason += ' (its header names a component, its values are narratives)';
  }
  for (const inf of inferred) {
    if (inf.field === 'component') continue;
    if (inf.field === null) {
      mapping.decisions[inf.index].reason = inf.reason;
      continue;
    }
    mapping.fields[inf.field] = [inf.index];
    mapping.sourceHeader[inf.field] = headers[inf.index];
    const d = mapping.decisions[inf.index];
    d.field = inf.field;
    d.method = 'content';
    d.confidence = inf.confidence;
    d.reason = inf.reason;
  }
  if (inferred.some((i) => i.field !== null)) mapping.extra = extraColumns(headers, mapping.fields);
  return mapping;
}
