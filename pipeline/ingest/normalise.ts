// Value normalisation, done in SQL so that a million rows are parsed by DuckDB's vectorised engine
// rather than one JavaScript call per cell. installNormalisers() defines temporary macros on the
// connection; stageSql() builds the statement that turns a raw table into canonical rows.
//
// Rules (docs/schema.md documents them for users):
// - every text value: full-width ASCII → half-width, trimmed (also U+3000), empty → NULL;
// - timestamps: ISO 8601 (with or without T, fractions, offsets — converted to the configured
//   time zone), 2026/3/5 14:03, 2026年3月5日 14时03分, 2026.03.05, 20260305, Excel serials
//   (10000–80000 days since 1899-12-30), epoch seconds/milliseconds, "Mar 19, 2015"; year-last
//   dates (3/19/2015) in the file's inferred or configured day/month order;
// - money: ¥ ￥ $ 元 RMB CNY stripped, thousands separators only in groups of three (1,234.50;
//   "1,2,3" is not a number), 万 multiplies by 10,000;
// - counts: whole numbers only ("2.5" dispatches is unparseable, not 2);
// - satisfaction: words, stars, "x/y", percentages, or plain numbers on the file's inferred scale
//   (≤1 fraction, ≤5 a 1–5 rating r → r/5, ≤10 → /10, ≤100 → /100), giving 0–1; the scale is the
//   smallest one that explains all but a few outliers, which are nulled, never rescale the file;
// - every parsed date, count, amount and satisfaction is checked against the bounds declared in
//   bounds.ts; out-of-range values become NULL (counted, with an example) or reject the row.
// - PII in free text: phone numbers, ID-card numbers and e-mail addresses masked.
import type { Db, Params } from '../db.ts';
import { quotedIdentifier, quotedString } from '../db.ts';
import { FIELD_SPECS, type CanonicalField, type FieldSpec } from '../schema/fields.ts';
import { derivedSql } from './derive.ts';
import {
  boundedFields,
  boundsParams,
  boundsText,
  dateWindow,
  inRangeSql,
  type BoundsSettings,
} from './bounds.ts';
import type { ColumnMapping } from './headers.ts';
import { maskPiiSql } from './piiText.ts';
import { vocabRows } from './vocab.ts';

const FULL_WIDTH =
  Array.from({ length: 94 }, (_, i) => String.fromCharCode(0xff01 + i)).join('') + '\u3000';
const FULL_WIDTH_CLASS = '\uff01-\uff5e\u3000';
const HALF_WIDTH =
  Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)).join('') + ' ';

const TS_FORMATS = [
  '%Y-%m-%d %H:%M:%S.%f',
  '%Y-%m-%d %H:%M:%S',
  '%Y-%m-%d %H:%M',
  '%Y-%m-%d %H',
  '%Y-%m-%d',
  '%Y%m%d %H:%M:%S',
  '%Y%m%d',
  '%b %d, %Y %H:%M:%S',
  '%b %d, %Y',
  '%B %d, %Y',
  '%d %b %Y',
  '%d-%b-%Y',
  '%d %B %Y',
];

export type DateOrder = 'mdy' | 'dmy';
export type SatisfactionScale = 'fraction' | 'five' | 'ten' | 'hundred';

const lit = (s: string) => quotedString(s);

/**
 * Timestamp macros, one pair per day/month order. The order is baked into each macro as a constant:
 * a regexp_replace whose replacement is an expression is compiled per row by DuckDB, which made
 * timestamp parsing 20x slower. ISO text (nearly every export) takes a strptime fast path first;
 * coalesce evaluates the slow path only for the rows the fast path could not parse.
 */
function timestampMacros(): string {
  const formats = `[${TS_FORMATS.map(lit).join(', ')}]`;
  return (['mdy', 'dmy'] as const)
    .map(
      (ord) => `
    -- Chinese and dotted/slashed forms → ISO-like text strptime understands.
    create or replace temp macro cl_ts_prep_${ord}(x) as
      regexp_replace(
        regexp_replace(
          regexp_replace(
            regexp_replace(
              regexp_replace(
                replace(replace(replace(replace(replace(replace(replace(x, '年', '-'), '月', '-'), '日', ' '), '号', ' '), '时', ':'), '分', ':'), '秒', ''),
                '^(\\d{4})[./](\\d{1,2})[./](\\d{1,2})', '\\1-\\2-\\3'),
              '^(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})', ${lit(ord === 'dmy' ? '\\3-\\2-\\1' : '\\3-\\1-\\2')}),
            '^(\\d{4}-\\d{1,2}-\\d{1,2})T', '\\1 '),
          ':$', ''),
        '\\s+', ' ', 'g');

    create or replace temp macro cl_ts_text_${ord}(x, tz) as
      coalesce(
        -- one format per length: a list made every date-only value fail twice first (~35 % of
        -- the fast path's cost); anything it misses falls through to the full list below
        case when x[5] = '-' then case length(x)
          when 19 then try_strptime(x, '%Y-%m-%d %H:%M:%S')
          when 16 then try_strptime(x, '%Y-%m-%d %H:%M')
          when 10 then try_strptime(x, '%Y-%m-%d') end end,
        case
          when x is null then null
          when regexp_full_match(x, '\\d{13}') then timezone(tz, to_timestamp(x::bigint / 1000.0))
          when regexp_full_match(x, '\\d{10}') then timezone(tz, to_timestamp(x::bigint))
          when regexp_full_match(x, '\\d{5}(\\.\\d+)?') and x::double between 10000 and 80000
            then timestamp '1899-12-30' + to_microseconds(round(x::double * 86400000000)::bigint)
          when regexp_matches(x, '^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?\\s*(Z|[+-]\\d{2}(:?\\d{2})?)$')
            then timezone(tz, try_cast(x as timestamptz))
          else try_strptime(cl_ts_prep_${ord}(x), ${formats})
        end);`,
    )
    .join('\n');
}

export async function installNormalisers(db: Db): Promise<void> {
  const TS_MACROS = timestampMacros();
  await db.run(`
    -- translate() with a 95-character map costs ~4 µs a call; the RE2 guard makes ASCII-only
    -- values (nearly all) skip it, which took staging from minutes to seconds per million rows.
    create or replace temp macro cl_clean(s) as
      nullif(trim(case when regexp_matches(s::varchar, ${lit(`[${FULL_WIDTH_CLASS}]`)})
                       then translate(s::varchar, ${lit(FULL_WIDTH)}, ${lit(HALF_WIDTH)})
                       else s::varchar end, ${lit(' \t\r\n')}), '');

    -- Narratives keep their full-width punctuation (，。！): only trimmed.
    create or replace temp macro cl_trim(s) as
      nullif(trim(s::varchar, ${lit(' \t\r\n\u3000')}), '');

    create or replace temp macro cl_key(s) as
      lower(regexp_replace(cl_clean(s), '[\\s_\\-]+', '', 'g'));

${TS_MACROS}
    create or replace temp macro cl_ts_text(x, ord, tz) as
      case when ord = 'dmy' then cl_ts_text_dmy(x, tz) else cl_ts_text_mdy(x, tz) end;

    create or replace temp macro cl_ts(s, ord, tz) as cl_ts_text(cl_clean(s), ord, tz);

    create or replace temp macro cl_money_text(v) as
      case when v like '%万' then try_cast(try_cast(rtrim(v, '万') as double) * 10000 as decimal(18, 2))
           else try_cast(v as decimal(18, 2)) end;

    -- Commas are thousands separators only in groups of three: "1,2,3" or "12,50" stays
    -- unparseable (NULL, counted) instead of silently becoming 123 or 1250.
    create or replace temp macro cl_money_unit(x) as
      regexp_replace(x, '[¥￥$\\s元]|RMB|CNY|人民币', '', 'gi');
    create or replace temp macro cl_money_clean(x) as
      cl_money_text(case when regexp_full_match(cl_money_unit(x), '-?\\d{1,3}(,\\d{3})+(\\.\\d+)?万?')
                         then replace(cl_money_unit(x), ',', '') else cl_money_unit(x) end);

    create or replace temp macro cl_money(s) as cl_money_clean(cl_clean(s));

    -- Whole numbers only: a count of 2.5 is a data error, not 2 (try_cast would round it).
    create or replace temp macro cl_int_number(x) as
      try_cast(regexp_replace(x, '[次回个\\s]', '', 'g') as double);
    create or replace temp macro cl_int_clean(x) as
      case when cl_int_number(x) = floor(cl_int_number(x)) then try_cast(cl_int_number(x) as integer) end;

    create or replace temp macro cl_int(s) as cl_int_clean(cl_clean(s));

    create or replace temp macro cl_sat_number(x, scale) as
      case
        when x is null then null
        when x like '%★%' then length(regexp_replace(x, '[^★]', '', 'g')) / 5.0
        when regexp_full_match(x, '-?\\d+(\\.\\d+)?\\s*%') then try_cast(rtrim(x, '% ') as double) / 100
        when regexp_full_match(x, '\\d+(\\.\\d+)?\\s*/\\s*\\d+(\\.\\d+)?')
          then try_cast(split_part(x, '/', 1) as double) / nullif(try_cast(split_part(x, '/', 2) as double), 0)
        else try_cast(regexp_replace(x, '\\s*(星|分|stars?|points?)$', '') as double)
             / case scale when 'fraction' then 1.0 when 'five' then 5.0 when 'ten' then 10.0 else 100.0 end
      end;

    -- Phone numbers, ID-card numbers, e-mail addresses and Chinese street addresses: the rules of
    -- piiText.ts (piiRules), generated from the one list the dashboard's JavaScript masking uses.
    -- Every pattern needs four digits in a row, an @ or a digit before 号: the guard skips the six
    -- replacements for the many narratives that only mention a day count or a price.
    create or replace temp macro cl_mask_pii(s) as
      case when not regexp_matches(s, '\\d{4}|@|\\d\\s*号') then s else ${maskPiiSql('s', lit)} end;

    create or replace temp macro cl_region_clean(x) as
      regexp_replace(x, '(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$', '');

    create or replace temp macro cl_region(s) as cl_region_clean(cl_clean(s));

    create or replace temp table cl_vocab (kind varchar, key varchar, value varchar);
    delete from cl_vocab;
  `);
  const app = await db.conn.createAppender('cl_vocab');
  for (const r of vocabRows()) {
    app.appendVarchar(r.kind);
    app.appendVarchar(r.key);
    app.appendVarchar(r.value);
    app.endRow();
  }
  app.closeSync();
}

/** Columns of the raw table that feed a field, as SQL (coalesced in header order). */
export function rawRef(mapping: ColumnMapping, field: CanonicalField): string | null {
  const idx = mapping.fields[field];
  const derived = mapping.derived[field];
  const fromDerivation = derived ? derivedSql(derived, (f) => rawRef(mapping, f)) : null;
  if (!idx || idx.length === 0) return fromDerivation;
  const clean =
    FIELD_SPECS.find((f) => f.name === field)?.kind === 'longtext' ? 'cl_trim' : 'cl_clean';
  // A derivation beside real columns (production_date from the model year) fills their gaps only.
  const cols = [
    ...idx.map((i) => `${clean}(r.c${i})`),
    ...(fromDerivation ? [fromDerivation] : []),
  ];
  return cols.length === 1 ? cols[0] : `coalesce(${cols.join(', ')})`;
}

export interface FileSettings {
  dateOrder: DateOrder;
  /** How the order was decided: 'inferred' from values, 'configured', or 'default' (ambiguous). */
  dateOrderSource: 'inferred' | 'configured' | 'default';
  satisfactionScale: SatisfactionScale;
}

/**
 * Infer day/month order of year-last dates (3/19/2015 vs 19/3/2015) from the values: a first
 * component above 12 proves day-first, a second above 12 proves month-first. All timestamp fields
 * of a file are assumed to share one order. Satisfaction scale: see inferSatisfactionScale().
 */
export async function inferFileSettings(
  db: Db,
  rawTable: string,
  mapping: ColumnMapping,
  configured: 'auto' | 'ymd' | 'mdy' | 'dmy',
): Promise<FileSettings> {
  const t = quotedIdentifier(rawTable);
  const tsRefs = FIELD_SPECS.filter((f) => f.kind === 'timestamp' || f.kind === 'date')
    .map((f) => rawRef(mapping, f.name))
    .filter((x): x is string => x !== null);
  let dateOrder: DateOrder = configured === 'dmy' ? 'dmy' : 'mdy';
  let dateOrderSource: FileSettings['dateOrderSource'] =
    configured === 'auto' || configured === 'ymd' ? 'default' : 'configured';
  if (configured === 'auto' && tsRefs.length > 0) {
    const parts = tsRefs
      .map(
        // The first 200,000 rows decide: any day from the 13th on settles the order, and scanning
        // every row of a multi-GB file for it cost seconds.
        (ref) =>
          `select regexp_extract(${ref}, '^(\\d{1,2})[/.-](\\d{1,2})[/.-]\\d{4}', ['a', 'b']) as m from ${t} r where r.rn <= 200000`,
      )
      .join(' union all ');
    const row = await db.one<{ a: number | null; b: number | null }>(
      `select max(try_cast(m.a as integer)) as a, max(try_cast(m.b as integer)) as b from (${parts}) where m.a <> ''`,
    );
    if (row && row.a !== null && row.a > 12) {
      dateOrder = 'dmy';
      dateOrderSource = 'inferred';
    } else if (row && row.b !== null && row.b > 12) {
      dateOrder = 'mdy';
      dateOrderSource = 'inferred';
    }
  }
  let satisfactionScale: SatisfactionScale = 'five';
  const satRef = rawRef(mapping, 'satisfaction');
  if (satRef) {
    const row = await db.one<Record<'n' | 'le1' | 'le5' | 'le10' | 'le100', number | bigint>>(
      `with v as (select try_cast(regexp_replace(${satRef}, '\\s*(星|分|stars?|points?)$', '') as double) as x from ${t} r)
       select count(x) as n, count(*) filter (where x <= 1) as le1, count(*) filter (where x <= 5) as le5,
              count(*) filter (where x <= 10) as le10, count(*) filter (where x <= 100) as le100 from v`,
    );
    if (row) satisfactionScale = inferSatisfactionScale(row);
  }
  return { dateOrder, dateOrderSource, satisfactionScale };
}

/**
 * The smallest scale that explains all plain-number satisfaction values but a few outliers
 * (at most 1 %, and at least one value once there are 20): one stray 150 in a file of 1–5 ratings
 * used to move the whole file to the 0–100 scale (every 5 became 0.05). The outliers then fall
 * outside 0–1 after scaling and are nulled and counted like any out-of-range value.
 */
export function inferSatisfactionScale(
  c: Record<'n' | 'le1' | 'le5' | 'le10' | 'le100', number | bigint>,
): SatisfactionScale {
  const n = Number(c.n);
  if (n === 0) return 'five';
  const tolerated = n >= 20 ? Math.max(1, Math.floor(n * 0.01)) : 0;
  const explains = (k: number | bigint) => n - Number(k) <= tolerated;
  if (explains(c.le1)) return 'fraction';
  if (explains(c.le5)) return 'five';
  if (explains(c.le10)) return 'ten';
  return 'hundred';
}

/**
 * SQL expression that parses a field from its already-cleaned text (raw_values cleans each column
 * once; macros expand textually, so cleaning inside them would repeat the work per use).
 */
function parsedExpr(spec: FieldSpec, raw: string | null, order: DateOrder): string {
  const x = raw ?? 'null::varchar';
  switch (spec.kind) {
    case 'id':
      return spec.name === 'customer_id'
        ? `case when $salt is null then ${x} else sha256($salt || ${x}) end`
        : x;
    case 'text':
      return spec.name === 'region' ? `cl_region_clean(${x})` : x;
    case 'longtext':
      return `cl_mask_pii(${x})`;
    case 'timestamp':
      return `cl_ts_text_${order}(${x}, $tz)`;
    case 'date':
      return `cl_ts_text_${order}(${x}, $tz)::date`;
    case 'integer':
      return `cl_int_clean(${x})`;
    case 'money':
      return `cl_money_clean(${x})`;
    case 'number':
      // usage: "12,345 miles", "3.5万公里", "800 h" → the number (units are not converted).
      return `try_cast(regexp_extract(replace(${x}, ',', ''), '-?\\d+(\\.\\d+)?') as double)
              * case when ${x} like '%万%' then 10000 else 1 end`;
    case 'satisfaction':
      // Values outside 0–1 after scaling are nulled by the bounds check (stageSql), and counted.
      return `coalesce(try_cast(v_sat.value as double), cl_sat_number(${x}, $sat_scale))`;
    case 'status':
      return `v_status.value`;
    case 'channel':
      return `coalesce(v_channel.value, ${x})`;
  }
}

export interface StageStatement {
  sql: string;
  params: Params;
}

/**
 * Build `create temp table <staged> as …`: one row per raw row with rn, every canonical field
 * parsed, has_<field> (the raw text was present, for unparsed counts), extra JSON, the reject reason
 * for rows missing a required value, and row_hash. Staged rows stay narrow on purpose: the raw row
 * for a reject is rebuilt from the raw table by rn (rawRowExpr), only for rejected rows.
 */
export interface StageOptions {
  timezone: string;
  customerIdSalt: string | null;
  bounds: BoundsSettings;
  /** The day the future-date bound counts from. */
  today: Date;
}

export function stageSql(
  rawTable: string,
  stagedTable: string,
  headers: string[],
  mapping: ColumnMapping,
  settings: FileSettings,
  opts: StageOptions,
): StageStatement {
  const params: Params = {
    tz: opts.timezone,
    sat_scale: settings.satisfactionScale,
    salt: opts.customerIdSalt,
    ...boundsParams(opts.bounds, opts.today),
  };
  const rawCols: string[] = [];
  const parsedCols: string[] = [];
  for (const spec of FIELD_SPECS) {
    const raw = rawRef(mapping, spec.name);
    rawCols.push(`${raw ?? 'null::varchar'} as raw_${spec.name}`);
    parsedCols.push(
      `${parsedExpr(spec, `p.raw_${spec.name}`, settings.dateOrder)} as ${spec.name}`,
    );
  }
  const satRaw = `p.raw_satisfaction as satisfaction_raw`;
  let extra = 'null::json';
  if (mapping.extra.length > 0) {
    // Empty cells are left out of extra: a key with no value says nothing and bloats every row.
    const entries = mapping.extra.map((e, i) => {
      params[`xk${i}`] = e.key;
      return `{'k': $xk${i}::varchar, 'v': r.c${e.index}}`;
    });
    extra = `nullif(to_json(map_from_entries(list_filter([${entries.join(', ')}], e -> e.v is not null)))::varchar, '{}')::json`;
  }
  // Every bounded field: the value if inside its bounds, else NULL, and oor_<field> saying so.
  const kindOf = (f: CanonicalField) => FIELD_SPECS.find((s) => s.name === f)!.kind;
  const bounded = boundedFields();
  const checked = bounded.map(
    (f) => `case when ${inRangeSql(kindOf(f), `p.${f}`)} then p.${f} end as ${f}`,
  );
  const flags = bounded.map(
    (f) =>
      `coalesce(p.${f} is not null and not ${inRangeSql(kindOf(f), `p.${f}`)}, false) as oor_${f}`,
  );
  // concat_ws skips NULLs: a hashWhenPresent field without a value leaves the hash as it was.
  const hashed = FIELD_SPECS.map((f) =>
    f.hashWhenPresent ? `${f.name}::varchar` : `coalesce(${f.name}::varchar, '\\N')`,
  )
    .concat([`coalesce(satisfaction_raw, '\\N')`, `coalesce(extra::varchar, '\\N')`])
    .join(', ');

  const sql = `
    create or replace temp table ${quotedIdentifier(stagedTable)} as
    with raw_values as (
      select r.rn, ${rawCols.join(',\n             ')}, ${extra} as extra
      from ${quotedIdentifier(rawTable)} r
    ),
    parsed as (
      select p.rn, ${parsedCols.join(',\n             ')}, ${satRaw}, p.extra, p.raw_received_at,
             ${FIELD_SPECS.map((f) => `p.raw_${f.name} is not null as has_${f.name}`).join(', ')}
      from raw_values p
      left join cl_vocab v_status on v_status.kind = 'status' and v_status.key = cl_key(p.raw_status)
      left join cl_vocab v_channel on v_channel.kind = 'channel' and v_channel.key = cl_key(p.raw_channel)
      left join cl_vocab v_sat on v_sat.kind = 'satisfaction' and v_sat.key = cl_key(p.raw_satisfaction)
    ),
    bounded as (
      select * replace (${checked.join(', ')}),
             ${flags.join(', ')}
      from parsed p
    ),
    final as (
      select *,
             case
               when complaint_id is null then 'missing_complaint_id'
               when not has_received_at then 'missing_received_at'
               when oor_received_at then 'received_at_out_of_range'
               when received_at is null then 'invalid_received_at'
             end as reject_reason,
             md5(concat_ws(chr(31), ${hashed})) as row_hash
      from bounded
    )
    select * from final`;
  return { sql, params };
}

/** Per field: rows, empty values, and values present but unparseable or out of range (stored as NULL). */
export function qualitySql(stagedTable: string): string {
  const t = quotedIdentifier(stagedTable);
  const parts = FIELD_SPECS.map(
    (f) => `select ${lit(f.name)} as field, count(*) as rows,
              count(*) filter (where not has_${f.name}) as nulls,
              count(*) filter (where has_${f.name} and ${f.name} is null) as unparsed
       from ${t}`,
  );
  return parts.join('\nunion all\n');
}

/**
 * One unparseable or out-of-range raw value of a field, for the data-quality example (run only when
 * unparsed > 0); an out-of-range one says which bounds it broke, e.g. "9999-12-31 (outside the
 * plausible dates 1990-01-01 … 2027-01-06)".
 */
export function unparsedExampleSql(
  stagedTable: string,
  rawTable: string,
  mapping: ColumnMapping,
  field: CanonicalField,
  bounds: { settings: BoundsSettings; today: Date },
): string | null {
  const raw = rawRef(mapping, field);
  if (!raw) return null;
  const spec = FIELD_SPECS.find((f) => f.name === field)!;
  if (boundedFields().includes(field)) {
    const why = boundsText(
      spec.kind,
      dateWindow(bounds.settings, bounds.today),
      bounds.settings.allowNegativeAmounts,
    );
    return `select ${raw} || case when s.oor_${field} then ${lit(` (${why})`)} else '' end as example
            from ${quotedIdentifier(rawTable)} r
            join ${quotedIdentifier(stagedTable)} s using (rn)
            where s.has_${field} and s.${field} is null order by s.oor_${field} desc limit 1`;
  }
  return `select ${raw} as example from ${quotedIdentifier(rawTable)} r
          join ${quotedIdentifier(stagedTable)} s using (rn)
          where s.has_${field} and s.${field} is null limit 1`;
}

/**
 * The raw row as a JSON object {header: cell} (alias r = the raw table), kept with rejects. Each
 * cell gets the content masking (cl_mask_pii) unless privacy.keepRaw names its header: the raw
 * table has its personal-data columns masked by header already (pii.ts), but not the canonical
 * free text, which staging masks — a rejected row never gets there.
 */
export function rawRowExpr(
  headers: string[],
  keepRaw: readonly string[] = [],
): { expr: string; params: Params } {
  const params: Params = {};
  const keep = new Set(keepRaw);
  const pairs = headers.map((h, i) => {
    params[`hk${i}`] = h.trim() === '' ? `column_${i + 1}` : h;
    return `$hk${i}, ${keep.has(h) ? `r.c${i}` : `cl_mask_pii(r.c${i})`}`;
  });
  return { expr: pairs.length > 0 ? `json_object(${pairs.join(', ')})::varchar` : `''`, params };
}
