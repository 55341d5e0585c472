// CSV writing (RFC 4180): comma-separated, CRLF line ends, a field quoted when it holds a comma,
// a double quote or a line break, quotes doubled inside. Files start with a UTF-8 byte-order mark
// so Excel opens Chinese text as UTF-8 instead of the system code page.
import { neutraliseCell, type CellValue } from './neutralise.ts';

export const utf8Bom = '\uFEFF';

const needsQuotes = /[",\r\n]/;

/** One field: text neutralised against formula injection, then quoted if needed. */
export function csvField(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = neutraliseCell(value) as string;
  return needsQuotes.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with its CRLF terminator. */
export function csvRecord(values: readonly CellValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
