// Declared value bounds, checked at ingest for every parsed value (issue 13, item 2; issue 12,
// item 5). One out-of-range value must never reach a model: a received date in year 9999 made every
// later night's zero-filled weekly series run out of memory, and one negative dispatch count failed
// every later build on a data test. So a value outside its bounds is stored as NULL (optional field;
// counted in field_quality.unparsed with an annotated example, the row is kept) or the row is
// rejected with reason `received_at_out_of_range` (the required received date). docs/schema.md
// lists the bounds and the reject reasons.
import type { CanonicalField, FieldKind } from '../schema/fields.ts';
import { FIELD_SPECS } from '../schema/fields.ts';

export interface BoundsSettings {
  /** Earliest plausible date (ISO yyyy-mm-dd) for received, incident, production … dates. */
  dateFloor: string;
  /** Dates more than this many days after today are implausible. */
  maxFutureDays: number;
  /** Allow negative compensation and dispatch counts (e.g. refunds booked as reversals). */
  allowNegativeAmounts: boolean;
}

export const DEFAULT_BOUNDS: BoundsSettings = {
  dateFloor: '1990-01-01',
  maxFutureDays: 30,
  allowNegativeAmounts: false,
};

/** Upper bounds no real complaint reaches; they keep sums and series finite and meaningful. */
export const MAX_DISPATCH_COUNT = 10_000;
export const MAX_MONEY = 1_000_000_000;

/** The window of plausible dates for a run started at `today` (local date, yyyy-mm-dd). */
export function dateWindow(b: BoundsSettings, today: Date): { floor: string; ceiling: string } {
  const ceiling = new Date(today.getTime() + b.maxFutureDays * 86_400_000);
  return { floor: b.dateFloor, ceiling: ceiling.toISOString().slice(0, 10) };
}

/** Kinds whose parsed values are range-checked (text, ids, statuses … have no numeric range). */
const BOUNDED_KINDS: ReadonlySet<FieldKind> = new Set([
  'timestamp',
  'date',
  'integer',
  'money',
  'satisfaction',
]);

export function boundedFields(): CanonicalField[] {
  return FIELD_SPECS.filter((f) => BOUNDED_KINDS.has(f.kind)).map((f) => f.name);
}

/**
 * SQL condition: the parsed value `v` of a field of `kind` lies inside its bounds. Uses the bound
 * parameters $date_floor, $date_ceiling (dates), $min_count and $min_money.
 */
export function inRangeSql(kind: FieldKind, v: string): string {
  switch (kind) {
    case 'timestamp':
    case 'date':
      // isfinite: Parquet and DuckDB carry ±infinity dates, which compare as in range to nothing useful.
      return `(isfinite(${v}) and ${v}::date between $date_floor::date and $date_ceiling::date)`;
    case 'integer':
      return `(${v} between $min_count and ${MAX_DISPATCH_COUNT})`;
    case 'money':
      return `(${v} between $min_money and ${MAX_MONEY})`;
    case 'satisfaction':
      return `(${v} between 0 and 1)`;
    default:
      return 'true';
  }
}

/** Plain words for the data-quality example and the reject message. */
export function boundsText(kind: FieldKind, p: { floor: string; ceiling: string }, neg: boolean) {
  switch (kind) {
    case 'timestamp':
    case 'date':
      return `outside the plausible dates ${p.floor} … ${p.ceiling}`;
    case 'integer':
      return `outside ${neg ? -MAX_DISPATCH_COUNT : 0} … ${MAX_DISPATCH_COUNT}`;
    case 'money':
      return `outside ${neg ? -MAX_MONEY : 0} … ${MAX_MONEY}`;
    case 'satisfaction':
      return 'outside the satisfaction scale of the file';
    default:
      return 'out of range';
  }
}

/** Bound parameters for inRangeSql. */
export function boundsParams(b: BoundsSettings, today: Date) {
  const w = dateWindow(b, today);
  return {
    date_floor: w.floor,
    date_ceiling: w.ceiling,
    min_count: b.allowNegativeAmounts ? -MAX_DISPATCH_COUNT : 0,
    min_money: b.allowNegativeAmounts ? -MAX_MONEY : 0,
  };
}
