// `complaint-lens inspect --input FILE`: what a load of this file would do, before doing it. Reads
// the file with the same readers into an in-memory DuckDB, resolves the mapping exactly as ingest
// does (resolve.ts), stages it with the real normalisation SQL to measure each field's parse rate,
// and reports per column: header, proposed field, how it was decided, confidence, three sample
// values, parse rate — plus unmapped columns, derived fields and the analyses each missing field
// disables. `--write-mapping` turns the proposal into a --mapping file that loads unchanged.
import { openDb, type Db } from '../db.ts';
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
  /** Rows where the column has a value (null: kept in extra). */
  present: number | null;
  /** Share of the column's non-empty values that parse as the field (null: kept in extra, or empty). */
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
    if (hasRows)
      await stageAndMeasure(db, 'ingest_raw', 'ingest_staged', raw.headers, mapping, settings, {
        timezone: opts.timezone,
        customerIdSalt: null,
        bounds: opts.bounds,
        today: new Date(),
      });
    const columns: InspectedColumn[] = [];
    for (const d of mapping.decisions) {
      const samples = hasRows
        ? (
            await db.all<{ v: string }>(
              // The first three distinct values in file order, so the same file reads the same.
              `select c${d.index} as v from ingest_raw
               where c${d.index} is not null and trim(c${d.index}) <> '' and rn <= 1000
               group by v order by min(rn) limit 3`,
            )
          ).map((r) => clip(String(r.v)))
        : [];
      const primary = d.field !== null && mapping.fields[d.field]?.[0] === d.index;
      const rate = hasRows && primary ? await columnParseRate(db, d.index, d.field!) : null;
      columns.push({
        ...d,
        confidence: Number(d.confidence.toFixed(2)),
        samples,
        present: rate?.present ?? null,
        parse_rate: rate && rate.present > 0 ? Number(rate.rate.toFixed(4)) : null,
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

/**
 * Parse rate of one column, measured on the rows where that column has a value: the staged field
 * may also be filled from a derivation (production_date from the model year) or a second column,
 * and those rows say nothing about this column (NHTSA's MANUF_DT, blank in every row, read 100 %).
 */
async function columnParseRate(
  db: Db,
  index: number,
  field: string,
): Promise<{ present: number; rate: number }> {
  const [row] = await db.all<{ present: number | bigint; unparsed: number | bigint }>(
    `select count(*) filter (where cl_clean(r.c${index}) is not null) as present,
            count(*) filter (where cl_clean(r.c${index}) is not null and s."${field}" is null) as unparsed
     from ingest_raw r join ingest_staged s using (rn)`,
  );
  const present = Number(row.present);
  return { present, rate: present > 0 ? 1 - Number(row.unparsed) / present : 0 };
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
    c.present === 0 ? 'empty' : c.parse_rate === null ? '' : `${(c.parse_rate * 100).toFixed(1)}%`,
    c.samples.join(' | '),
  ]);
  const head = ['column', 'field', 'how', 'conf.', 'parsed', 'samples'];
  const widths = head.map((h, i) =>
    Math.min(32, Math.max(h.length, ...rows.map((row) => width(row[i])))),
  );
  const fmt = (row: string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : pad(cell, widths[i])))
      .join('  ')
      .trimEnd();
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
