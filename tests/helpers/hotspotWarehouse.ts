// Test harness for the hot-spot models: an in-memory DuckDB with the base tables, the stats macros,
// the settings the models read, a fixture int_complaints_enriched, and the hot-spot models built
// from their SQL files in dependency order (`create table x as <sql>`, as the runner does).
// Also used by bench/eval-hotspots.ts.
import type { Db } from '../../pipeline/db.ts';
import { modelSettingRows, modelSettingsTableSql } from '../../pipeline/models/modelSettings.ts';
import { batchHotspotReasons } from '../../pipeline/contract/hotspotReasons.ts';
import { buildModelFiles, modelName, modelSql } from './modelSql.ts';
import { openTestDb } from './warehouse.ts';

/** Batch models in build order (int_batch_complaint_clusters may be replaced by a fixture). */
export const BATCH_MODELS = [
  'intermediate/int_batch_hotspot_settings',
  'intermediate/int_batch_complaint_clusters',
  'intermediate/int_batch_complaints',
  'intermediate/int_batch_catalogue',
  'intermediate/int_batch_exposure',
  'intermediate/int_batch_rate_tests',
  'intermediate/int_batch_mix_tests',
  'intermediate/int_batch_age_buckets',
  'marts/mart_batch_hotspots',
  'marts/mart_batch_heatmap',
  'marts/mart_batch_age_buckets',
] as const;

export const PRODUCT_MODELS = [
  'intermediate/int_product_period_tests',
  'intermediate/int_product_region_tests',
  'intermediate/int_product_cause_tests',
  'marts/mart_product_hotspots',
] as const;

export type ModelPath = (typeof BATCH_MODELS)[number] | (typeof PRODUCT_MODELS)[number];

export { modelName, modelSql };

/** One fixture complaint: the int_complaints_enriched columns the hot-spot models read. */
export interface EnrichedRow {
  complaint_id: string;
  received_date: string;
  product: string | null;
  product_category?: string | null;
  batch?: string | null;
  production_date?: string | null;
  region?: string | null;
  category?: string | null;
  is_valid?: boolean;
  /** The export's structured cause; int_batch_complaint_clusters prefers it to the cluster. */
  component?: string | null;
}

/** One row of the --actions file as loaded (the actions base table). */
export interface ActionRow {
  product: string;
  batch: string;
  component?: string | null;
  action_type: string;
  opened_on: string;
  closed_on?: string | null;
  reference?: string | null;
}

export async function loadActionRows(db: Db, rows: readonly ActionRow[]): Promise<void> {
  for (const r of rows) {
    await db.run(
      `insert into actions values ($product, $batch, $component, coalesce($component, ''), $type,
         cast($opened as date), cast($closed as date), $reference, 'fixture')`,
      {
        product: r.product,
        batch: r.batch,
        component: r.component ?? null,
        type: r.action_type,
        opened: r.opened_on,
        closed: r.closed_on ?? null,
        reference: r.reference ?? null,
      },
    );
  }
}

export interface VolumeRow {
  product: string;
  batch: string;
  production_date: string | null;
  units: number;
}

/**
 * Fresh in-memory warehouse: base tables, macros, cfg_settings (as_of, the declared model settings
 * with `settings` over their defaults),
 * stg_settings/stg_volumes from their real staging SQL, empty int_complaints_enriched and
 * int_cluster_assignments (the inputs owned by other layers).
 */
export async function openHotspotDb(settings: Record<string, string> = {}): Promise<Db> {
  const db = await openTestDb({ threads: 1, macros: true });
  await db.run('create table cfg_settings (key varchar primary key, value varchar)');
  // As the runner writes it: every declared model setting, the test's values over the defaults.
  const all = new Map([['as_of', '2099-12-31 00:00:00'], ...modelSettingRows(settings)]);
  for (const [key, value] of all) {
    await db.run('insert into cfg_settings values ($key, $value)', { key, value });
  }
  await db.run(modelSettingsTableSql());
  await db.run(`create view stg_settings as ${modelSql('staging/stg_settings')}`);
  await db.run(`create view stg_volumes as ${modelSql('staging/stg_volumes')}`);
  await db.run(`create view stg_actions as ${modelSql('staging/stg_actions')}`);
  // What the cluster adapter reads: the clustering's assignments, empty (loadClusters replaces
  // the adapter's output when a test needs clusters).
  await db.run(
    'create table int_cluster_assignments (complaint_id varchar, cluster_id varchar, cluster_label varchar)',
  );
  await db.run(`create table int_complaints_enriched (
    complaint_id varchar primary key, received_at timestamp, received_date date, month_start date,
    product varchar, product_category varchar, batch varchar, production_date date, region varchar,
    category varchar, is_valid boolean, component varchar)`);
  return db;
}

export async function loadComplaints(db: Db, rows: readonly EnrichedRow[]): Promise<void> {
  const appender = await db.conn.createAppender('int_complaints_enriched');
  try {
    for (const r of rows) {
      appender.appendVarchar(r.complaint_id);
      appender.appendVarchar(`${r.received_date} 12:00:00`);
      appender.appendVarchar(r.received_date);
      appender.appendVarchar(`${r.received_date.slice(0, 7)}-01`);
      for (const v of [
        r.product,
        r.product_category ?? null,
        r.batch ?? null,
        r.production_date ?? null,
        r.region ?? null,
        r.category ?? '产品质量',
      ]) {
        if (v === null) appender.appendNull();
        else appender.appendVarchar(v);
      }
      appender.appendBoolean(r.is_valid ?? true);
      if (r.component == null) appender.appendNull();
      else appender.appendVarchar(r.component);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

export async function loadVolumes(db: Db, rows: readonly VolumeRow[]): Promise<void> {
  const appender = await db.conn.createAppender('volumes');
  try {
    for (const r of rows) {
      appender.appendVarchar(r.product);
      appender.appendVarchar(r.batch);
      if (r.production_date === null) appender.appendNull();
      else appender.appendVarchar(r.production_date);
      appender.appendBigInt(BigInt(r.units));
      appender.appendVarchar('fixture');
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** Fixture clusters: replaces the (empty) int_batch_complaint_clusters adapter. */
export async function loadClusters(
  db: Db,
  rows: readonly { complaint_id: string; cluster_id: string; cluster_label: string | null }[],
): Promise<void> {
  await db.run(
    'create or replace table int_batch_complaint_clusters (complaint_id varchar, cluster_id varchar, cluster_label varchar)',
  );
  const appender = await db.conn.createAppender('int_batch_complaint_clusters');
  try {
    for (const r of rows) {
      appender.appendVarchar(r.complaint_id);
      appender.appendVarchar(r.cluster_id);
      if (r.cluster_label === null) appender.appendNull();
      else appender.appendVarchar(r.cluster_label);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

export const buildModels = buildModelFiles;

/** One batch's mart_batch_hotspots row, with its reasons worded as every reader words them. */
export async function batchRow(d: Db, name: string): Promise<Record<string, unknown>> {
  const row = await d.one(`select * from mart_batch_hotspots where batch = $b`, { b: name });
  if (!row) throw new Error(`no row for ${name}`);
  const reasons = batchHotspotReasons(row);
  return { ...row, reason_zh: reasons.reasonZh, reason_en: reasons.reasonEn };
}
