// The contract every reader fulfils: rows land in a raw DuckDB table with columns
// `rn BIGINT` (1-based data-record order) then `c0 … c{n-1} VARCHAR`, one per header.
/** Widest table any reader builds: wider headers or records are rejected with a plain reason. */
export const MAX_COLUMNS = 2048;

export interface RawReject {
  rowNumber: number | null;
  /** snake_case reason code, e.g. too_many_columns, invalid_json. */
  reason: string;
  message: string;
  raw: string;
}

export interface RawRead {
  /** Original header strings, duplicates kept; readers may append `column_N` for wider rows. */
  headers: string[];
  /** Every data record read, rejected ones included: rowsRead = rows in the raw table + rejects. */
  rowsRead: number;
  rejects: RawReject[];
  /** Things the user should know about how the file was read (e.g. an encoding switch). */
  notes?: string[];
}
