// Writers of the table exports: rows arrive in pages (async iterable, so a big export is never one
// giant array) and leave as a web ReadableStream for the Response body.
//   CSV  — UTF-8 with BOM, RFC 4180 (see #lib/export/csv.ts); pulled page by page, so the
//          database is only read as fast as the client downloads.
//   XLSX — exceljs' streaming WorkbookWriter into a PassThrough; text cells neutralised against
//          formula injection, numbers stay numeric, a bold frozen header row.
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvRecord, utf8Bom } from '../export/csv.ts';
import { neutraliseCell, type CellValue } from '../export/neutralise.ts';

export type Row = CellValue[];

export interface SheetColumn {
  header: string;
  /** Column width in characters (XLSX only). */
  width?: number;
}

/** CSV body: BOM + header record, then one chunk per page. */
export function csvStream(
  headers: readonly string[],
  pages: AsyncIterable<Row[]>,
  trailer?: () => Row | undefined,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(utf8Bom + csvRecord(headers)));
        return;
      }
      const next = await iterator.next();
      if (next.done) {
        const last = trailer?.();
        if (last) controller.enqueue(encoder.encode(csvRecord(last)));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(next.value.map(csvRecord).join('')));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/**
 * XLSX body. `trailer` is asked after the last page for an extra row (e.g. "capped at N rows").
 * Errors while reading rows abort the stream (the client sees a failed download, never a
 * truncated file that looks complete).
 */
export function xlsxStream(
  sheetName: string,
  columns: readonly SheetColumn[],
  pages: AsyncIterable<Row[]>,
  trailer?: () => Row | undefined,
): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Complaint Lens';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 16 }));
  void (async () => {
    try {
      const header = sheet.getRow(1);
      header.font = { bold: true };
      header.commit();
      for await (const page of pages) {
        for (const row of page) sheet.addRow(row.map(neutraliseCell)).commit();
        // Follow the client's pace: wait while the response buffer is full; stop reading when
        // the client went away (breaking out of the loop ends the page generator).
        if (out.writableNeedDrain) await drainedOrClosed(out);
        if (out.destroyed) return;
      }
      const last = trailer?.();
      if (last) {
        const note = sheet.addRow(last.map(neutraliseCell));
        note.font = { italic: true };
        note.commit();
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      console.error('[export] xlsx failed:', error);
      out.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}

/** Resolves when the stream wants more data or has closed (listeners removed either way). */
function drainedOrClosed(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}
