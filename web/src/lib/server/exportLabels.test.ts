// The English exports word what the product names — taxonomy categories, default owner
// departments, rule names, load-run kinds and statuses — in the export's language, as the pages
// do, and give load files by name without the server's directories (issue 17). Data values from
// the export (products, regions, the export's own departments) are kept as they are.
import { describe, expect, it } from 'vitest';
import {
  exportTables,
  type ExportColumn,
  type ExportLabels,
  type ExportTable,
} from './exportTables.ts';
import type { Locale, MessageKey } from '../i18n/messages.ts';

const labels: ExportLabels = { categories: { 产品质量: 'product quality' } };

/** A table's columns in `locale` (every table takes the labels; some do not need them). */
function columns(table: keyof typeof exportTables, locale: Locale): ExportColumn[] {
  return (exportTables[table] as ExportTable).columns(locale, labels);
}

/** The cell an export column writes for a database value. */
function cell(columns: ExportColumn[], header: MessageKey, value: unknown): unknown {
  const column = columns.find((c) => c.header === header);
  expect(column, header).toBeDefined();
  return column!.render ? column!.render(value) : value;
}

describe('export wording', () => {
  it('complaints: the category by its label in English, by name in Chinese', () => {
    const en = columns('complaints', 'en');
    expect(cell(en, 'export.col.category', '产品质量')).toBe('Product quality');
    expect(cell(en, 'export.col.category', '未配置')).toBe('未配置'); // no label: as it is
    const zh = columns('complaints', 'zh-CN');
    expect(cell(zh, 'export.col.category', '产品质量')).toBe('产品质量');
  });

  it('batch hot spots: the dominant category by its label', () => {
    const en = columns('hotspots', 'en');
    expect(cell(en, 'export.col.dominant_category', '产品质量')).toBe('Product quality');
  });

  it('recommendations: default owner departments and rule names in the export’s language', () => {
    const en = columns('recommendations', 'en');
    expect(cell(en, 'export.col.owner', '质量管理部')).toBe('Quality Management');
    expect(cell(en, 'export.col.owner', '华东售后中心')).toBe('华东售后中心'); // the export's own
    expect(cell(en, 'export.col.rule', 'batch_hotspot')).toBe('batch hot spot');
    const zh = columns('recommendations', 'zh-CN');
    expect(cell(zh, 'export.col.owner', '质量管理部')).toBe('质量管理部');
    expect(cell(zh, 'export.col.rule', 'batch_hotspot')).toBe('批次热点');
  });

  it('load runs: the file by name, kind and status worded', () => {
    const en = columns('runs', 'en');
    expect(cell(en, 'export.col.file', '/srv/exports/2026/complaints-10.csv')).toBe(
      'complaints-10.csv',
    );
    expect(cell(en, 'export.col.file', 'C:\\exports\\volumes.csv')).toBe('volumes.csv');
    const zh = columns('runs', 'zh-CN');
    expect(cell(zh, 'export.col.status', 'rejected')).toBe('已拒收');
    expect(cell(zh, 'export.col.status', 'ok')).toBe('成功');
    expect(cell(zh, 'export.col.kind', 'volumes')).toBe('产量');
    expect(cell(zh, 'export.col.status', 'paused')).toBe('paused'); // unknown: as it is
  });
});
