import type { Db } from '../db.ts';
import type { RawReject } from './readers/types.ts';

/** Rows a reader could not split into cells go to `rejects` as they were read. */
export async function insertReaderRejects(
  db: Db,
  runId: number,
  file: string,
  rejects: RawReject[],
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
    app.appendVarchar(r.raw);
    app.appendNull();
    app.endRow();
  }
  app.closeSync();
}
