// The --actions file through the CLI: its own four-way accounting (CSV and XLSX, Chinese and
// English headers, rejects with reasons), and a hot spot covered by an open action: marked in
// mart_batch_hotspots with its lead time, and not recommended again.
import ExcelJS from 'exceljs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buckets, query, runCli, tempDir } from './cli-harness.ts';

describe('--actions', () => {
  it('loads, updates and rejects action rows with reasons (CSV, then XLSX)', async () => {
    const dir = await tempDir();
    const db = join(dir, 'w.duckdb');
    await writeFile(
      join(dir, 'a1.csv'),
      '产品型号,批次,部件,措施类型,开始日期,关闭日期,编号\n' +
        'BCD-520W,B1,压缩机,Recall,2026-03-01,,R-26-01\n' +
        'BCD-520W,B2,,containment,2026-03-05,2026-03-20,\n' +
        ',B3,,recall,2026-03-05,,\n' +
        'BCD-520W,B4,,recall,not a date,,\n' +
        'BCD-520W,B5,,corrective,2026-03-05,2026-03-01,\n',
    );
    const r1 = await runCli([
      'ingest',
      '--db',
      db,
      '--actions',
      join(dir, 'a1.csv'),
      '--json',
      '--max-reject-rate',
      '1',
    ]);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.json.files[0].kind).toBe('actions');
    expect(buckets(r1.json.files[0])).toEqual({
      read: 5,
      new: 2,
      updated: 0,
      unchanged: 0,
      rejected: 3,
    });
    const rejects = await query<{ reason: string }>(
      db,
      `select reason from rejects order by row_number`,
    );
    expect(rejects.map((r) => r.reason)).toEqual([
      'missing_product',
      'invalid_opened_on',
      'closed_before_opened',
    ]);

    // XLSX with English headers: the containment closes later (updated), a new recall
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('actions');
    ws.addRow(['Product', 'Batch', 'Component', 'Action type', 'Opened', 'Closed', 'Reference']);
    ws.addRow(['BCD-520W', 'B2', null, 'containment', '2026-03-05', '2026-03-25', null]);
    ws.addRow(['BCD-520W', 'B1', '压缩机', 'recall', '2026-03-01', null, 'R-26-01']);
    ws.addRow(['KFR-35GW', '2024', 'LANE DEPARTURE', 'recall', '2026-04-02', null, '26V-101']);
    await wb.xlsx.writeFile(join(dir, 'a2.xlsx'));
    const r2 = await runCli(['ingest', '--db', db, '--actions', join(dir, 'a2.xlsx'), '--json']);
    expect(r2.code, r2.stderr).toBe(0);
    expect(buckets(r2.json.files[0])).toEqual({
      read: 3,
      new: 1,
      updated: 1,
      unchanged: 1,
      rejected: 0,
    });
    const rows = await query<{ batch: string; action_type: string; closed_on: string | null }>(
      db,
      `select batch, action_type, cast(closed_on as varchar) as closed_on from actions order by product, batch`,
    );
    expect(rows).toEqual([
      { batch: 'B1', action_type: 'recall', closed_on: null },
      { batch: 'B2', action_type: 'containment', closed_on: '2026-03-25' },
      { batch: '2024', action_type: 'recall', closed_on: null },
    ]);
  }, 60_000);

  it('marks a hot spot covered by an open action, with its lead time, and does not recommend it again', async () => {
    const dir = await tempDir();
    const db = join(dir, 'w.duckdb');
    // Product P: twelve weekly batches of 1,000 units, ~3 quality complaints each; B06 has 30.
    const lines = ['投诉编号,受理时间,产品型号,产品类别,批次,生产日期,地区,投诉类别,投诉内容'];
    const volumes = ['产品型号,批次,生产日期,生产数量'];
    let id = 0;
    for (let b = 1; b <= 12; b++) {
      const batch = `B${String(b).padStart(2, '0')}`;
      const made = new Date(Date.UTC(2025, 0, 6 + 7 * b));
      volumes.push(`P,${batch},${made.toISOString().slice(0, 10)},1000`);
      const n = b === 6 ? 30 : 3 + (b % 2);
      for (let k = 0; k < n; k++) {
        const received = new Date(made.getTime() + (20 + ((k * 11) % 150)) * 86_400_000);
        lines.push(
          `C${id++},${received.toISOString().slice(0, 10)},P,冰箱,${batch},${made.toISOString().slice(0, 10)},广东,产品质量,不制冷`,
        );
      }
    }
    await writeFile(join(dir, 'complaints.csv'), lines.join('\n') + '\n');
    await writeFile(join(dir, 'volumes.csv'), volumes.join('\n') + '\n');
    await writeFile(
      join(dir, 'actions.csv'),
      'product,batch,action_type,opened_on,closed_on,reference\nP,B06,recall,2025-07-01,,R-1\nP,B03,containment,2025-05-01,2025-05-20,\n',
    );
    const r = await runCli([
      'run',
      '--db',
      db,
      '--quiet',
      '--input',
      join(dir, 'complaints.csv'),
      '--volumes',
      join(dir, 'volumes.csv'),
      '--actions',
      join(dir, 'actions.csv'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const hot = await query<{
      batch: string;
      is_hotspot: boolean;
      is_covered_by_action: boolean;
      lead_time_days: number | null;
      first_flagged_on: string;
      actions: string | null;
    }>(
      db,
      `select batch, is_hotspot, is_covered_by_action, lead_time_days, cast(first_flagged_on as varchar) as first_flagged_on, actions
       from mart_batch_hotspots where batch in ('B03', 'B06') order by batch`,
    );
    expect(hot[0]).toMatchObject({ batch: 'B03', is_hotspot: false, is_covered_by_action: false });
    expect(hot[0].actions).toBe('containment 2025-05-01 → 2025-05-20');
    expect(hot[1]).toMatchObject({ batch: 'B06', is_hotspot: true, is_covered_by_action: true });
    expect(Number(hot[1].lead_time_days)).toBe(
      Math.round((Date.parse('2025-07-01') - Date.parse(hot[1].first_flagged_on)) / 86_400_000),
    );
    const recs = await query<{ subject_key: string }>(
      db,
      `select subject_key from mart_recommendations where rule = 'batch_hotspot'`,
    );
    expect(recs.map((x) => x.subject_key)).not.toContain('P · B06');
  }, 240_000);
});
