// Test helper (not app code): a small warehouse in a temp dir for the export, pipeline and
// recommendations server tests. Base tables and journal marts (tests/helpers/warehouse.ts), generated
// complaints whose text exercises CSV quoting and formula injection, a mart_complaints built from
// them, two load runs with rejects, model runs, data tests, mart_data_quality field rows, a
// mart_recommendations with the contract's columns and the other marts empty — or (`models: false`)
// a warehouse loaded but never built: base tables only.
import type { DuckDBConnection } from '@duckdb/node-api';
import { modelTableStatements } from './modelTables.ts';
import { warehouseDir, writeWarehouse } from './warehouse.ts';

export interface TestWarehouse {
  dir: string;
  file: string;
  remove(): Promise<void>;
}

/** Descriptions cycle through these: commas, quotes, line breaks, formulas, markup. */
export const tricky = [
  '冰箱不制冷，温度降不下来',
  'says "broken", twice',
  'line one\nline two',
  '=HYPERLINK("http://evil.example","click")',
  '+86 138 0000 0000 打不通',
  '-5 度也不结冰',
  '@SUM(A1:A9)',
  '<b>门封</b><script>alert(1)</script>',
];

/** The raw row of the formula-injection reject. */
export const formulaRaw = "=cmd|' /C calc'!A0,2026-13-45";

export async function createTestWarehouse(
  options: { complaints?: number; models?: boolean } = {},
): Promise<TestWarehouse> {
  const n = options.complaints ?? 260;
  const dir = await warehouseDir('complaint-lens-export-');
  const file = dir.file();
  const build = async (conn: DuckDBConnection) => {
    await conn.run('create temp table tricky (k integer, d varchar)');
    for (const [k, d] of tricky.entries()) {
      await conn.run('insert into tricky values ($k, $d)', { k, d });
    }
    await conn.run(
      `insert into complaint_versions (
         complaint_id, received_at, channel, region, product, product_category, batch, department,
         description, status, compensation, satisfaction, row_hash, version_no, is_current,
         first_loaded_run, load_run_id, source_file)
       select 'T' || lpad(cast(i as varchar), 6, '0'),
              timestamp '2026-01-01 08:00:00' + to_minutes(cast(i * 97 as bigint)),
              ['客服热线', 'app', '门店'][1 + i % 3],
              ['四川', '上海', '广东', '北京'][1 + i % 4],
              'BCD-' || cast(100 + i % 5 as varchar),
              ['冰箱', '洗衣机'][1 + i % 2],
              'B2026W' || lpad(cast(1 + i % 9 as varchar), 2, '0'),
              ['售后服务部', '质量管理部'][1 + i % 2],
              tricky.d,
              '已关闭',
              case when i % 10 = 0 then -50.5 when i % 3 = 0 then 120 else null end,
              case when i % 4 = 0 then 0.8 else null end,
              md5(cast(i as varchar)), 1, true, 1, 1, 'fixture.csv'
       from range($n) t(i) join tricky on tricky.k = i % 8`,
      { n },
    );
    const models = options.models !== false;
    if (models)
      await conn.run(
        `create table mart_complaints as
       select *, ['产品质量', '物流运输', '安装服务'][1 + cast(right(complaint_id, 3) as integer) % 3] as category,
              cast(right(complaint_id, 1) as integer) as cluster_id,
              '根因 ' || right(complaint_id, 1) as cluster_label,
              cast(null as varchar) as severity_grade
       from complaints`,
      );
    await conn.run(
      `insert into load_runs (run_id, file, kind, started_at, finished_at, status, rows_read, rows_new,
                             rows_updated, rows_unchanged, rows_rejected, format, encoding, bytes, message)
       values
         (1, 'sample-data/complaints.csv', 'complaints', timestamp '2026-11-22 02:00:00',
          timestamp '2026-11-22 02:00:05', 'ok', $n, $n, 0, 0, 0, 'csv', 'utf-8', 123456, null),
         (2, 'inbox/complaints-2026-11-23.csv', 'complaints', timestamp '2026-11-23 02:00:00',
          timestamp '2026-11-23 02:00:02', 'ok', 7, 1, 2, 1, 3, 'csv', 'gb18030', 2048, null),
         (2, 'inbox/broken.csv', 'complaints', timestamp '2026-11-23 02:00:03',
          timestamp '2026-11-23 02:00:03', 'rejected', 4, 0, 0, 0, 3, 'csv', 'utf-8', 99, 'bad header')`,
      { n },
    );
    await conn.run(
      `update load_runs set derivation = 'batch = model_year', missing_fields = 'resolved_at|closed_at (disables handling KPIs)'
       where file = 'inbox/complaints-2026-11-23.csv';
       insert into load_mappings values
         (2, 'inbox/complaints-2026-11-23.csv', 0, '投诉编号', 'complaint_id', 'synonym', 1, 'synonym "投诉编号"'),
         (2, 'inbox/complaints-2026-11-23.csv', 1, '内容', 'description', 'content', 0.6, 'longest free text'),
         (2, 'inbox/complaints-2026-11-23.csv', 2, '备注2', null, null, 0, 'no synonym'),
         (2, 'inbox/complaints-2026-11-23.csv', null, 'model_year', 'batch', 'derived', 1, 'batch = model_year'),
         (1, 'inbox/complaints-2026-11-23.csv', 0, 'old', 'complaint_id', 'synonym', 1, 'older run')`,
    );
    await conn.run(
      `insert into rejects values
         (2, 'inbox/complaints-2026-11-23.csv', 3, 'invalid_received_at', 'received_at could not be parsed: 2026-13-45', $raw, 'TS1'),
         (2, 'inbox/complaints-2026-11-23.csv', 5, 'missing_complaint_id', 'complaint_id is empty', '{"投诉编号":null,"问题描述":"<script>alert(1)</script>"}', null),
         (2, 'inbox/complaints-2026-11-23.csv', 6, 'missing_complaint_id', 'complaint_id is empty', '{"投诉编号":null}', null),
         (2, 'inbox/broken.csv', null, 'unreadable_row', 'too many columns', 'a,b,c,d,e', null)`,
      { raw: formulaRaw },
    );
    await conn.run(
      `insert into model_runs values
         (7, 'stg_complaints', timestamp '2026-11-23 02:01:00', $n, 12.5, 'success', null),
         (7, 'int_batch_rate_tests', timestamp '2026-11-23 02:01:01', 1000, 2644, 'success', null),
         (7, 'mart_data_quality', timestamp '2026-11-23 02:01:04', 30, 80.25, 'success', null),
         (6, 'stg_complaints', timestamp '2026-11-22 02:01:00', $n, 9999, 'success', null)`,
      { n },
    );
    await conn.run(
      `insert into data_test_results values
         (7, 'unique_complaints_keys', 'error', 0, 'pass', '[]'),
         (7, 'warn_negative_durations', 'warn', 4, 'warn', '[{"complaint_id":"T1"}]'),
         (6, 'old_test', 'error', 9, 'fail', '[]')`,
    );
    if (models)
      await conn.run(
        `create table mart_data_quality as
       select 'field' as row_type, 2 as run_id, 'inbox/complaints-2026-11-23.csv' as file, name,
              name as source_header, 7 as field_rows, nulls, nulls / 7 as null_rate, unparsed,
              unparsed / 7 as unparsed_rate, (nulls + unparsed) / 7 as missing_rate, example as unparsed_example
       from (values ('batch', 3, 0, null), ('received_at', 0, 1, '2026-13-45'), ('region', 0, 0, null))
            as v(name, nulls, unparsed, example)`,
      );
    if (models) {
      await conn.run(
        `create table mart_recommendations (
           rec_id varchar, rank integer, priority varchar, rule varchar, subject_kind varchar,
           subject_key varchar, message_args json, owner_department varchar, evidence_json json,
           score double, first_raised_on date, last_evidence_on date, complaints bigint,
           drill varchar, as_of_date date)`,
      );
      // texts are worded from rule + message_args (pipeline/messages/recommendations.ts); R3's
      // product name starts with '=' so its title exercises the exports' formula neutralising
      const explain = `"c_severity": 1, "w_severity": 30, "c_volume": 0.5, "w_volume": 20, "c_growth": 0.5, "w_growth": 20, "c_confidence": 1, "w_confidence": 15, "c_impact": 0.2, "w_impact": 15`;
      await conn.run(
        `insert into mart_recommendations values
           ('R1', 1, 'P1', 'batch_hotspot', 'batch', 'B2026W03',
            '{"batch": "B2026W03", "product": "KFR-35", "units_at_risk": 1200, ${explain}, "score": 90}',
            '质量管理部',
            '{"complaints": 29, "rate_ratio": 3.2, "q_value": 0.001, "reason_zh": "三倍", "reason_en": "three times"}',
            0.9, date '2026-10-01', date '2026-10-30', 29, 'batch=B2026W03', date '2026-10-31'),
           ('R2', 2, 'P2', 'delivery_rise', 'category_region', '物流运输 × 四川',
            '{"dimension": "category_region", "member": "物流运输 × 四川", "region": "四川", "category": "物流运输", ${explain}, "score": 50}',
            '物流部', '{"complaints": 21}', 0.5, date '2026-10-12',
            date '2026-10-31', 21, 'region=四川&category=物流运输', date '2026-10-31'),
           ('R3', 3, 'P3', 'product_surge', 'product', '=KFR-7',
            '{"dimension": "product", "member": "=KFR-7", ${explain}, "score": 10}',
            '售后服务部', '{"share": 0.05}', 0.1,
            date '2026-08-01', date '2026-10-20', 5, 'colour=red', date '2026-10-31')`,
      );
    }
    if (models) for (const statement of modelTableStatements()) await conn.run(statement);
  };
  await writeWarehouse(file, build, { baseTables: true });
  return { dir: dir.dir, file, remove: dir.remove };
}
