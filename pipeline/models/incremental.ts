// Incremental models (`-- materialized: incremental`, `-- unique_key: complaint_id`), as in dbt:
// a nightly build recomputes only the rows of complaints that received a version since the model
// was last built, instead of the whole table. For per-complaint models: the row of a complaint
// depends on that complaint's own data and the configuration, plus what the optional headers
// declare (docs/incremental.md):
//   -- depends_on_group: customer_id, product   the row also depends on every complaint sharing
//        these stg_complaints columns (repeat flags): a change redoes the complaint's old and new groups;
//   -- recompute_where: <predicate>   rows of the model (alias `this`) matching it are redone every
//        build: rows that depend on the KPI as-of time (still-open complaints whose SLA clock runs),
//        or rows gone stale without a new version of their complaint (a relabelled cluster);
//   -- signature_query: <query>   its result is part of the signature (e.g. the products that
//        have volumes): a change rebuilds the model in full.
//   -- incremental_source: int_complaints_enriched   the relation (default stg_complaints) whose
//        rows, one per complaint, the model is computed from (below).
// Keys changed in an incremental model it reads are its changed keys too (propagated in a build).
// While the changed rows are recomputed, a temp view of the same name holding only the changed
// complaints shadows the source, so the model's query reads (and matches text in) those alone.
// The model is rebuilt in full (and its watermark reset) on --full-refresh, when the table is
// missing, when an incremental model it reads was rebuilt in full (or not from the same
// watermark), and when its signature changes: its SQL and every upstream model's, the
// configuration tables (cfg_*), the persistent macros (sql/macros; the ingest's temporary macros
// are left out: they differ with each input file) and the session variables the runner sets.
// The KPI as-of time is left out of the signature (it changes every night): a model that reads it
// must declare recompute_where, which discovery enforces.
// tests/unit/models/incremental.test.ts proves incremental = full refresh on the same data.
import type { Db } from '../db.ts';
import { quotedIdentifier } from '../db.ts';
import { rowsHash, type RowsDelta } from './unchanged.ts';

const STATE_DDL = `create table if not exists model_increments (
  model varchar primary key,
  signature varchar not null,
  load_run_id bigint not null
)`;

export interface IncrementalModel {
  name: string;
  sql: string;
  /** `-- unique_key:` (the per-complaint mode); absent in the partitioned mode. */
  uniqueKey?: string;
  /** The SQL of every model it reads, directly or not: a change there rebuilds it in full. */
  upstreamSql?: string;
  /** `-- depends_on_group:` columns of stg_complaints. */
  groupBy?: readonly string[];
  /** `-- recompute_where:` predicate on the model's own rows. */
  recomputeWhere?: string;
  /** `-- signature_query:` query whose result joins the signature. */
  signatureQuery?: string;
  /** `-- incremental_source:` relation shadowed by the changed complaints (default stg_complaints). */
  source?: string;
  /** `-- partition_by:` date column: the date-partitioned mode (buildPartitioned, below). */
  partitionBy?: string;
  /** `-- partition_source:` relation whose rows, each with a date, the partitions depend on. */
  partitionSource?: string;
  /** `-- partition_source_date:` its date column: a row dated d reaches partitions ≥ d only. */
  partitionSourceDate?: string;
  /** `-- partition_open_from:` query of one date: partitions on or after it are redone when it moves. */
  partitionOpenFrom?: string;
  /** Outcomes of the incremental models it reads, in this build (absent: not built in it). */
  upstream?: ReadonlyMap<string, IncrementalOutcome | undefined>;
}

export type IncrementalOutcome =
  | { kind: 'full'; reason: string; fingerprint?: string }
  | {
      kind: 'incremental';
      changedKeys: number;
      since: number;
      /** The rows it deleted and inserted, hashed: the table's fingerprint follows (unchanged.ts). */
      delta: RowsDelta;
      /** Partitioned mode: the first partition redone (ISO date), null when none was. */
      partitionFloor?: string | null;
      /** Partitioned mode: the table's fingerprint, a hash of its inputs (no row is hashed). */
      fingerprint?: string;
    };

/** Keys a build changed, per incremental model: a downstream incremental model redoes them too. */
const CHANGED_DDL =
  'create temp table if not exists incremental_changed (model varchar, k varchar)';

/** The current complaints: their groups (depends_on_group), and the default incremental_source. */
const SOURCE = 'stg_complaints';

/** Everything besides the data that a model's rows depend on, as one hash. */
async function signature(db: Db, model: IncrementalModel): Promise<string> {
  const cfg = await db.all<{ name: string }>(
    `select table_name as name from information_schema.tables
     where table_schema = current_schema() and table_name like 'cfg\\_%' escape '\\' order by 1`,
  );
  const parts = [model.sql, model.upstreamSql ?? ''];
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
    // Persistent macros only: the ingest's temporary ones (date parsing compiled per input file)
    // live in the temp catalogue and differ between a night that parsed a file and one that did not.
    String(
      await db.scalar(
        `select md5(coalesce(string_agg(function_name || ':' || coalesce(macro_definition, ''), '|' order by function_name, macro_definition), ''))
         from duckdb_functions() where function_type = 'macro' and not internal and database_name <> 'temp'`,
      ),
    ),
  );
  if (model.signatureQuery) {
    parts.push(
      String(
        await db.scalar(
          `select md5(coalesce(string_agg(cast(t as varchar), '|' order by cast(t as varchar)), '')) from (\n${model.signatureQuery}\n) as t`,
        ),
      ),
    );
  }
  return String(await db.scalar('select md5($text)', { text: parts.join('\n') }));
}

async function loadWatermark(db: Db): Promise<number> {
  return Number(await db.scalar('select coalesce(max(load_run_id), 0) from complaint_versions'));
}

/** Why an upstream incremental model forces a full rebuild, if it does. */
function upstreamReason(model: IncrementalModel, since: number): string | null {
  for (const [name, outcome] of model.upstream ?? []) {
    if (!outcome) return `${name}, which it reads, was not built in this build`;
    if (outcome.kind === 'full') return `${name}, which it reads, was rebuilt in full`;
    if (outcome.since !== since) return `${name}, which it reads, was built from another watermark`;
  }
  return null;
}

/** The keys to recompute: complaints loaded since the watermark, their groups, the volatile rows, upstream changes. */
async function changedKeys(
  db: Db,
  model: IncrementalModel,
  table: string,
  key: string,
  since: number,
): Promise<void> {
  await db.run(
    `create or replace temp table incremental_keys as
     select distinct complaint_id as k from complaint_versions where load_run_id > $since`,
    { since },
  );
  if (model.groupBy && model.groupBy.length > 0) {
    const cols = model.groupBy.map(quotedIdentifier);
    // Old groups too: a complaint that moved to another customer or product leaves its old group.
    // complaint_versions holds the values before staging's cleaning, which is repeated here.
    const cleaned = cols.map((c) => `nullif(trim(${c}), '') as ${c}`).join(', ');
    await db.run(
      `insert into incremental_keys
       with touched as (
           select ${cols.join(', ')} from ${SOURCE} where complaint_id in (select k from incremental_keys)
           union
           select ${cleaned} from complaint_versions where complaint_id in (select k from incremental_keys)
       )
       select distinct s.complaint_id from ${SOURCE} as s
       inner join touched using (${cols.join(', ')})
       where s.complaint_id not in (select k from incremental_keys)`,
    );
  }
  if (model.recomputeWhere) {
    await db.run(
      `insert into incremental_keys
       select distinct ${key} from ${table} as this
       where (${model.recomputeWhere}) and ${key} not in (select k from incremental_keys)`,
    );
  }
  for (const upstream of model.upstream?.keys() ?? []) {
    await db.run(
      `insert into incremental_keys
       select distinct k from incremental_changed
       where model = $upstream and k not in (select k from incremental_keys)`,
      { upstream },
    );
  }
}

/**
 * Build an incremental model: in full when it must be, else delete and re-insert the rows of the
 * complaints loaded since its watermark (and those its headers add).
 */
export async function buildIncremental(
  db: Db,
  model: IncrementalModel,
  fullRefresh: boolean,
): Promise<IncrementalOutcome> {
  await db.run(STATE_DDL);
  await db.run(CHANGED_DDL);
  const table = quotedIdentifier(model.name);
  const sig = await signature(db, model);
  const state = await db.one<{ signature: string; load_run_id: number }>(
    'select signature, load_run_id from model_increments where model = $model',
    { model: model.name },
  );
  const existing = await db.scalar<string>(
    `select table_type from information_schema.tables where table_schema = current_schema() and table_name = $name`,
    { name: model.name },
  );
  const watermark = await loadWatermark(db);
  const since = state ? Number(state.load_run_id) : 0;
  const reason = fullRefresh
    ? '--full-refresh'
    : existing !== 'BASE TABLE'
      ? 'no table yet'
      : !state
        ? 'no watermark yet'
        : state.signature !== sig
          ? 'its SQL, configuration or macros changed'
          : upstreamReason(model, since);
  await db.run('delete from incremental_changed where model = $model', { model: model.name });
  if (model.partitionBy) return buildPartitioned(db, model, reason, sig, watermark, since);
  const key = quotedIdentifier(model.uniqueKey ?? '');
  let changed = 0;
  let delta: RowsDelta | undefined;
  if (reason !== null) {
    if (existing === 'VIEW') await db.run(`drop view ${table}`);
    await db.run(`create or replace table ${table} as\n${model.sql}`);
  } else {
    await changedKeys(db, model, table, key, since);
    changed = Number(await db.scalar('select count(*) from incremental_keys'));
    const db0 = quotedIdentifier(String(await db.scalar('select current_database()')));
    const schema = quotedIdentifier(String(await db.scalar('select current_schema()')));
    const redone = `${key} in (select k from incremental_keys)`;
    const removed = await rowsHash(db, model.name, redone);
    await db.run(`delete from ${table} where ${redone}`);
    // The inserted rows are hashed by rowid: DuckDB appends past every surviving row (a
    // checkpoint's compaction only moves rows down), and a rowid range skips the rest of the table,
    // where a key filter reads every column of it (0.15 CPU-s for mart_complaints at 337k).
    const kept = await db.one<{ end: string; n: string }>(
      `select cast(coalesce(max(rowid), -1) as varchar) as end, cast(count(*) as varchar) as n from ${table}`,
    );
    const source = quotedIdentifier(model.source ?? SOURCE);
    await db.run(
      `create or replace temp view ${source} as
       select * from ${db0}.${schema}.${source} where complaint_id in (select k from incremental_keys)`,
    );
    try {
      await db.run(
        `insert into ${table} by name
         select * from (\n${model.sql}\n) as model_rows where ${key} in (select k from incremental_keys)`,
      );
    } finally {
      await db.run(`drop view if exists temp.main.${source}`);
    }
    const appended = `rowid > ${BigInt(kept?.end ?? -1)}`;
    let added = await rowsHash(db, model.name, appended);
    const total = BigInt(String(await db.scalar(`select count(*) from ${table}`)));
    // Only appended rows lie past the old end, so the right count means exactly them.
    if (added.rows !== total - BigInt(kept?.n ?? 0)) added = await rowsHash(db, model.name, redone);
    delta = {
      removedRows: removed.rows,
      removedHash: removed.hash,
      addedRows: added.rows,
      addedHash: added.hash,
    };
    await db.run('insert into incremental_changed select $model, k from incremental_keys', {
      model: model.name,
    });
  }
  await db.run('drop table if exists incremental_keys');
  await db.run(`insert or replace into model_increments values ($model, $signature, $watermark)`, {
    model: model.name,
    signature: sig,
    watermark,
  });
  return reason === null && delta
    ? { kind: 'incremental', changedKeys: changed, since, delta }
    : { kind: 'full', reason: reason ?? 'no rows redone' };
}

// Date-partitioned mode (`-- partition_by: eval_date`): the model's rows at partition date D depend
// only on the rows of its partition source dated on or before D (`-- partition_source:`,
// `-- partition_source_date:`), on what its signature covers, and — for partitions on or after the
// `-- partition_open_from:` date (the last receipt date) — on that date. A build compares the
// source with the snapshot taken at the model's last build (a hash per row, both directions, so
// a row that left, arrived or changed counts with its old and its new date), takes the earliest
// date of a changed row (the floor), lowers it to the open date when that moved (old or new,
// whichever is earlier) and to the floor of any partitioned model it reads, deletes the rows on
// or after the floor and inserts the model's query for them. The query sees the floor as
// getvariable('partition_floor') (NULL in a full build) and should compute only those dates.
const PARTITION_DDL = `create table if not exists model_partitions (
  model varchar primary key,
  open_from varchar
)`;

function snapshotTable(model: string): string {
  return quotedIdentifier(`model_partition_source_${model}`);
}

function snapshotQuery(model: IncrementalModel): string {
  return `select hash(s) as h, cast(s.${quotedIdentifier(model.partitionSourceDate!)} as date) as d from ${quotedIdentifier(model.partitionSource!)} as s`;
}

async function openFrom(db: Db, model: IncrementalModel): Promise<string | null> {
  if (!model.partitionOpenFrom) return null;
  const v = await db.scalar(
    `select cast(max(d) as varchar) from (select (\n${model.partitionOpenFrom}\n) as d)`,
  );
  return v === null || v === undefined ? null : String(v);
}

function minDate(...dates: (string | null | undefined)[]): string | null {
  const known = dates.filter((d): d is string => typeof d === 'string');
  return known.length === 0 ? null : known.sort()[0]!;
}

async function buildPartitioned(
  db: Db,
  model: IncrementalModel,
  reason0: string | null,
  sig: string,
  watermark: number,
  since: number,
): Promise<IncrementalOutcome> {
  await db.run(PARTITION_DDL);
  const table = quotedIdentifier(model.name);
  const column = quotedIdentifier(model.partitionBy!);
  const snap = snapshotTable(model.name);
  const state = await db.one<{ open_from: string | null }>(
    'select open_from from model_partitions where model = $model',
    { model: model.name },
  );
  const hasSnapshot =
    (await db.scalar<string>(
      `select table_type from information_schema.tables where table_schema = current_schema() and table_name = $name`,
      { name: `model_partition_source_${model.name}` },
    )) === 'BASE TABLE';
  let reason = reason0 ?? (!state || !hasSnapshot ? 'no partition state yet' : null);
  const open = await openFrom(db, model);
  let floor: string | null = null;
  let changedRows = 0;
  if (reason === null) {
    const changed = await db.one<{ n: string; nulls: string; d: string | null }>(
      `with now_rows as (${snapshotQuery(model)}),
       diff as (
         (select h, d from now_rows except all select h, d from ${snap})
         union all
         (select h, d from ${snap} except all select h, d from now_rows)
       )
       select cast(count(*) as varchar) as n, cast(count(*) - count(d) as varchar) as nulls,
              cast(min(d) as varchar) as d
       from diff`,
    );
    changedRows = Number(changed?.n ?? 0);
    if (Number(changed?.nulls ?? 0) > 0) reason = 'a changed source row has no partition date';
    else {
      floor = minDate(
        changed?.d,
        open !== (state?.open_from ?? null) ? minDate(open, state?.open_from) : null,
        ...[...(model.upstream?.values() ?? [])].map((o) =>
          o?.kind === 'incremental' ? o.partitionFloor : null,
        ),
      );
      // an open date that appeared or vanished: everything
      if (open !== (state?.open_from ?? null) && (open === null || !state?.open_from))
        reason = 'its open partition date appeared or vanished';
    }
  }
  if (reason === null && floor !== null) {
    // Every partition to redo: a plain rebuild is cheaper than deleting and re-hashing them all.
    const first = await db.scalar(`select cast(min(${column}) as varchar) from ${table}`);
    if (first === null || first === undefined || floor <= String(first))
      reason = 'every partition changed';
  }
  if (reason !== null) {
    const existing = await db.scalar<string>(
      `select table_type from information_schema.tables where table_schema = current_schema() and table_name = $name`,
      { name: model.name },
    );
    if (existing === 'VIEW') await db.run(`drop view ${table}`);
    await db.run(`create or replace table ${table} as\n${model.sql}`);
  } else if (floor !== null) {
    const redone = `${column} >= cast('${floor}' as date)`;
    await db.run(`delete from ${table} where ${redone}`);
    await db.run(`set variable partition_floor = cast('${floor}' as date)`);
    try {
      await db.run(
        `insert into ${table} by name
         select * from (\n${model.sql}\n) as model_rows where ${redone}`,
      );
    } finally {
      await db.run('reset variable partition_floor');
    }
  }
  if (reason !== null || changedRows > 0) {
    await db.run(`create or replace table ${snap} as ${snapshotQuery(model)}`);
  }
  await db.run('insert or replace into model_partitions values ($model, $open)', {
    model: model.name,
    open,
  });
  // The table is a function of its signature, its source's rows and its open date (the contract
  // above), so those stand for its rows in model_fingerprints (unchanged.ts), as the inputs do for
  // a big table model: hashing a few million rows would cost more than redoing a week of them.
  const fingerprint = `partitioned:${String(
    await db.scalar(
      `select md5($model || ':' || $sig || ':' || coalesce($open, '') || ':' || count(*) || ':' || coalesce(sum(h), 0)) from ${snap}`,
      { model: model.name, sig, open },
    ),
  )}`;
  await db.run(`insert or replace into model_increments values ($model, $signature, $watermark)`, {
    model: model.name,
    signature: sig,
    watermark,
  });
  const none: RowsDelta = { removedRows: 0n, removedHash: 0n, addedRows: 0n, addedHash: 0n };
  return reason === null
    ? {
        kind: 'incremental',
        changedKeys: changedRows,
        since,
        delta: none,
        partitionFloor: floor,
        fingerprint,
      }
    : { kind: 'full', reason, fingerprint };
}
