import type { Db } from '../db.ts';
import { maskRawRow, type RawRowLayout } from './piiText.ts';
import type { RawReject } from './readers/types.ts';

/**
 * Rows a reader could not split into cells go to `rejects` as they were read, with personal data
 * masked first (maskRawRow: by header where the row still splits into the file's columns, by
 * content everywhere), like every other stored row: the raw table's masking (pii.ts) never sees
 * them, since they never reach it.
 */
export async function insertReaderRejects(
  db: Db,
  runId: number,
  file: string,
  rejects: RawReject[],
  layout: RawRowLayout = {},
): Promise<void> {
  if (rejects.length === 0) return;
  const app = await db.conn.createAppender('rejects');
  for (const r of rejects) {
    app.appendBigInt(BigInt(runId));
    app.appendVarchar(file);
    if (r.rowNumber === null) app.appendNull();
    else app.appendBigInt(BigInt(r.rowNumber));
    app.appendVarchar(r.reason);
    app.appendVarchar(r.message);
    app.appendVarchar(maskRawRow(r.raw, layout));
    app.appendNull();
    app.endRow();
  }
  app.closeSync();
}
