// Table exports: GET /export/<table>?format=csv|xlsx&<filters>&<table params> → a streamed
// download. The table comes from the fixed whitelist in exportTables.ts; rows are read in pages
// of `exportPageSize` (limit/offset over a total order), so memory stays bounded whatever the
// size. CSV streams everything; XLSX stops at `xlsxRowCap` rows with a note row saying so.
import { error } from '@sveltejs/kit';
import { t, type Locale } from '../i18n/messages.ts';
import type { CellValue } from '../export/neutralise.ts';
import { contentDisposition, exportFileName, localDate } from '../export/filename.ts';
import { exportPageSize, xlsxRowCap } from '../export/limits.ts';
import { query, WarehouseMissingError, type JsonRow } from './db.ts';
import { num } from '../../../../pipeline/contract/values.ts';
import { loadCategoryLabels } from './filterOptions.ts';
import { filtersOrError } from './filters.ts';
import { modelsBuilt } from './models.ts';
import { warehouseTimeZone } from './pipeline.ts';
import { csvStream, xlsxStream, type Row } from './exportWriters.ts';
import {
  exportTables,
  isExportTable,
  type ExportColumn,
  type ExportSource,
  type ExportTable,
} from './exportTables.ts';

export const exportFormats = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface ExportRequest {
  table: string;
  url: URL;
  locale: Locale;
  now?: Date;
  pageSize?: number;
  rowCap?: number;
  /** Called with the number of data rows once the whole body has been written (the audit log). */
  onDone?: (rows: number) => void;
}

/** The download Response, or an HttpError (404 unknown/unbuilt table, 400 bad parameters). */
export async function exportResponse(request: ExportRequest): Promise<Response> {
  const { table: name, url, locale } = request;
  if (!isExportTable(name)) error(404, 'No such export');
  const table: ExportTable = exportTables[name];
  const format = url.searchParams.get('format') ?? 'csv';
  if (!(exportFormats as readonly string[]).includes(format)) error(400, 'Invalid format');
  const filters = await filtersOrError(url, ['format', ...table.pageParams]);
  let built: boolean;
  let source: ExportSource;
  let timeZone: string;
  try {
    built = await modelsBuilt();
    if (table.models && !built)
      error(404, 'This table has not been built yet: run complaint-lens build');
    source = await table.source(filters, url);
    timeZone = await warehouseTimeZone();
  } catch (e) {
    if (e instanceof WarehouseMissingError)
      error(503, 'No warehouse yet: run complaint-lens build');
    throw e;
  }

  const columns = table.columns(locale, {
    categories: built ? await loadCategoryLabels() : {},
  });
  const rowCap = format === 'xlsx' ? (request.rowCap ?? xlsxRowCap) : Infinity;
  const reader = pagedRows(
    source,
    columns,
    table.orderBy,
    request.pageSize ?? exportPageSize,
    rowCap,
  );
  const trailer = () =>
    reader.capped
      ? [t(locale, 'export.capped', { limit: new Intl.NumberFormat(locale).format(rowCap) })]
      : undefined;
  const headers = columns.map((c) => t(locale, c.header));
  const pages = countedPages(reader.pages(), request.onDone);
  const body =
    format === 'csv'
      ? csvStream(headers, pages, trailer)
      : xlsxStream(
          table.file,
          columns.map((c, i) => ({ header: headers[i], width: c.width })),
          pages,
          trailer,
        );
  const filename = exportFileName(table.file, localDate(timeZone, request.now), format);
  return new Response(body, {
    headers: {
      'content-type': contentTypes[format as ExportFormat],
      'content-disposition': contentDisposition(filename),
      'cache-control': 'no-store',
    },
  });
}

async function* countedPages(
  pages: AsyncGenerator<Row[]>,
  onDone: ((rows: number) => void) | undefined,
): AsyncGenerator<Row[]> {
  let rows = 0;
  for await (const page of pages) {
    rows += page.length;
    yield page;
  }
  onDone?.(rows);
}

/**
 * Rows of the source in pages of `pageSize`, at most `cap` rows; `capped` tells afterwards whether
 * rows were left out.
 */
export function pagedRows(
  source: ExportSource,
  columns: readonly ExportColumn[],
  orderBy: string,
  pageSize: number,
  cap: number,
): { pages(): AsyncGenerator<Row[]>; readonly capped: boolean } {
  const select = columns.map((c, i) => `${c.sql} as c${i}`).join(', ');
  const sql = `select ${select} from ${source.from} where ${source.where}
               order by ${orderBy} limit $limit offset $offset`;
  let capped = false;
  return {
    get capped() {
      return capped;
    },
    async *pages() {
      let offset = 0;
      for (;;) {
        const limit = Math.min(pageSize, cap - offset);
        if (limit <= 0) {
          // one more row past the cap means the export is incomplete
          const more = await query(sql, { ...source.params, limit: 1, offset }, { cache: false });
          capped = more.length > 0;
          return;
        }
        const rows = await query(sql, { ...source.params, limit, offset }, { cache: false });
        if (rows.length > 0) yield rows.map((row) => toCells(row, columns));
        if (rows.length < limit) return;
        offset += rows.length;
      }
    },
  };
}

function toCells(row: JsonRow, columns: readonly ExportColumn[]): CellValue[] {
  return columns.map((column, i) => {
    const value = row[`c${i}`];
    if (value === null || value === undefined) return null;
    if (column.render) return column.render(value);
    if (column.kind === 'number') return num(value);
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  });
}
