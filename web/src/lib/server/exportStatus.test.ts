// The complaint export writes statuses as the pages show them (labels in the export's language),
// not as codes (`open`); run in DuckDB, since the label mapping is SQL.
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { statusLabelSql } from './exportTables.ts';

async function labels(locale: 'en' | 'zh-CN'): Promise<unknown[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const reader = await conn.runAndReadAll(
    `select ${statusLabelSql('s', locale)} as label
     from (values (1, 'open'), (2, 'in_progress'), (3, 'closed'), (4, '已关闭'), (5, null)) t(i, s)
     order by i`,
  );
  const rows = reader.getRowObjectsJson().map((r) => r.label);
  conn.closeSync();
  instance.closeSync();
  return rows;
}

describe('statusLabelSql', () => {
  it('exports status labels, keeping unknown values and NULL as they are', async () => {
    expect(await labels('en')).toEqual(['Open', 'In progress', 'Closed', '已关闭', null]);
    expect(await labels('zh-CN')).toEqual(['待处理', '处理中', '已关闭', '已关闭', null]);
  });
});
