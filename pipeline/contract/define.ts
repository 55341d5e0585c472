// How a mart declares its contract: its key and each column's kind, once, in a file beside its SQL
// (sql/marts/<mart>.contract.ts, as dbt keeps a schema file beside each model). Row types for the
// dashboard and the report are derived from the declaration (MartRow in marts.ts), and
// tests/integration/mart-contract.test.ts fails when a built mart's columns differ from it.
//
// Kinds are logical, not storage types: `integer` accepts INTEGER, BIGINT and HUGEINT (a sum()
// widens the type without changing what the column means), `number` DOUBLE and DECIMAL.
import { bool, day, num, str, strList } from './values.ts';

export type ColumnKind =
  'text' | 'integer' | 'number' | 'date' | 'timestamp' | 'boolean' | 'json' | 'text[]';

export interface MartContract<C extends Record<string, ColumnKind> = Record<string, ColumnKind>> {
  name: string;
  /** Columns whose values identify a row (NULL counts as a value, as in `distinct`). */
  key: readonly (keyof C & string)[];
  columns: C;
}

export function defineMart<const C extends Record<string, ColumnKind>>(
  contract: MartContract<C>,
): MartContract<C> {
  return contract;
}

/** The JavaScript type of a column kind (every mart column may be NULL). */
export type ValueOf<K extends ColumnKind> = K extends 'integer' | 'number'
  ? number | null
  : K extends 'boolean'
    ? boolean | null
    : K extends 'text[]'
      ? string[] | null
      : string | null;

export type RowOf<C extends Record<string, ColumnKind>> = { [K in keyof C]: ValueOf<C[K]> };

const convert: Record<ColumnKind, (v: unknown) => unknown> = {
  text: str,
  json: str,
  timestamp: str,
  date: day,
  integer: num,
  number: num,
  boolean: bool,
  'text[]': strList,
};

/** A row as read (getRowObjectsJson) → typed values of its declared columns; others dropped. */
export function rowOf<C extends Record<string, ColumnKind>>(
  columns: C,
  json: Record<string, unknown>,
): RowOf<C> {
  const row: Record<string, unknown> = {};
  for (const [column, kind] of Object.entries(columns)) row[column] = convert[kind](json[column]);
  return row as RowOf<C>;
}

/** The kind a DuckDB column type (information_schema.columns.data_type) stores; null: none. */
export function kindOfDuckDbType(type: string): ColumnKind | null {
  const t = type.toUpperCase();
  if (t === 'VARCHAR') return 'text';
  if (t === 'VARCHAR[]') return 'text[]';
  if (t === 'JSON') return 'json';
  if (t === 'DATE') return 'date';
  if (t.startsWith('TIMESTAMP')) return 'timestamp';
  if (t === 'BOOLEAN') return 'boolean';
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/.test(t))
    return 'integer';
  if (t === 'DOUBLE' || t === 'FLOAT' || t.startsWith('DECIMAL')) return 'number';
  return null;
}
