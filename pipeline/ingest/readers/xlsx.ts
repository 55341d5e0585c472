// XLSX → raw table with exceljs's streaming reader: rows are parsed from the zipped sheet XML one
// at a time and appended to DuckDB, so a 1,000,000-row sheet never sits in memory (only the
// shared-string table does, as Excel's format requires).
//
// Cell text: strings as-is; rich text concatenated; formulas → their cached result; hyperlinks →
// their display text; booleans 'true'/'false'; error cells → the code ('#N/A'); numbers → the
// shortest round-trip string; cells with a date/time number format (exceljs hands those over as
// JS Dates holding the naive wall-clock time as UTC) → 'YYYY-MM-DD HH:MM:SS', 'YYYY-MM-DD' when
// the time is midnight, 'HH:MM:SS' for a bare time. Numbers without a date format stay numbers:
// the normaliser decides whether 45356 in a date field is an Excel serial.
import { InputError } from '../inputError.ts';

import ExcelJS from 'exceljs';
import { quotedIdentifier, type Db } from '../../db.ts';
import { RawTableWriter } from './json.ts';
import { MAX_COLUMNS, type RawRead, type RawReject } from './types.ts';

type Cells = (string | null)[];

// exceljs's streaming reader classes are not in its type declarations; these are the parts used.
interface StreamRow {
  values: unknown[] | Record<string, unknown>;
  number: number;
  getCell(col: number): { numFmt?: string };
}
interface StreamWorksheet extends AsyncIterable<StreamRow> {
  name: string;
  id: number | string;
}
interface StreamWorkbook extends AsyncIterable<StreamWorksheet> {
  model?: { sheets?: { name: string }[] };
  styles?: { index?: { numFmt?: Record<string, string> } };
}

/**
 * Built-in number formats 27–36 and 50–58 are locale-dependent (Chinese, Japanese, Korean date
 * and time formats such as yyyy"年"m"月"d"日"); exceljs resolves only the locale-independent
 * built-ins, so a date typed into a Chinese Excel would arrive as a bare serial number. Registering
 * the zh-CN codes on the parsed style table (before any row is read) makes them dates again.
 */
const ZH_CN_BUILTIN_FORMATS: Record<number, string> = {
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: 'm-d-yy',
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"',
  33: 'h"时"mm"分"ss"秒"',
  34: '上午/下午h"时"mm"分"',
  35: '上午/下午h"时"mm"分"ss"秒"',
  36: 'yyyy"年"m"月"',
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: 'm"月"d"日"',
  55: '上午/下午h"时"mm"分"',
  56: '上午/下午h"时"mm"分"ss"秒"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

function registerLocaleDateFormats(book: StreamWorkbook): void {
  const numFmt = book.styles?.index?.numFmt;
  if (!numFmt || typeof numFmt !== 'object') return;
  for (const [id, code] of Object.entries(ZH_CN_BUILTIN_FORMATS))
    if (numFmt[id] === undefined) numFmt[id] = code;
}

/** Same test exceljs applies (date/time tokens outside quotes and [..] sections). */
export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const bare = fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]/.test(bare) || /[年月日时分秒]/.test(bare);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A date cell (naive wall-clock time stored as UTC) as text, rounded to the second. */
export function excelDateText(d: Date): string | null {
  const ms = d.getTime();
  if (Number.isNaN(ms)) return null;
  const t = new Date(Math.round(ms / 1000) * 1000);
  const time = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
  // Serial < 1 (Excel's day 0 is 1899-12-30/31): a time of day without a date.
  if (t.getTime() < Date.UTC(1899, 11, 31)) return time;
  const date = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  return time === '00:00:00' ? date : `${date} ${time}`;
}

/** Excel serial (1900 date system) → the Date exceljs would have produced for a date cell. */
function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

/** One cell value from exceljs as raw-table text (null for empty). */
export function excelCellText(value: unknown, numFmt?: string, date1904 = false): string | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return value === '' ? null : value;
    case 'number':
      return Number.isFinite(value) ? String(value) : null;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof Date) return excelDateText(value);
  const v = value as Record<string, unknown>;
  if (typeof v.error === 'string') return v.error;
  if (Array.isArray(v.richText))
    return (
      (v.richText as { text?: unknown }[])
        .map((r) => (typeof r.text === 'string' ? r.text : ''))
        .join('') || null
    );
  if ('formula' in v || 'sharedFormula' in v || 'result' in v) {
    // The streaming reader parses every non-string cached result with parseFloat, so a formula
    // showing a date arrives as a serial (converted here by its format), and an error result
    // arrives as NaN: its code is lost, the cell is empty.
    const r = v.result;
    if (typeof r === 'number' && Number.isFinite(r) && isDateFormat(numFmt))
      return excelDateText(serialToDate(r, date1904));
    if (
      r !== null &&
      typeof r === 'object' &&
      !(r instanceof Date) &&
      typeof (r as { error?: unknown }).error === 'string'
    ) {
      return (r as { error: string }).error;
    }
    return excelCellText(r, undefined, date1904);
  }
  if ('text' in v) return excelCellText(v.text, numFmt, date1904); // hyperlink {text, hyperlink}
  if (typeof v.hyperlink === 'string') return v.hyperlink;
  return JSON.stringify(v);
}

/** Row → cells (index 0 = column A); trailing empty cells dropped; null when the row is empty. */
function rowCells(row: StreamRow, date1904: boolean): Cells | null {
  const values = row.values;
  if (!Array.isArray(values)) return null;
  const cells: Cells = [];
  let last = -1;
  for (let col = 1; col < values.length; col++) {
    const raw = values[col];
    let text: string | null = null;
    if (raw !== undefined && raw !== null) {
      // Only formula results need the format: Date cells are already Dates.
      const numFmt =
        typeof raw === 'object' && raw !== null && 'result' in raw
          ? row.getCell(col).numFmt
          : undefined;
      text = excelCellText(raw, numFmt, date1904);
    }
    cells.push(text);
    if (text !== null) last = col - 1;
  }
  return last < 0 ? null : cells.slice(0, last + 1);
}

function sheetNames(book: StreamWorkbook, seen: string[]): string[] {
  const fromModel = book.model?.sheets
    ?.map((s) => s.name)
    .filter((n): n is string => typeof n === 'string');
  return fromModel && fromModel.length > 0 ? fromModel : seen;
}

const sameName = (a: string, b: string) =>
  a.normalize('NFKC').trim().toLowerCase() === b.normalize('NFKC').trim().toLowerCase();

/** Writes one sheet's data rows (after its header) to the raw table. */
class SheetLoader {
  rowsRead = 0;
  rejects: RawReject[] = [];
  private writer: RawTableWriter;
  /** Why every data row is rejected (a header too wide to load), or null. */
  private refused: string | null;

  constructor(writer: RawTableWriter, refused: string | null = null) {
    this.writer = writer;
    this.refused = refused;
  }

  get headers(): string[] {
    return this.writer.headers;
  }

  async add(cells: Cells, rowNumber: number): Promise<void> {
    this.rowsRead++;
    const tooWide =
      this.refused ??
      (cells.length > MAX_COLUMNS
        ? `${cells.length} cells; at most ${MAX_COLUMNS} columns are supported`
        : null);
    if (tooWide) {
      this.rejects.push({
        rowNumber: this.rowsRead,
        reason: 'too_many_columns',
        message: `sheet row ${rowNumber}: ${tooWide}`,
        raw: JSON.stringify(cells.slice(0, 64)),
      });
      return;
    }
    if (cells.length > this.writer.width) {
      const extra: string[] = [];
      for (let i = this.writer.width; i < cells.length; i++) extra.push(`column_${i + 1}`);
      this.writer.addHeaders(extra);
    }
    await this.writer.append(this.rowsRead, cells);
  }

  /** A row whose cells could not be converted: kept as a reject with what exceljs gave us. */
  reject(row: StreamRow, error: Error): void {
    this.rowsRead++;
    let raw: string;
    try {
      raw = JSON.stringify(row.values);
    } catch {
      raw = String(row.values);
    }
    this.rejects.push({
      rowNumber: this.rowsRead,
      reason: 'unreadable_row',
      message: `sheet row ${row.number}: ${error.message}`,
      raw,
    });
  }
}

/**
 * Read a worksheet into `table`. Without `opts.sheet`, the first sheet that has data — a header
 * row and at least one more non-empty row — so that a cover sheet holding only a title is
 * skipped; if no sheet has data rows, the first sheet with a header (0 rows). Sheets are visited
 * in the order they are stored in the file, which is the tab order for files written by Excel,
 * WPS and exceljs. With `opts.sheet`, that sheet by name (exact, else ignoring case and width);
 * an unknown name throws an Error listing the sheet names. The first non-empty row is the
 * header; fully empty rows are skipped and not counted; cells right of the header extend it as
 * column_N.
 */
/**
 * Reads a sheet to its end without using it. exceljs parks a worksheet that comes before the
 * shared strings in the zip (Excel's usual order) in a temp file, opens a read stream on it when
 * it yields the sheet, and deletes the file as soon as the consumer asks for the next one. A sheet
 * skipped unread races that delete against the stream's open: when the delete wins, the stream
 * emits ENOENT with no listener and the process dies (seen in CI on a loaded machine).
 */
async function drain(sheet: StreamWorksheet): Promise<void> {
  for await (const _row of sheet) {
    /* discard */
  }
}

export async function readXlsx(
  db: Db,
  file: string,
  table: string,
  opts: { sheet?: string } = {},
): Promise<RawRead> {
  try {
    return await readXlsxOnce(db, file, table, opts);
  } catch (e) {
    // exceljs's streaming WorkbookReader sometimes reaches a worksheet before the parsed
    // workbook.xml model is set ("Cannot read properties of undefined (reading 'sheets')" in
    // _parseWorksheet), a timing race seen once in a CI run on a loaded machine. The file is
    // fine: read it again from the start, once, into a fresh table.
    if (!(e instanceof TypeError && /reading 'sheets'/.test(e.message))) throw e;
    await db.run(`drop table if exists ${quotedIdentifier(table)}`);
    return readXlsxOnce(db, file, table, opts);
  }
}

async function readXlsxOnce(
  db: Db,
  file: string,
  table: string,
  opts: { sheet?: string },
): Promise<RawRead> {
  const book = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
  }) as unknown as StreamWorkbook & { properties?: { model?: { date1904?: boolean } } };

  const seen: string[] = [];
  let loader: SheetLoader | null = null;
  let writer = null as RawTableWriter | null; // (assigned inside start(): no narrowing to null)
  let fallbackHeader: Cells | null = null; // first sheet with a header but no data rows
  let wanted: StreamWorksheet | null = null;
  let refused: string | null = null; // the chosen sheet's header is too wide to load
  const start = async (header: Cells) => {
    writer = await RawTableWriter.create(
      db,
      table,
      header.map((h) => h ?? ''),
    );
    return new SheetLoader(writer, refused);
  };
  try {
    for await (const sheet of book) {
      seen.push(sheet.name);
      if (loader) {
        await drain(sheet); // done; see drain() for why the remaining sheets are still read
        continue;
      }
      if (opts.sheet !== undefined) {
        const names = sheetNames(book, seen);
        const exact = names.includes(opts.sheet);
        const match = exact ? sheet.name === opts.sheet : sameName(sheet.name, opts.sheet);
        if (!names.some((n) => (exact ? n === opts.sheet : sameName(n, opts.sheet!)))) {
          throw new Error(
            `sheet "${opts.sheet}" not found in ${file}; sheets: ${names.map((n) => `"${n}"`).join(', ')}`,
          );
        }
        if (!match) {
          await drain(sheet);
          continue;
        }
        wanted = sheet;
      }
      registerLocaleDateFormats(book);
      const date1904 = Boolean(book.properties?.model?.date1904);
      let header: Cells | null = null;
      for await (const row of sheet) {
        let cells: Cells | null;
        try {
          cells = rowCells(row, date1904);
        } catch (e) {
          if (!header) throw e; // no header, nothing to attach a reject to
          loader ??= await start(header);
          loader.reject(row, e as Error);
          continue;
        }
        if (!cells) continue;
        if (!header) {
          // Like the delimited reader: a header too wide to load keeps the file, and each data
          // row becomes a `too_many_columns` reject that says why (memory stays bounded).
          if (cells.length > MAX_COLUMNS) {
            refused = `the header of sheet "${sheet.name}" has ${cells.length} columns; at most ${MAX_COLUMNS} are supported`;
            header = [];
          } else header = cells;
          if (wanted) loader = await start(header);
          continue;
        }
        loader ??= await start(header);
        await loader.add(cells, row.number);
      }
      if (wanted && !loader) loader = await start([]); // the named sheet is empty
      if (!loader && header && !fallbackHeader) fallbackHeader = header;
      if (!loader) refused = null; // a skipped sheet's header does not bind the next sheet
    }
    if (seen.length === 0)
      throw new InputError(file, 'not an XLSX workbook: the zip archive holds no worksheets');
    if (opts.sheet !== undefined && !wanted) {
      throw new Error(
        `sheet "${opts.sheet}" not found in ${file}; sheets: ${seen.map((n) => `"${n}"`).join(', ')}`,
      );
    }
    loader ??= await start(fallbackHeader ?? []);
    await writer?.close();
  } catch (e) {
    writer?.dispose();
    // After an early exit (unknown sheet name, a DuckDB error) exceljs leaves the file open.
    (book as { stream?: { destroy?: () => void } }).stream?.destroy?.();
    throw e;
  }
  return { headers: loader.headers, rowsRead: loader.rowsRead, rejects: loader.rejects };
}
