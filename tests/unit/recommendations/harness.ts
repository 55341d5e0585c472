// Test harness for the recommendation models: an in-memory DuckDB with the stats, ranking and maturity macros, fixture
// tables standing in for their inputs (the hot-spot, trend and KPI layers, with only the columns
// the rules read), and the recommendation models built from their SQL files in order, as the
// runner does (`create table x as <sql>`).
import { openDb, quotedIdentifier, type Db } from '../../../pipeline/db.ts';
import { modelSettingRows, modelSettingsTableSql } from '../../../pipeline/models/modelSettings.ts';
import { buildModelFiles, runMacros } from '../../helpers/modelSql.ts';

export const REC_MODELS = [
  'intermediate/int_recommendation_settings',
  'intermediate/int_rec_batch_hotspots',
  'intermediate/int_rec_product_hotspots',
  'intermediate/int_rec_trend_alerts',
  'intermediate/int_rec_kpi_breaches',
  'intermediate/int_recommendation_candidates',
  'marts/mart_recommendations',
] as const;

type Columns = Record<string, string>;

/** Input tables and their columns (types as in the warehouse). */
export const INPUTS = {
  cfg_settings: { key: 'varchar', value: 'varchar' },
  cfg_escalation_channels: { channel: 'varchar' },
  cfg_categories: { category: 'varchar', label_en: 'varchar' },
  cfg_category_sla: { category: 'varchar', resolution_sla_hours: 'double' },
  stg_settings: { satisfied_threshold: 'double' },
  int_complaints_enriched: {
    complaint_id: 'varchar',
    received_date: 'date',
    month_start: 'date',
    department: 'varchar',
    is_valid: 'boolean',
    resolution_sla_met: 'boolean',
    is_redispatched: 'boolean',
    is_repeat: 'boolean',
    is_satisfied: 'boolean',
    is_external: 'boolean',
    // what handling_recorded (sql/macros/handling.sql) reads: does the export record handling?
    status: 'varchar',
    first_response_at: 'timestamp',
    resolved_at: 'timestamp',
    closed_at: 'timestamp',
  },
  mart_complaints: {
    complaint_id: 'varchar',
    received_at: 'timestamp',
    product_category: 'varchar',
    product: 'varchar',
    batch: 'varchar',
    region: 'varchar',
    channel: 'varchar',
    department: 'varchar',
    category: 'varchar',
    cluster_id: 'integer',
    severity_grade: 'varchar',
    satisfaction: 'double',
  },
  mart_batch_hotspots: {
    product: 'varchar',
    product_category: 'varchar',
    batch: 'varchar',
    production_date: 'date',
    units: 'bigint',
    complaints: 'bigint',
    observed: 'hugeint',
    expected: 'double',
    rate_ratio: 'double',
    rate_ratio_lower: 'double',
    rate_ratio_upper: 'double',
    q_value: 'double',
    is_hotspot: 'boolean',
    flag_basis: 'varchar[]',
    first_flagged_on: 'date',
    dominant_cluster_id: 'varchar',
    dominant_cluster_label: 'varchar',
    dominant_cluster_share: 'double',
    dominant_cluster_baseline_share: 'double',
    top_regions: 'varchar',
    units_at_risk: 'bigint',
    reason_zh: 'varchar',
    reason_en: 'varchar',
    as_of_date: 'date',
    is_covered_by_action: 'boolean',
  },
  mart_product_hotspots: {
    level: 'varchar',
    product: 'varchar',
    product_category: 'varchar',
    period_start: 'date',
    region: 'varchar',
    cause_kind: 'varchar',
    cause_key: 'varchar',
    cause_label: 'varchar',
    complaints: 'hugeint',
    observed: 'double',
    expected: 'double',
    units_in_field: 'hugeint',
    share: 'double',
    baseline_share: 'double',
    rate_ratio: 'double',
    rate_ratio_lower: 'double',
    ror: 'double',
    q_value: 'double',
    is_hotspot: 'boolean',
    reason_zh: 'varchar',
    reason_en: 'varchar',
    as_of_date: 'date',
  },
  mart_trend_alerts: {
    alert_id: 'varchar',
    kind: 'varchar',
    grain: 'varchar',
    dimension: 'varchar',
    member: 'varchar',
    period_start: 'date',
    observed: 'double',
    expected: 'double',
    p_value: 'double',
    q_value: 'double',
    first_alert_period: 'date',
    reason_zh: 'varchar',
    reason_en: 'varchar',
  },
  mart_series_weekly: {
    dimension: 'varchar',
    member: 'varchar',
    period_start: 'date',
    complaints: 'bigint',
  },
  mart_root_causes: { cluster_id: 'integer', label: 'varchar' },
  recommendation_log: {
    rec_id: 'varchar',
    rule: 'varchar',
    subject_key: 'varchar',
    first_raised_on: 'date',
    first_run_id: 'bigint',
    last_run_id: 'bigint',
    last_score: 'double',
  },
} satisfies Record<string, Columns>;

export type InputName = keyof typeof INPUTS;
export type Row = Record<string, string | number | boolean | null>;

export async function openRecDb(settings: Record<string, string> = {}): Promise<Db> {
  const db = await openDb(':memory:', { threads: 1 });
  await runMacros(db, ['stats', 'ranking', 'maturity', 'handling', 'mode']);
  for (const [name, columns] of Object.entries(INPUTS)) {
    const list = Object.entries(columns).map(([c, t]) => `${quotedIdentifier(c)} ${t}`);
    await db.run(`create table ${quotedIdentifier(name)} (${list.join(', ')})`);
  }
  await insert(db, 'stg_settings', [{ satisfied_threshold: 0.8 }]);
  await insert(db, 'cfg_escalation_channels', [{ channel: '微博' }, { channel: '12315' }]);
  await insert(db, 'cfg_categories', [
    { category: '产品质量', label_en: 'product quality' },
    { category: '物流运输', label_en: 'transport & delivery' },
    { category: '服务态度', label_en: 'staff service' },
    { category: '价格', label_en: 'price' },
  ]);
  // As the runner writes it: every declared model setting, the test's values over the defaults,
  // and the scalar settings (int_recommendation_settings reads satisfied_threshold there).
  await insert(
    db,
    'cfg_settings',
    [...modelSettingRows(settings), ['satisfied_threshold', '0.8']].map(([key, value]) => ({
      key,
      value,
    })),
  );
  await db.run(modelSettingsTableSql());
  return db;
}

/** Insert fixture rows; columns a row leaves out are NULL. */
export async function insert(db: Db, table: InputName, rows: Row[]): Promise<void> {
  const columns = Object.keys(INPUTS[table]);
  for (const row of rows) {
    const unknown = Object.keys(row).filter((c) => !columns.includes(c));
    if (unknown.length > 0)
      throw new Error(`${table}: unknown fixture columns ${unknown.join(', ')}`);
    const params: Record<string, string | number | boolean | null> = {};
    columns.forEach((c, i) => (params[`p${i}`] = row[c] ?? null));
    const types = Object.values(INPUTS[table] as Columns);
    const values = columns.map((_, i) => `cast($p${i} as ${types[i]})`).join(', ');
    await db.run(`insert into ${quotedIdentifier(table)} values (${values})`, params);
  }
}

export async function buildRecommendations(db: Db): Promise<void> {
  await buildModelFiles(db, REC_MODELS);
}

/** `n` complaints of one subject in mart_complaints and int_complaints_enriched. */
export function complaintRows(
  prefix: string,
  n: number,
  fields: Row & { received_at: string },
  flags: Row = {},
): { mart: Row[]; enriched: Row[] } {
  const mart: Row[] = [];
  const enriched: Row[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${prefix}-${i}`;
    mart.push({ complaint_id: id, ...fields });
    const date = String(fields.received_at).slice(0, 10);
    enriched.push({
      complaint_id: id,
      received_date: date,
      month_start: `${date.slice(0, 7)}-01`,
      department: (fields.department as string | undefined) ?? null,
      is_valid: true,
      resolution_sla_met: true,
      is_redispatched: false,
      is_repeat: false,
      is_satisfied: true,
      is_external: false,
      // handling recorded, with its times (handling_recorded, sql/macros/handling.sql)
      status: 'closed',
      resolved_at: fields.received_at,
      ...flags,
    });
  }
  return { mart, enriched };
}

export async function addComplaints(db: Db, rows: { mart: Row[]; enriched: Row[] }): Promise<void> {
  await insert(db, 'mart_complaints', rows.mart);
  await insert(db, 'int_complaints_enriched', rows.enriched);
}
