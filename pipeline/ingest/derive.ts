// Product, product category and batch for exports that describe a unit by a hierarchy — brand ›
// series › variant › model year (car-complaint platforms, NHTSA, appliance service tickets) —
// instead of the product / product_category / batch columns the hot-spot models group by. Without
// these, a car export has no hot spots at all. Rules (docs/schema.md, "Derived fields"):
//   product          ← brand + series ("KIA SOUL"), or brand alone, when no column is a product;
//   product_category ← series when a product column exists (车系 above 车型), else brand;
//   batch            ← model year, else the production month (YYYY-MM) of production_date;
//   production_date  ← 1 January of the model year where a row has no production date of its own
//                      (NHTSA's MANUF_DT is blank in most records): without it a model-year batch
//                      has no age, and the hot-spot tests skip it as "no production date";
//   received_at      ← incident_at when the export has no received date at all (owner reports
//                      that carry only the date of the incident): the rows load instead of being
//                      rejected, and trends then count incidents, which the Pipeline page states.
// A column the export does have always wins; every derivation is recorded in load_runs and shown
// on the Pipeline page, never silent.
import type { CanonicalField } from '../schema/fields.ts';
import type { ColumnMapping, Derivation } from './headers.ts';

const has = (m: ColumnMapping, f: CanonicalField) => (m.fields[f]?.length ?? 0) > 0;

/** The derivations that apply to a mapping (fields the export lacks but can build). */
export function deriveHierarchy(mapping: ColumnMapping): ColumnMapping['derived'] {
  const derived: ColumnMapping['derived'] = {};
  const brand = has(mapping, 'brand');
  const series = has(mapping, 'series');
  if (!has(mapping, 'product') && (brand || series)) {
    const from = (['brand', 'series'] as const).filter((f) => has(mapping, f));
    derived.product = { op: 'join', from, rule: `product = ${from.join(' + ')}` };
  }
  if (!has(mapping, 'product_category')) {
    if (has(mapping, 'product') && series)
      derived.product_category = {
        op: 'copy',
        from: ['series'],
        rule: 'product_category = series',
      };
    else if (brand)
      derived.product_category = { op: 'copy', from: ['brand'], rule: 'product_category = brand' };
  }
  if (!has(mapping, 'batch')) {
    if (has(mapping, 'model_year'))
      derived.batch = { op: 'copy', from: ['model_year'], rule: 'batch = model_year' };
    else if (has(mapping, 'production_date'))
      derived.batch = {
        op: 'month',
        from: ['production_date'],
        rule: 'batch = production month (YYYY-MM of production_date)',
      };
  }
  // Unlike the others this one also fills the empty cells of a production-date column the export
  // does have (rawRef coalesces the column first), since such columns are often mostly blank.
  if (has(mapping, 'model_year'))
    derived.production_date = {
      op: 'year_start',
      from: ['model_year'],
      rule: 'production_date = 1 January of model_year where the row gives none',
    };
  if (!has(mapping, 'received_at') && has(mapping, 'incident_at'))
    derived.received_at = {
      op: 'copy',
      from: ['incident_at'],
      rule: 'received_at = incident_at (no received-date column)',
    };
  return derived;
}

/** One line for load_runs.derivation and the logs, e.g. "product = brand + series; batch = model_year". */
export function derivationText(derived: ColumnMapping['derived']): string | null {
  const rules = Object.values(derived).map((d) => d.rule);
  return rules.length ? rules.join('; ') : null;
}

/** SQL over the raw row for a derived field; `ref` gives the cleaned raw text of a source field. */
export function derivedSql(d: Derivation, ref: (f: CanonicalField) => string | null): string {
  const parts = d.from.map(ref).filter((x): x is string => x !== null);
  if (parts.length === 0) return 'null::varchar';
  switch (d.op) {
    case 'join':
      return `nullif(concat_ws(' ', ${parts.join(', ')}), '')`;
    case 'copy':
      return parts[0];
    case 'year_start':
      // Only a plausible four-digit year; anything else stays NULL rather than a made-up date.
      return `case when regexp_full_match(${parts[0]}, '(19|20)[0-9]{2}') then ${parts[0]} || '-01-01' end`;
    case 'month':
      // Production dates are ISO or year-first in the exports seen; a year-last value is read
      // month-first here (the batch label only, production_date itself follows the file's order).
      return `strftime(cl_ts_text_mdy(${parts[0]}, $tz), '%Y-%m')`;
  }
}
