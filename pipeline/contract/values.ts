// Values of a mart row as DuckDB's getRowObjectsJson() hands them over (BIGINT, HUGEINT and
// DECIMAL as strings, DATE as 'YYYY-MM-DD', TIMESTAMP as 'YYYY-MM-DD HH:MM:SS') → the plain
// JavaScript values the dashboard and the report use. The one set of converters: the web readers
// and the report had six copies, which had begun to disagree about '' and non-finite numbers.

/** A number, or null for NULL, '' and anything that is not a finite number. */
export function num(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** A count: a number, 0 for NULL. */
export function int(value: unknown): number {
  return num(value) ?? 0;
}

/** Text; a STRUCT, MAP or LIST value as its JSON (never "[object Object]"). */
export function str(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A DATE (or the date of a TIMESTAMP) as 'YYYY-MM-DD'. */
export function day(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value).slice(0, 10);
}

export function bool(value: unknown): boolean | null {
  if (value === null || value === undefined) return null;
  return value === true || value === 'true';
}

/** A LIST of VARCHAR. */
export function strList(value: unknown): string[] | null {
  if (value === null || value === undefined) return null;
  return Array.isArray(value) ? value.map((v) => String(v)) : null;
}
