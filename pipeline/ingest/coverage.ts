// Which analyses a file can feed, given the fields its columns map to. A load that is "ok" with 0
// rejects but no description is a silent failure — the dashboard is empty of root causes and
// nobody knows why — so ingest, run and inspect name each missing key field and what it disables.
import type { CanonicalField } from '../schema/fields.ts';
import type { ColumnMapping } from './headers.ts';

export interface MissingField {
  /** The field, or fields of which none is present ("resolved_at|closed_at"). */
  field: string;
  disables: string;
  /** --strict turns these into exit code 3. */
  strict: boolean;
}

interface Requirement {
  anyOf: CanonicalField[];
  disables: string;
  strict: boolean;
  /** Only checked when this field is present (batch matters only once there is a product). */
  when?: CanonicalField;
}

const REQUIREMENTS: Requirement[] = [
  {
    anyOf: ['complaint_id'],
    disables: 'loaded rows (every row is rejected without a complaint id; use --mapping)',
    strict: true,
  },
  {
    anyOf: ['received_at'],
    disables: 'loaded rows (every row is rejected without a received date; use --mapping)',
    strict: true,
  },
  {
    anyOf: ['description'],
    disables: 'root causes (text clusters), keyword categories, emerging causes',
    strict: true,
  },
  {
    anyOf: ['product'],
    disables: 'product and batch hot spots, product breakdowns',
    strict: true,
  },
  {
    anyOf: ['batch'],
    disables: 'batch hot spots (no batch, model year or production date)',
    strict: false,
    when: 'product',
  },
  {
    anyOf: ['resolved_at', 'closed_at'],
    disables: 'handling KPIs (resolution time, timely handling, closed loop)',
    strict: false,
  },
];

/** A field counts as present when a column feeds it or it is derived from ones that do. */
export function hasField(mapping: ColumnMapping, field: CanonicalField): boolean {
  return (mapping.fields[field]?.length ?? 0) > 0 || mapping.derived[field] !== undefined;
}

export function missingFields(mapping: ColumnMapping): MissingField[] {
  return REQUIREMENTS.filter(
    (r) =>
      (r.when === undefined || hasField(mapping, r.when)) &&
      !r.anyOf.some((f) => hasField(mapping, f)),
  ).map((r) => ({ field: r.anyOf.join('|'), disables: r.disables, strict: r.strict }));
}

/** "description (disables …); product (disables …)" for load_runs.missing_fields. */
export function missingText(missing: MissingField[]): string | null {
  return missing.length
    ? missing.map((m) => `${m.field} (disables ${m.disables})`).join('; ')
    : null;
}
