// Exports without a header row (NHTSA's own flat files, fixed dumps from old service systems): the
// readers take the first record as headers, so a complaint would become the column names and be
// lost. When the "headers" look like data — none is a known synonym, and some are dates, numbers
// or sentences — the first record goes back into the raw table as row 0 and the columns are named
// column_1 … column_N, for content inference (infer.ts) to map. Reported, never silent.
import type { Db } from '../db.ts';
import { quotedIdentifier } from '../db.ts';
import { mapHeaders } from './headers.ts';
import type { RawRead } from './readers/types.ts';

const DATE_LIKE = /^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}|^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|^\d{8}$/u;
const NUMBER_LIKE = /^[-+]?\d[\d,]*(\.\d+)?$/u;

/** Whether a header row is really a data record. Pure, for unit tests. */
export function looksHeaderless(headers: string[]): boolean {
  if (headers.length < 2) return false;
  const cells = headers.map((h) => h.trim());
  if (mapHeaders(cells).decisions.some((d) => d.field !== null)) return false;
  const dataLike = cells.filter(
    (h) => DATE_LIKE.test(h) || NUMBER_LIKE.test(h) || h.length > 40 || /[，。！？]/u.test(h),
  ).length;
  return dataLike >= Math.max(1, Math.ceil(cells.length / 4));
}

/**
 * If the header row looks like data, insert it into the raw table as row 0, rename the columns
 * column_1 … and count it as read. Returns true when it did.
 */
export async function promoteHeaderRow(db: Db, table: string, raw: RawRead): Promise<boolean> {
  if (!looksHeaderless(raw.headers)) return false;
  const params: Record<string, string> = {};
  const cols = raw.headers.map((h, i) => {
    params[`h${i}`] = h;
    return `c${i}`;
  });
  await db.run(
    `insert into ${quotedIdentifier(table)} (rn, ${cols.join(', ')}) values (0, ${cols.map((_, i) => `$h${i}`).join(', ')})`,
    params,
  );
  raw.headers = raw.headers.map((_, i) => `column_${i + 1}`);
  raw.rowsRead += 1;
  return true;
}
