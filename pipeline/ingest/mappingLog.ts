// Writes the mapping a file was loaded with to load_mappings (one row per raw column, one per
// derived field), so the Pipeline page — and anyone querying the warehouse later — can see which
// header fed which field, how that was decided, and which columns went unmapped into `extra`.
import type { Db } from '../db.ts';
import type { ColumnMapping } from './headers.ts';

export async function recordMapping(
  db: Db,
  runId: number,
  file: string,
  mapping: ColumnMapping,
): Promise<void> {
  const app = await db.conn.createAppender('load_mappings');
  const row = (
    index: number | null,
    header: string,
    field: string | null,
    method: string | null,
    confidence: number,
    reason: string,
  ) => {
    app.appendBigInt(BigInt(runId));
    app.appendVarchar(file);
    if (index === null) app.appendNull();
    else app.appendInteger(index);
    app.appendVarchar(header);
    if (field === null) app.appendNull();
    else app.appendVarchar(field);
    if (method === null) app.appendNull();
    else app.appendVarchar(method);
    app.appendDouble(confidence);
    app.appendVarchar(reason);
    app.endRow();
  };
  try {
    for (const d of mapping.decisions)
      row(d.index, d.header, d.field, d.method, d.confidence, d.reason);
    for (const [field, d] of Object.entries(mapping.derived))
      row(null, d.from.join(' › '), field, 'derived', 1, d.rule);
  } finally {
    app.closeSync();
  }
}
