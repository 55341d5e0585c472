// Incremental models (`-- materialized: incremental`, `-- unique_key: complaint_id`), as in dbt:
// a nightly build recomputes only the rows of complaints that received a version since the model
// was last built, instead of the whole table. For per-complaint models only: the row of a complaint
// must depend on nothing but that complaint's own data and the configuration (a model reading other
// complaints — repeats, period aggregates — is not one). The model is rebuilt in full (and its
// watermark reset) on --full-refresh, when the table is missing, and when its signature changes:
// its SQL, the configuration tables (cfg_*), the macros and the session variables the runner sets.
// The KPI as-of time is left out of the signature (it changes every night): an incremental model
// must not read it, which discovery enforces (a row that changes with the clock alone cannot be
// kept between loads).
// tests/unit/models/incremental.test.ts proves incremental = full refresh on the same data.
import type { Db } from '../db.ts';
import { quotedIdentifier } from '../db.ts';

const STATE_DDL = `create table if not exists model_increments (
  model varchar primary key,
  signature varchar not null,
  load_run_id bigint not null
)`;

export interface IncrementalModel {
  name: string;
  sql: string;
  uniqueKey: string;
}

export type IncrementalOutcome =
  { kind: 'full'; reason: string } | { kind: 'incremental'; changedKeys: number };

/** Everything besides the data that a model's rows depend on, as one hash. */
async function signature(db: Db, sql: string): Promise<string> {
  const cfg = await db.all<{ name: string }>(
    `select table_name as name from information_schema.tables
     where table_schema = current_schema() and table_name like 'cfg\\_%' escape '\\' order by 1`,
  );
  const parts = [sql];
  for (const { name } of cfg) {
    parts.push(
      String(
        await db.scalar(
          `select md5(coalesce(string_agg(cast(t as varchar), '|' order by cast(t as varchar)), '')) from ${quotedIdentifier(name)} as t${name === 'cfg_settings' ? ` where t.key <> 'as_of'` : ''}`,
        ),
      ),
    );
  }
  parts.push(
    String(
      await db.scalar(
        `select md5(coalesce(string_agg(name || '=' || cast(value as varchar), '|' order by name), '')) from duckdb_variables()`,
      ),
    ),
    String(
      await db.scalar(
        `select md5(coalesce(string_agg(function_name || ':' || coalesce(macro_definition, ''), '|' order by function_name, macro_definition), ''))
         from duckdb_functions() where function_type = 'macro' and not internal`,
      ),
    ),
  );
  return String(await db.scalar('select md5($text)', { text: parts.join('\n') }));
}

async function loadWatermark(db: Db): Promise<number> {
  return Number(await db.scalar('select coalesce(max(load_run_id), 0) from complaint_versions'));
}

/**
 * Build an incremental model: in full when it must be, else delete and re-insert the rows of the
 * complaints loaded since its watermark.
 */
export async function buildIncremental(
  db: Db,
  model: IncrementalModel,
  fullRefresh: boolean,
): Promise<IncrementalOutcome> {
  await db.run(STATE_DDL);
  const table = quotedIdentifier(model.name);
  const key = quotedIdentifier(model.uniqueKey);
  const sig = await signature(db, model.sql);
  const state = await db.one<{ signature: string; load_run_id: number }>(
    'select signature, load_run_id from model_increments where model = $model',
    { model: model.name },
  );
  const existing = await db.scalar<string>(
    `select table_type from information_schema.tables where table_schema = current_schema() and table_name = $name`,
    { name: model.name },
  );
  const watermark = await loadWatermark(db);
  const reason = fullRefresh
    ? '--full-refresh'
    : existing !== 'BASE TABLE'
      ? 'no table yet'
      : !state
        ? 'no watermark yet'
        : state.signature !== sig
          ? 'its SQL, configuration or macros changed'
          : null;
  if (reason !== null) {
    if (existing === 'VIEW') await db.run(`drop view ${table}`);
    await db.run(`create or replace table ${table} as\n${model.sql}`);
  } else {
    await db.run(
      `create or replace temp table incremental_keys as
       select distinct complaint_id as k from complaint_versions where load_run_id > $since`,
      { since: Number(state!.load_run_id) },
    );
    await db.run(`delete from ${table} where ${key} in (select k from incremental_keys)`);
    await db.run(
      `insert into ${table} by name
       select * from (\n${model.sql}\n) as model_rows where ${key} in (select k from incremental_keys)`,
    );
  }
  const changedKeys =
    reason === null ? Number(await db.scalar('select count(*) from incremental_keys')) : 0;
  await db.run('drop table if exists incremental_keys');
  await db.run(`insert or replace into model_increments values ($model, $signature, $watermark)`, {
    model: model.name,
    signature: sig,
    watermark,
  });
  return reason === null ? { kind: 'incremental', changedKeys } : { kind: 'full', reason };
}
