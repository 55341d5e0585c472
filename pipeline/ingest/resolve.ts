// The full column mapping of one loaded file, as ingest and inspect both use it: header synonyms
// and the user's mapping (headers.ts), then content inference for fields no header claimed
// (infer.ts), then the product hierarchy derivations (derive.ts). One function, so `inspect`
// proposes exactly what `ingest` will do.
import type { Db } from '../db.ts';
import { deriveHierarchy } from './derive.ts';
import { mapHeaders, type ColumnMapping, type UserMapping } from './headers.ts';
import { inferColumns } from './infer.ts';

export async function resolveMapping(
  db: Db,
  rawTable: string,
  headers: string[],
  userMapping: UserMapping | undefined,
  hasRows: boolean,
): Promise<ColumnMapping> {
  const mapping = mapHeaders(headers, userMapping);
  if (hasRows) await inferColumns(db, rawTable, headers, mapping);
  mapping.derived = deriveHierarchy(mapping);
  return mapping;
}
