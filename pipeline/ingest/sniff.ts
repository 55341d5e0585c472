// Delimiter and header sniffing for delimited text. DuckDB's own sniffer guesses wrong on short or
// messy exports (it picked '|' for a comma file with one bad quote in our tests), so we decide the
// dialect ourselves from the first records and hand DuckDB explicit options.
import { open } from 'node:fs/promises';

const CANDIDATES = [',', '\t', ';', '|'] as const;
export type Delimiter = (typeof CANDIDATES)[number];

export interface Dialect {
  delimiter: Delimiter;
  headers: string[];
  /** The file holds no header record at all (0 bytes or whitespace only). */
  empty: boolean;
}

/** Split text into records and fields, honouring RFC 4180 quotes ("" escapes, quoted newlines). */
export function splitRecords(text: string, delimiter: string, maxRecords: number): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let inQuotes = false;
  let i = 0;
  while (i < text.length && records.length < maxRecords) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') inQuotes = true;
    else if (ch === delimiter) {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (records.length < maxRecords && (field !== '' || record.length > 0)) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/**
 * Pick the delimiter whose field count is most consistent (>1) across the sample records; the
 * header record counts double because exports always have one. Ties go to the candidate order.
 */
export function sniffDelimiter(sample: string): Delimiter {
  let best: Delimiter = ',';
  let bestScore = -1;
  for (const d of CANDIDATES) {
    const recs = splitRecords(sample, d, 50).filter((r) => r.length > 1 || r[0] !== '');
    if (recs.length === 0) continue;
    const headerWidth = recs[0].length;
    if (headerWidth < 2) continue;
    const consistent = recs.filter((r) => r.length === headerWidth).length;
    const score = (consistent + 1) * headerWidth;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** Read the first bytes of a UTF-8 file and work out its delimiter and header record. */
export async function sniffDialect(path: string, delimiter?: string): Promise<Dialect> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    let text = buf.subarray(0, bytesRead).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (bytesRead === buf.length) {
      // Drop the possibly cut last line so that a split multi-byte character does not matter.
      const lastNl = text.lastIndexOf('\n');
      if (lastNl > 0) text = text.slice(0, lastNl + 1);
    }
    return dialectFromText(text, delimiter);
  } finally {
    await fh.close();
  }
}

/** Delimiter and header record of the first part of a file, already decoded. */
export function dialectFromText(text: string, delimiter?: string): Dialect {
  if (text.trim() === '') return { delimiter: ',', headers: [], empty: true };
  const d = (delimiter as Delimiter | undefined) ?? sniffDelimiter(text);
  const [header] = splitRecords(text.replace(/^\s*\n/, ''), d, 1);
  return { delimiter: d, headers: header ?? [], empty: false };
}
