// Export endpoint logic against a real DuckDB file: the complaint export holds exactly the rows
// the list shows for the same filters and search (paged reads neither skip nor repeat), CSV is
// RFC 4180 with a BOM, XLSX parses back with exceljs with numbers numeric and formula text
// neutralised, and bad requests are refused.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listComplaints } from './complaints.ts';
import { exportResponse } from './export.ts';
import {
  createTestWarehouse,
  formulaRaw,
  type TestWarehouse,
} from '../../../../tests/helpers/exportTestWarehouse.ts';
import { parseCsv } from '../../../../tests/helpers/csv.ts';
import { serveWarehouse, stopServingWarehouse } from '../../../../tests/helpers/warehouse.ts';

let warehouse: TestWarehouse;

beforeAll(async () => {
  warehouse = await createTestWarehouse({ complaints: 260 });
  await serveWarehouse(warehouse.file);
});

afterAll(async () => {
  await stopServingWarehouse();
  await warehouse?.remove();
});

const now = new Date('2026-11-23T10:00:00Z');

function request(table: string, query: string, extra: { pageSize?: number; rowCap?: number } = {}) {
  return exportResponse({
    table,
    url: new URL(`http://localhost/export/${table}?${query}`),
    locale: 'en',
    now,
    ...extra,
  });
}

async function csvRows(response: Response): Promise<string[][]> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parseCsv(new TextDecoder().decode(bytes.slice(3)));
}

async function xlsxRows(response: Response): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const sheet = workbook.worksheets[0];
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** Refusals are SvelteKit HttpErrors thrown by exportResponse. */
async function status(promise: Promise<Response>): Promise<number> {
  try {
    return (await promise).status;
  } catch (e) {
    return (e as { status: number }).status;
  }
}

describe('complaint export', () => {
  it('has exactly the filtered, searched list rows, in list order, across pages', async () => {
    const filters = { region: '北京', product_category: '洗衣机' };
    const search = 'HYPERLINK';
    const list = await listComplaints(filters, search, 1);
    expect(list.total).toBeGreaterThan(3);
    const query = new URLSearchParams({ ...filters, q: search, format: 'csv' }).toString();
    const response = await request('complaints', query, { pageSize: 3 });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="complaints-2026-11-23.csv"; filename*=UTF-8''complaints-2026-11-23.csv`,
    );
    const [header, ...rows] = await csvRows(response);
    expect(header[0]).toBe('Complaint ID');
    expect(rows).toHaveLength(list.total);
    expect(new Set(rows.map((r) => r[0])).size).toBe(list.total);
    // the list's first page is the export's first rows
    expect(list.total).toBeGreaterThan(list.items.length);
    expect(rows.slice(0, list.items.length).map((r) => r[0])).toEqual(
      list.items.map((i) => i.complaintId),
    );
    // the formula in the description is neutralised, the rest of the text intact
    expect(rows[0][11]).toBe(`'=HYPERLINK("http://evil.example","click")`);
  });

  it('honours every kind of filter like the list does', async () => {
    for (const query of [
      '',
      'from=2026-01-05&to=2026-01-20',
      'channel=app&department=售后服务部',
      'category=物流运输&batch=B2026W03',
      'cluster=7',
      'q=' + encodeURIComponent('"broken"'),
      'q=' + encodeURIComponent('50%'),
    ]) {
      const params = new URLSearchParams(query);
      const filters = Object.fromEntries([...params].filter(([k]) => k !== 'q'));
      const list = await listComplaints(filters, params.get('q') ?? '', 1);
      const [, ...rows] = await csvRows(
        await request('complaints', `${query}&format=csv`, { pageSize: 50 }),
      );
      expect(rows.length, query).toBe(list.total);
    }
  });

  it('keeps line breaks, quotes and commas inside fields', async () => {
    const [, ...rows] = await csvRows(await request('complaints', 'format=csv'));
    const texts = rows.map((r) => r[11]);
    expect(texts).toContain('line one\nline two');
    expect(texts).toContain('says "broken", twice');
    expect(texts).toContain(`'-5 度也不结冰`);
    expect(texts).toContain(`'+86 138 0000 0000 打不通`);
    expect(texts).toContain(`'@SUM(A1:A9)`);
    // numbers are not prefixed, negative ones included
    expect(rows.map((r) => r[13])).toContain('-50.5');
    expect(rows).toHaveLength(260);
  });

  it('writes an XLSX that parses back with a header row and the same rows', async () => {
    const list = await listComplaints({ region: '广东' }, '', 1);
    const response = await request('complaints', 'region=广东&format=xlsx', { pageSize: 10 });
    expect(response.headers.get('content-disposition')).toContain('complaints-2026-11-23.xlsx');
    const [header, ...rows] = await xlsxRows(response);
    expect(header[0]).toBe('Complaint ID');
    expect(header).toHaveLength(15);
    expect(rows).toHaveLength(list.total);
    const compensation = rows.map((r) => r[13]).filter((v) => v !== undefined && v !== null);
    expect(compensation).toContain(-50.5); // numeric, not text, not prefixed
    expect(compensation.every((v) => typeof v === 'number')).toBe(true);
    const texts = rows.map((r) => r[11]);
    expect(texts).toContain(`'@SUM(A1:A9)`);
    expect(texts).toContain('line one\nline two');
  });

  it('caps XLSX with a note row', async () => {
    const [, ...rows] = await xlsxRows(
      await request('complaints', 'format=xlsx', { pageSize: 4, rowCap: 10 }),
    );
    expect(rows).toHaveLength(11);
    expect(String(rows[10][0])).toMatch(/capped at 10 rows/);
    // exactly at the cap: no note
    const exact = await xlsxRows(
      await request('complaints', 'batch=B2026W01&format=xlsx', { rowCap: 29 }),
    );
    expect(exact).toHaveLength(1 + 29);
  });
});

describe('other exports', () => {
  it('exports rejects with the raw rows neutralised', async () => {
    const [header, ...rows] = await csvRows(await request('rejects', 'format=csv'));
    expect(header).toEqual(['Run', 'File', 'Row', 'Reason', 'Message', 'Complaint ID', 'Raw row']);
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r[6])).toContain(`'${formulaRaw}`);
  });

  it('exports load runs and recommendations (filtered, in the request language)', async () => {
    const [, ...runs] = await csvRows(await request('runs', 'format=csv'));
    expect(runs.map((r) => r[0])).toEqual(['2', '2', '1']);
    const [, ...p1] = await csvRows(await request('recommendations', 'priority=P1&format=csv'));
    expect(p1).toHaveLength(1);
    expect(p1[0][2]).toBe('Batch B2026W03 (KFR-35) has abnormally many quality complaints');
    expect(p1[0][3]).toContain('assess a recall of the 1200 units sold');
    expect(p1[0][9]).toBe(
      'severity 1.00×30 + volume 0.50×20 + growth 0.50×20 + confidence 1.00×15 + customer impact 0.20×15 = 90.0',
    );
    const zh = await exportResponse({
      table: 'recommendations',
      url: new URL('http://localhost/export/recommendations?format=csv&owner=售后服务部'),
      locale: 'zh-CN',
      now,
    });
    const [zhHeader, ...zhRows] = await csvRows(zh);
    expect(zhHeader[0]).toBe('排名');
    expect(zhRows).toHaveLength(1);
    expect(zhRows[0][2]).toBe(`'=KFR-7 投诉持续上升`);
  });

  it('refuses unknown tables, formats and parameters', async () => {
    expect(await status(request('complaint_versions', 'format=csv'))).toBe(404);
    expect(await status(request('__proto__', 'format=csv'))).toBe(404);
    expect(await status(request('complaints', 'format=pdf'))).toBe(400);
    expect(await status(request('complaints', 'format=csv&colour=red'))).toBe(400);
    expect(await status(request('runs', 'format=csv&q=x'))).toBe(400);
    expect(await status(request('recommendations', 'format=csv&priority=P9'))).toBe(400);
    expect(await status(request('complaints', "format=csv&from=2026-01-01' or 1=1"))).toBe(400);
  });
});

describe('without the built marts', () => {
  let bare: TestWarehouse;
  beforeAll(async () => {
    bare = await createTestWarehouse({ complaints: 5, models: false });
    await serveWarehouse(bare.file);
  });
  afterAll(async () => {
    await serveWarehouse(warehouse.file);
    await bare?.remove();
  });

  it('answers 404 for a table that has not been built', async () => {
    expect(await status(request('recommendations', 'format=csv'))).toBe(404);
    expect(await status(request('hotspots', 'format=xlsx'))).toBe(404);
    expect((await request('complaints', 'format=csv')).status).toBe(200);
  });
});
