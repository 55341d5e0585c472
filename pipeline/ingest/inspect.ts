// `complaint-lens inspect --input FILE`: what a load of this file would do, before doing it. Reads
// the file with the same readers into an in-memory DuckDB, resolves the mapping exactly as ingest
// does (resolve.ts), stages it with the real normalisation SQL to measure each field's parse rate,
// and reports per column: header, proposed field, how it was decided, confidence, three sample
// values, parse rate — plus unmapped columns, derived fields and the analyses each missing field
// disables. `--write-mapping` turns the proposal into a --mapping file that loads unchanged.
import { openDb } from '../db.ts';
import { missingFields, type MissingField } from './coverage.ts';
import type { ColumnDecision, UserMapping } from './headers.ts';
import { inferFileSettings, installNormalisers } from './normalise.ts';
import { promoteHeaderRow } from './headerless.ts';
import { readAny, type ReadOptions } from './read.ts';
import { resolveMapping } from './resolve.ts';
import type { BoundsSettings } from './bounds.ts';
import { stageAndMeasure } from './stage.ts';

export interface InspectOptions extends ReadOptions {
  mapping?: UserMapping;
  timezone: string;
  dateOrder: 'auto' | 'ymd' | 'mdy' | 'dmy';
  bounds: BoundsSettings;
}

export interface InspectedColumn extends ColumnDecision {
  samples: string[];
  /** Share of the column's non-empty values that parse as the field (null: kept in extra). */
  parse_rate: number | null;
}

export interface Inspection {
  file: string;
  format: string;
  encoding: string | null;
  rows: number;
  /** The file had no header row: its first line was read as data (headerless.ts). */
  headerless: boolean;
  date_order: string;
  columns: InspectedColumn[];
  derived: { field: string; rule: string }[];
  unmapped: string[];
  missing: MissingField[];
}

export async function inspectFile(file: string, opts: InspectOptions): Promise<Inspection> {
  const db = await openDb(':memory:');
  try {
    await installNormalisers(db);
    const raw = await readAny(db, file, 'ingest_raw', opts);
    const headerless = await promoteHeaderRow(db, 'ingest_raw', raw);
    const hasRows = raw.rowsRead - raw.rejects.length > 0;
    const mapping = await resolveMapping(db, 'ingest_raw', raw.headers, opts.mapping, hasRows);
    const settings = await inferFileSettings(db, 'ingest_raw', mapping, opts.dateOrder);
    const parseRate = new Map<string, number>();
    if (hasRows) {
      const quality = await stageAndMeasure(
        db,
        'ingest_raw',
        'ingest_staged',
        raw.headers,
        mapping,
        settings,
        { timezone: opts.timezone, customerIdSalt: null, bounds: opts.bounds, today: new Date() },
      );
      for (const q of quality) {
        const present = Number(q.rows) - Number(q.nulls);
        if (present > 0) parseRate.set(q.field, 1 - Number(q.unparsed) / present);
      }
    }
    const columns: InspectedColumn[] = [];
    for (const d of mapping.decisions) {
      const samples = hasRows
        ? (
            await db.all<{ v: string }>(
              `select distinct c${d.index} as v from ingest_raw
               where c${d.index} is not null and trim(c${d.index}) <> '' and rn <= 1000 limit 3`,
            )
          ).map((r) => clip(String(r.v)))
        : [];
      const primary = d.field !== null && mapping.fields[d.field]?.[0] === d.index;
      columns.push({
        ...d,
        confidence: Number(d.confidence.toFixed(2)),
        samples,
        parse_rate: d.field && primary ? Number((parseRate.get(d.field) ?? 0).toFixed(4)) : null,
      });
    }
    return {
      file,
      format: raw.format,
      encoding: raw.encoding,
      rows: raw.rowsRead,
      headerless,
      date_order: `${settings.dateOrder} (${settings.dateOrderSource})`,
      columns,
      derived: Object.entries(mapping.derived).map(([field, d]) => ({ field, rule: d.rule })),
      unmapped: mapping.decisions
        .filter((d) => d.field === null)
        .map((d) => (d.header.trim() === '' ? `column_${d.index + 1}` : d.header)),
      missing: missingFields(mapping),
    };
  } finally {
    db.close();
  }
}

const clip = (s: string) => {
  const one = s.replace(/\s+/gu, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
};

/** The proposal as a --mapping file: every header → its field, or null (kept in extra). */
export function mappingFile(result: Inspection): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const c of result.columns) out[c.header] = c.field;
  return out;
}

/** Plain-text report for a terminal. */
export function formatInspection(r: Inspection): string {
  const lines = [
    `${r.file}: ${r.format}${r.encoding ? `, ${r.encoding}` : ''}, ${r.rows} rows, date order ${r.date_order}${r.headerless ? ', NO HEADER ROW (columns named by content)' : ''}`,
    '',
  ];
  const rows = r.columns.map((c) => [
    c.header || `(column ${c.index + 1})`,
    c.field ?? '— extra',
    c.method ?? '',
    c.field ? c.confidence.toFixed(2) : '',
    c.parse_rate === null ? '' : `${(c.parse_rate * 100).toFixed(1)}%`,
    c.samples.join(' | '),
  ]);
  const head = ['column', 'field', 'how', 'conf.', 'parsed', 'samples'];
  const widths = head.map((h, i) =>
    Math.min(32, Math.max(h.length, ...rows.map((row) => width(row[i])))),
  );
  const fmt = (row: string[]) =>
    row.map((cell, i) => (i === row.length - 1 ? cell : pad(cell, widths[i]))).join('  ');
  lines.push(fmt(head), ...rows.map(fmt), '');
  for (const d of r.derived) lines.push(`derived: ${d.rule}`);
  for (const c of r.columns.filter((x) => x.method === 'content'))
    lines.push(`inferred from content: ${c.field} ← "${c.header}" (${c.reason})`);
  if (r.unmapped.length) lines.push(`unmapped (kept in extra): ${r.unmapped.join(', ')}`);
  for (const c of r.columns.filter((x) => x.field === null && x.reason.startsWith('category-like')))
    lines.push(`hint: "${c.header}" is ${c.reason}`);
  for (const m of r.missing) lines.push(`MISSING ${m.field}: no ${m.disables}`);
  if (r.missing.length === 0) lines.push('every key field is present');
  return lines.join('\n') + '\n';
}

/** Display width: CJK characters take two terminal columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

function pad(s: string, w: number): string {
  let out = s;
  while (width(out) > w) out = out.slice(0, -1);
  return out + ' '.repeat(Math.max(0, w - width(out)));
}
