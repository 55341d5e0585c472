// Kept tables: a table model (`materialized: table`) is a query over the relations it reads, so
// when every one of them holds the same rows as at the model's last build — and its SQL, the
// persistent macros and the session variables are the same — rebuilding it would give the table it
// already has, and the build keeps it (like a build system's cache keyed by its inputs; dbt has no
// equivalent). This is what makes a night whose change does not reach a model cost nothing there:
// the re-run of an unchanged file, a night of status changes only (the hot-spot statistics read
// no status), a new as-of that moves only the SLA flags. A night that adds complaints still
// rebuilds every model they reach, in full (docs/incremental.md says why the hot-spot statistics
// cannot do less: their monitoring dates are anchored at the last receipt date).
//
// Each built table (SQL, incremental or program model) gets a content fingerprint: its row count
// and the sum of DuckDB's 64-bit hash of every row (a multiset hash: order-free, so a parallel
// build that writes the same rows in another order has the same fingerprint). A base table
// (complaints, cfg_*, cluster_labels …) is fingerprinted the same way when a model reads it, once
// per build (again after a program model, which writes base tables). A view's fingerprint is its
// SQL with the fingerprints of what it reads. A model's inputs are the hash of its SQL, the
// macros and variables, and the fingerprints of the relations its SQL names (models found by the
// dependency graph, base tables by name): equal to those stored at its last build → kept.
// Exactness rests on the models being deterministic functions of those relations: none reads the
// clock (the KPI as-of is a row of cfg_settings, read through stg_settings) or draws random
// numbers. A rebuilt model whose floating-point sums come out in other last bits only costs its
// dependants their rebuild. `--full-refresh` and `--select` rebuild what they name.
// tests/unit/models/unchanged.test.ts and tests/integration/incremental-cli.test.ts prove kept
// tables equal a full rebuild.
import type { Db } from '../db.ts';
import { quotedIdentifier } from '../db.ts';

const STATE_DDL = `create table if not exists model_fingerprints (
  model varchar primary key,
  inputs varchar not null,
  fingerprint varchar not null
)`;

export interface TrackedModel {
  name: string;
  sql: string;
  materialized: 'view' | 'table' | 'incremental';
  /** Models its SQL reads (the dependency graph). */
  deps: readonly string[];
  /** Lower-case identifiers of its SQL: the base tables among them are inputs too. */
  identifiers: ReadonlySet<string>;
}

/** Above this many values (rows × columns) a table model's fingerprint is its inputs (record). */
const HASHED_VALUES = 4_000_000;

/** What an incremental build removed and added: row counts and sums of row hashes. */
export interface RowsDelta {
  removedRows: bigint;
  removedHash: bigint;
  addedRows: bigint;
  addedHash: bigint;
}

/** Rows of a table matching a predicate: their count and the sum of their hashes. */
export async function rowsHash(
  db: Db,
  table: string,
  where: string,
): Promise<{ rows: bigint; hash: bigint }> {
  const r = await db.one<{ n: string; h: string }>(
    `select cast(count(*) as varchar) as n, cast(coalesce(sum(hash(t)), 0) as varchar) as h
     from ${quotedIdentifier(table)} as t where ${where}`,
  );
  return { rows: BigInt(r?.n ?? 0), hash: BigInt(r?.h ?? 0) };
}

/** Content fingerprint of a table: row count and the sum of its rows' hashes. */
export async function tableFingerprint(db: Db, name: string): Promise<string> {
  return String(
    await db.scalar(
      `select count(*) || ':' || coalesce(sum(hash(t)), 0) from ${quotedIdentifier(name)} as t`,
    ),
  );
}

export class InputTracker {
  private readonly db: Db;
  private readonly models: ReadonlyMap<string, TrackedModel>;
  private readonly baseTables = new Map<string, string>();
  private baseNames?: Set<string>;
  private environment?: string;

  private readonly hashedValues: number;

  /** `hashedValues`: the size above which a table is represented by its inputs (tests lower it). */
  constructor(
    db: Db,
    models: ReadonlyMap<string, TrackedModel>,
    hashedValues: number = HASHED_VALUES,
  ) {
    this.db = db;
    this.models = models;
    this.hashedValues = hashedValues;
  }

  async init(): Promise<void> {
    await this.db.run(STATE_DDL);
  }

  /** A program model wrote base tables (and may set variables): look at them again when next read. */
  forgetBaseTables(): void {
    this.baseTables.clear();
    this.baseNames = undefined;
    this.environment = undefined;
  }

  /** Macros and session variables: the same for every model of a build. */
  private async env(): Promise<string> {
    this.environment ??= String(
      await this.db.scalar(
        `select md5(
           (select coalesce(string_agg(function_name || ':' || coalesce(macro_definition, ''), '|' order by function_name, macro_definition), '')
            from duckdb_functions() where function_type = 'macro' and not internal and database_name <> 'temp')
           || '|' ||
           (select coalesce(string_agg(name || '=' || cast(value as varchar), '|' order by name), '') from duckdb_variables())
         )`,
      ),
    );
    return this.environment;
  }

  /**
   * Base tables of the current schema that are not models (nor this module's state), and the
   * journal marts (views over the run journal that staging reads, sql/journal/): fingerprinted by
   * their rows like a base table.
   */
  private async bases(): Promise<Set<string>> {
    if (!this.baseNames) {
      const rows = await this.db.all<{ name: string }>(
        `select table_name as name from information_schema.tables
         where table_schema = current_schema() and table_catalog = current_database()
           and (table_type = 'BASE TABLE' or (table_type = 'VIEW' and starts_with(table_name, 'mart_')))`,
      );
      this.baseNames = new Set(
        rows
          .map((r) => r.name.toLowerCase())
          .filter((n) => !this.models.has(n) && n !== 'model_fingerprints'),
      );
    }
    return this.baseNames;
  }

  private async stored(name: string): Promise<{ inputs: string; fingerprint: string } | undefined> {
    return this.db.one<{ inputs: string; fingerprint: string }>(
      'select inputs, fingerprint from model_fingerprints where model = $name',
      { name },
    );
  }

  /**
   * What a relation holds now: a table model's stored fingerprint, a view's inputs, a base
   * table's rows; null for a table model never fingerprinted (whatever reads it is rebuilt).
   */
  private async fingerprint(name: string, seen: Set<string>): Promise<string | null> {
    const model = this.models.get(name);
    if (!model) {
      let fp = this.baseTables.get(name);
      if (fp === undefined) {
        fp = await tableFingerprint(this.db, name);
        this.baseTables.set(name, fp);
      }
      return fp;
    }
    if (model.materialized === 'view') return this.inputsOf(model, seen);
    return (await this.stored(name))?.fingerprint ?? null;
  }

  /** The hash of everything a model's rows depend on; null when something it reads is unknown. */
  async inputsOf(model: TrackedModel, seen = new Set<string>()): Promise<string | null> {
    if (seen.has(model.name)) throw new Error(`input cycle at ${model.name}`);
    seen.add(model.name);
    const bases = await this.bases();
    const reads = new Set([...model.deps, ...[...model.identifiers].filter((i) => bases.has(i))]);
    const parts = [model.sql, await this.env()];
    for (const rel of [...reads].sort()) {
      const fp = await this.fingerprint(rel, seen);
      if (fp === null) return null;
      parts.push(`${rel}=${fp}`);
    }
    seen.delete(model.name);
    return String(await this.db.scalar('select md5($text)', { text: parts.join('\n') }));
  }

  /**
   * `keep`: its table has the rows a rebuild would give (same inputs as at its last build).
   * `inputs` is what to record after a rebuild ('unknown' never equals a computed hash).
   */
  async decide(model: TrackedModel): Promise<{ keep: boolean; inputs: string }> {
    const inputs = (await this.inputsOf(model)) ?? 'unknown';
    const state = await this.stored(model.name);
    const existing = await this.db.scalar<string>(
      `select table_type from information_schema.tables where table_schema = current_schema() and table_name = $name`,
      { name: model.name },
    );
    return {
      keep: existing === 'BASE TABLE' && inputs !== 'unknown' && state?.inputs === inputs,
      inputs,
    };
  }

  /**
   * After a build of a table model: remember what it read and what it holds. A big table (more
   * than HASHED_VALUES values) is represented by its inputs instead of its rows: it is a function
   * of them, hashing it would cost a noticeable share of building it (1.5 of 24 CPU-s for
   * int_batch_mix_tests at 337k complaints), and a rebuild of it almost never gives the same rows,
   * so its content would seldom spare a dependant a rebuild. Small tables are hashed: a settings
   * row rebuilt for a new as-of with the same values keeps everything downstream.
   */
  async record(name: string, inputs: string): Promise<void> {
    const size = await this.db.one<{ n: bigint; cols: bigint }>(
      `select (select count(*) from ${quotedIdentifier(name)}) as n,
              (select count(*) from information_schema.columns
               where table_catalog = current_database() and table_schema = current_schema() and table_name = $name) as cols`,
      { name },
    );
    const values = Number(size?.n ?? 0) * Number(size?.cols ?? 0);
    const byInputs = values > this.hashedValues && /^[0-9a-f]{32}$/.test(inputs);
    await this.save(
      name,
      inputs,
      byInputs ? `inputs:${inputs}` : await tableFingerprint(this.db, name),
    );
  }

  /**
   * After a program model or an incremental build: its rows. An incremental build that redid a
   * few keys updates the stored multiset hash by what it deleted and inserted (delta), instead of
   * hashing the whole table again.
   */
  async recordRows(name: string, inputs: string, delta?: RowsDelta): Promise<void> {
    const old = (await this.stored(name))?.fingerprint.match(/^(\d+):(\d+)$/);
    const fingerprint =
      delta && old
        ? `${BigInt(old[1]) - delta.removedRows + delta.addedRows}:${BigInt(old[2]) - delta.removedHash + delta.addedHash}`
        : await tableFingerprint(this.db, name);
    await this.save(name, inputs, fingerprint);
  }

  /** A fingerprint the model's build computed itself (a date-partitioned model: incremental.ts). */
  async recordFingerprint(name: string, fingerprint: string): Promise<void> {
    await this.save(name, 'incremental', fingerprint);
  }

  private async save(name: string, inputs: string, fingerprint: string): Promise<void> {
    await this.db.run('insert or replace into model_fingerprints values ($name, $inputs, $fp)', {
      name,
      inputs,
      fp: fingerprint,
    });
  }
}
