import fs from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDb, type Db } from '../../../pipeline/db.ts';
import {
  excelCellText,
  excelDateText,
  isDateFormat,
  readXlsx,
} from '../../../pipeline/ingest/readers/xlsx.ts';
import { FIXTURE_DIR, excelSerial, storedZip } from '../../fixtures/make-fixtures.ts';

let db: Db;
let dir: string;
beforeAll(async () => {
  db = await openDb(':memory:');
  dir = await mkdtemp(join(tmpdir(), 'xlsx-'));
});
afterAll(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

async function rows(table: string): Promise<(string | null)[][]> {
  const r = await db.all(`select * from ${table} order by rn`);
  return r.map((o) => Object.values(o).map((v) => (v === null ? null : String(v))));
}

/** Write a workbook with the given sheets (name → rows, `undefined` rows left out). */
async function book(
  name: string,
  sheets: Record<string, (unknown[] | undefined)[]>,
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const [sheetName, sheetRows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(sheetName);
    sheetRows.forEach((r, i) => {
      if (!r) return;
      r.forEach((v, j) => {
        if (v !== undefined) ws.getRow(i + 1).getCell(j + 1).value = v as ExcelJS.CellValue;
      });
    });
  }
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

describe('two_sheets.xlsx', () => {
  const file = join(FIXTURE_DIR, 'two_sheets.xlsx');

  it('skips the title-only cover sheet and reads every cell kind of the data sheet exactly', async () => {
    const r = await readXlsx(db, file, 'raw_two', {});
    expect(r).toEqual({
      headers: [
        '投诉编号',
        '受理时间',
        '投诉渠道',
        '产品型号',
        '生产日期',
        '地区',
        '问题描述',
        '满意度',
        '赔偿金额',
        '更新时间',
        '回访',
        'column_12',
      ],
      rowsRead: 3,
      rejects: [],
    });
    expect(await rows('raw_two')).toEqual([
      // real date cells; a plain number (serial 46086.5, General format) stays a number
      [
        '1',
        'XL-0001',
        '2026-03-05 14:03:00',
        '电话',
        'BCD-520W',
        '2026-01-15',
        '广东',
        '冰箱不制冷',
        '5',
        '0',
        '46086.5',
        'true',
        null,
      ],
      // rich text joined, hyperlink → its text, formula → cached result, serial typed as text
      [
        '2',
        'XL-0002',
        '2026-03-06 09:30:15',
        '官网',
        'KFR-35GW',
        '2026-02-01',
        '浙江',
        '安装预约见工单系统',
        '4',
        '1200.5',
        '46087',
        'false',
        null,
      ],
      // midnight → date only; error cell → its code; date-formatted formula → date; extra cell → column_12
      [
        '3',
        'XL-0003',
        '2026-03-07',
        '微信',
        'XQB80-36',
        null,
        '北京',
        '洗衣机噪音',
        '#N/A',
        '¥1,200.00',
        '2026-03-08',
        'true',
        '附加列',
      ],
    ]);
  });

  it('reads a sheet by name, even one with only a title row', async () => {
    expect(await readXlsx(db, file, 'raw_cover', { sheet: '封面' })).toEqual({
      headers: ['投诉明细导出（2026年3月）'],
      rowsRead: 0,
      rejects: [],
    });
    expect(await rows('raw_cover')).toEqual([]);
    expect((await readXlsx(db, file, 'raw_named', { sheet: '投诉明细' })).rowsRead).toBe(3);
  });

  it('a sheet skipped unread survives exceljs deleting its temp file before the file opens', async () => {
    // This workbook's sheets precede its shared strings, so exceljs parks each in a temp file and
    // deletes it once the next sheet is asked for. Opening every read stream 50 ms late makes the
    // delete win the race a loaded CI machine once lost (ENOENT, uncaught, the run died).
    const openErrors: unknown[] = [];
    const real = fs.createReadStream;
    const spy = vi.spyOn(fs, 'createReadStream').mockImplementation(((path: fs.PathLike) => {
      const late = new PassThrough();
      setTimeout(() => {
        const stream = real(path);
        stream.on('error', (e) => {
          openErrors.push(e);
          late.end();
        });
        stream.pipe(late);
      }, 50);
      return late;
    }) as unknown as typeof fs.createReadStream);
    try {
      expect((await readXlsx(db, file, 'raw_late', { sheet: '投诉明细' })).rowsRead).toBe(3);
      expect((await readXlsx(db, file, 'raw_late_cover', { sheet: '封面' })).rowsRead).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(openErrors).toEqual([]);
  });

  it('an unknown sheet name throws, listing the sheets', async () => {
    await expect(readXlsx(db, file, 'raw_x', { sheet: 'Sheet1' })).rejects.toThrow(
      'sheet "Sheet1" not found in',
    );
    await expect(readXlsx(db, file, 'raw_x', { sheet: 'Sheet1' })).rejects.toThrow(
      'sheets: "封面", "投诉明细"',
    );
  });
});

describe('locale_dates.xlsx (Chinese built-in date formats, inline strings)', () => {
  it('numFmtId 22/31/58/32 cells come out as dates and times, not serial numbers', async () => {
    const r = await readXlsx(db, join(FIXTURE_DIR, 'locale_dates.xlsx'), 'raw_locale', {});
    expect(r).toEqual({
      headers: ['投诉编号', '受理时间', '生产日期', '回访日期', '回访时刻'],
      rowsRead: 2,
      rejects: [],
    });
    expect(await rows('raw_locale')).toEqual([
      ['1', 'LD-0001', '2026-03-05 14:03:00', '2026-01-15', '2026-03-09', '14:30:00'],
      ['2', 'LD-0002', '2026-03-06 09:30:00', '2026-02-01', '2026-03-10', '09:05:00'],
    ]);
  });
});

describe('sheet choice and layout', () => {
  it('the first sheet with data rows wins; a header-only sheet before it is skipped', async () => {
    const path = await book('choice.xlsx', {
      空表: [],
      只有表头: [['编号', '日期']],
      数据一: [
        ['id', 'v'],
        ['a', 1],
      ],
      数据二: [
        ['id', 'w'],
        ['b', 2],
      ],
    });
    const r = await readXlsx(db, path, 'raw_choice', {});
    expect(r.headers).toEqual(['id', 'v']);
    expect(await rows('raw_choice')).toEqual([['1', 'a', '1']]);
  });

  it('no sheet with data rows: the first header, 0 rows; an empty workbook: nothing', async () => {
    const headerOnly = await book('header-only.xlsx', {
      a: [],
      b: [undefined, ['编号', '日期']],
      c: [['x']],
    });
    expect(await readXlsx(db, headerOnly, 'raw_ho', {})).toEqual({
      headers: ['编号', '日期'],
      rowsRead: 0,
      rejects: [],
    });
    const empty = await book('empty.xlsx', { Sheet1: [] });
    expect(await readXlsx(db, empty, 'raw_empty', {})).toEqual({
      headers: [],
      rowsRead: 0,
      rejects: [],
    });
    expect(await rows('raw_empty')).toEqual([]);
  });

  it('sheet names match ignoring case and full-width forms when there is no exact match', async () => {
    const path = await book('names.xlsx', { Summary: [['t']], Data２０２６: [['id'], ['x']] });
    expect((await readXlsx(db, path, 'raw_n', { sheet: 'data2026' })).rowsRead).toBe(1);
  });

  it('empty header cells stay empty strings; blank rows are skipped and not counted', async () => {
    const path = await book('gaps.xlsx', {
      s: [
        undefined,
        ['id', undefined, 'note'],
        ['a', 'x', 'n1'],
        undefined,
        [undefined, ''],
        ['b', undefined, 'n2'],
      ],
    });
    const r = await readXlsx(db, path, 'raw_gaps', {});
    expect(r).toEqual({ headers: ['id', '', 'note'], rowsRead: 2, rejects: [] });
    expect(await rows('raw_gaps')).toEqual([
      ['1', 'a', 'x', 'n1'],
      ['2', 'b', null, 'n2'],
    ]);
  });

  it('rows wider than the header grow the table as column_N, earlier rows get NULL there', async () => {
    const path = await book('wide.xlsx', {
      s: [['id'], ['a'], ['b', undefined, 'c3'], ['d', 'd2']],
    });
    const r = await readXlsx(db, path, 'raw_wide', {});
    expect(r.headers).toEqual(['id', 'column_2', 'column_3']);
    expect(await rows('raw_wide')).toEqual([
      ['1', 'a', null, null],
      ['2', 'b', null, 'c3'],
      ['3', 'd', 'd2', null],
    ]);
  });

  it('more rows than one appender flush (50k), rn contiguous', async () => {
    const path = join(dir, 'many.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
    const ws = wb.addWorksheet('s');
    ws.addRow(['id', 'n']).commit();
    const n = 60_001;
    for (let i = 1; i <= n; i++) ws.addRow([`R${i}`, i]).commit();
    await ws.commit();
    await wb.commit();
    const r = await readXlsx(db, path, 'raw_many', {});
    expect(r.rowsRead).toBe(n);
    const s = await db.one<{ c: number; bad: number; maxrn: number }>(
      `select count(*)::int as c, (count(*) filter (where c0 <> 'R' || rn or c1 <> rn::varchar))::int as bad, max(rn)::int as maxrn
       from raw_many`,
    );
    expect(s).toEqual({ c: n, bad: 0, maxrn: n });
  });
});

/**
 * An XLSX whose sharedStrings.xml and styles.xml come before the sheets, so exceljs streams each
 * sheet straight from the zip instead of parking it in a temp file (files written by Excel and
 * exceljs put the shared strings last and take the temp-file path, which the fixtures cover).
 */
async function streamedBook(
  name: string,
  sheets: [string, (string | number)[][]][],
): Promise<string> {
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const strings: string[] = [];
  const sst = (v: string) => (strings.includes(v) ? strings.indexOf(v) : strings.push(v) - 1);
  const sheetXml = sheets.map(([, rows]) => {
    const body = rows
      .map((r, i) => {
        const cells = r.map((v, j) => {
          const ref = `${String.fromCharCode(65 + j)}${i + 1}`;
          return typeof v === 'number'
            ? `<c r="${ref}" s="1"><v>${v}</v></c>`
            : `<c r="${ref}" t="s"><v>${sst(v)}</v></c>`;
        });
        return `<row r="${i + 1}">${cells.join('')}</row>`;
      })
      .join('');
    return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${ns}"><sheetData>${body}</sheetData></worksheet>`;
  });
  const path = join(dir, name);
  await writeFile(
    path,
    storedZip([
      [
        '[Content_Types].xml',
        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`,
      ],
      [
        '_rels/.rels',
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ],
      [
        'xl/workbook.xml',
        `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}" xmlns:r="${rel}"><sheets>${sheets.map(([n], i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
      ],
      [
        'xl/_rels/workbook.xml.rels',
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${rel}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`,
      ],
      [
        'xl/styles.xml',
        `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${ns}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`,
      ],
      [
        'xl/sharedStrings.xml',
        `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${ns}">${strings.map((t) => `<si><t>${t}</t></si>`).join('')}</sst>`,
      ],
      ...sheetXml.map((x, i): [string, string] => [`xl/worksheets/sheet${i + 1}.xml`, x]),
    ]),
  );
  return path;
}

describe('sheets streamed straight from the zip', () => {
  const sheets: [string, (string | number)[][]][] = [
    [
      'A',
      [
        ['id', 'd'],
        ['a1', excelSerial(2026, 3, 5)],
      ],
    ],
    [
      'B',
      [
        ['编号', '日期'],
        ['b1', excelSerial(2026, 3, 6)],
        ['b2', excelSerial(2026, 3, 7)],
      ],
    ],
    ['C', [['x'], ['c1']]],
  ];

  it('the first data sheet is read and the later ones are skipped unread without hanging', async () => {
    const path = await streamedBook('streamed.xlsx', sheets);
    expect(await readXlsx(db, path, 'raw_s1', {})).toEqual({
      headers: ['id', 'd'],
      rowsRead: 1,
      rejects: [],
    });
    expect(await rows('raw_s1')).toEqual([['1', 'a1', '2026-03-05']]);
  });

  it('a named sheet after a skipped one', async () => {
    const path = await streamedBook('streamed2.xlsx', sheets);
    expect(await readXlsx(db, path, 'raw_s2', { sheet: 'B' })).toEqual({
      headers: ['编号', '日期'],
      rowsRead: 2,
      rejects: [],
    });
    expect(await rows('raw_s2')).toEqual([
      ['1', 'b1', '2026-03-06'],
      ['2', 'b2', '2026-03-07'],
    ]);
    await expect(readXlsx(db, path, 'raw_s3', { sheet: 'D' })).rejects.toThrow(
      'sheets: "A", "B", "C"',
    );
  });
});

describe('cell conversion', () => {
  it('numbers: shortest round-trip text', () => {
    expect(excelCellText(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(excelCellText(45356)).toBe('45356');
    expect(excelCellText(-0)).toBe('0');
    expect(excelCellText(13800138000)).toBe('13800138000');
    expect(excelCellText(Number.NaN)).toBe(null);
  });
  it('dates: naive wall-clock in UTC, rounded to the second', () => {
    expect(excelDateText(new Date(Date.UTC(2026, 2, 5, 14, 2, 59, 999)))).toBe(
      '2026-03-05 14:03:00',
    );
    expect(excelDateText(new Date(Date.UTC(2026, 2, 5)))).toBe('2026-03-05');
    expect(excelDateText(new Date(Date.UTC(1899, 11, 30, 9, 5)))).toBe('09:05:00');
    expect(excelDateText(new Date(Number.NaN))).toBe(null);
  });
  it('objects: rich text, hyperlink, formula results (date-formatted → date), errors', () => {
    expect(excelCellText({ richText: [{ text: 'a' }, { text: 'b' }] })).toBe('ab');
    expect(excelCellText({ text: { richText: [{ text: 'x' }] }, hyperlink: 'http://h' })).toBe('x');
    expect(excelCellText({ formula: 'A1', result: 'r' })).toBe('r');
    expect(excelCellText({ formula: 'A1', result: 46086 }, 'yyyy-mm-dd')).toBe('2026-03-05');
    expect(excelCellText({ formula: 'A1', result: 46086 }, '0.00')).toBe('46086');
    expect(excelCellText({ formula: 'A1', result: Number.NaN })).toBe(null);
    expect(excelCellText({ formula: 'A1', result: { error: '#DIV/0!' } })).toBe('#DIV/0!');
    expect(excelCellText({ sharedFormula: 'A1', result: true })).toBe('true');
    expect(excelCellText({ error: '#REF!' })).toBe('#REF!');
  });
  it('date-format detection ignores quoted text and [..] sections', () => {
    expect(isDateFormat('yyyy"年"m"月"d"日"')).toBe(true);
    expect(isDateFormat('[$-804]h:mm')).toBe(true);
    expect(isDateFormat('0.00"days"')).toBe(false);
    expect(isDateFormat('[Red]#,##0')).toBe(false);
    expect(isDateFormat('General')).toBe(false);
    expect(isDateFormat(undefined)).toBe(false);
  });
});
