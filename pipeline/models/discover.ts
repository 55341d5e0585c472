// Find the models, macros and data tests under sql/: one model per .sql file in staging/,
// intermediate/ and marts/ (the file name is the model name), macro files in macros/, one data
// test per .sql file in tests/.
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  hasMultipleStatements,
  headerValue,
  identifiers,
  stripTrailingSemicolon,
} from './sqlText.ts';

export const LAYERS = ['staging', 'intermediate', 'marts'] as const;
export type Layer = (typeof LAYERS)[number];
export type Materialization = 'view' | 'table' | 'incremental';
export type Severity = 'error' | 'warn';
/** What a data test checks (docs/data-tests.md): integrity → error; analytic, presentation → warn. */
export const CHECK_KINDS = ['integrity', 'analytic', 'presentation'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export interface ModelFile {
  name: string;
  layer: Layer;
  /** Path relative to the sql directory, for messages. */
  file: string;
  /** The query, without a trailing semicolon. */
  sql: string;
  /** staging → view, others → table; a `-- materialized: view|table|incremental` header overrides. */
  materialized: Materialization;
  /** `-- unique_key:` of an incremental model (incremental.ts). */
  uniqueKey?: string;
  /** `-- depends_on_group:` of an incremental model: stg_complaints columns (incremental.ts). */
  groupBy?: string[];
  /** `-- recompute_where:` of an incremental model: its rows redone every build (incremental.ts). */
  recomputeWhere?: string;
  /** `-- signature_query:` of an incremental model (incremental.ts). */
  signatureQuery?: string;
  /** `-- incremental_source:` of an incremental model (incremental.ts). */
  source?: string;
  /** `-- partition_by:` of a date-partitioned incremental model (incremental.ts). */
  partitionBy?: string;
  /** `-- partition_source:` and `-- partition_source_date:` of a partitioned model. */
  partitionSource?: string;
  partitionSourceDate?: string;
  /** `-- partition_open_from:` of a partitioned model: a query of one date. */
  partitionOpenFrom?: string;
}

export interface DataTestFile {
  name: string;
  file: string;
  sql: string;
  /** From the `-- severity: error|warn` header; error when absent. */
  severity: Severity;
  /** From the `-- checks: integrity|analytic|presentation` header (the policy's class), if any. */
  checks?: CheckKind;
}

/** The repository's sql/ directory (this file lives in pipeline/models/). */
export const DEFAULT_SQL_DIR = fileURLToPath(new URL('../../sql/', import.meta.url));

const NAME_RE = /^[a-z_][a-z0-9_]*$/;

export async function discoverModels(sqlDir: string = DEFAULT_SQL_DIR): Promise<ModelFile[]> {
  if (!existsSync(sqlDir)) throw new Error(`SQL directory not found: ${sqlDir}`);
  const models: ModelFile[] = [];
  const seen = new Map<string, string>();
  for (const layer of LAYERS) {
    const dir = join(sqlDir, layer);
    for (const path of await sqlFiles(dir)) {
      const name = basename(path, '.sql');
      const file = relative(sqlDir, path);
      if (!NAME_RE.test(name)) {
        throw new Error(
          `Model file ${file}: the name must be lower-case letters, digits and _ (it becomes a table name)`,
        );
      }
      const prior = seen.get(name);
      if (prior) throw new Error(`Model ${name} is defined twice: ${prior} and ${file}`);
      seen.set(name, file);
      const text = await readFile(path, 'utf8');
      const sql = stripTrailingSemicolon(text);
      if (sql.trim() === '' || !/\b(select|with|from|values|pivot|unpivot)\b/iu.test(sql)) {
        throw new Error(`Model ${file} holds no query`);
      }
      if (hasMultipleStatements(text)) {
        throw new Error(`Model ${file} holds more than one statement; one model is one query`);
      }
      const header = headerValue(text, 'materialized')?.toLowerCase();
      if (header !== undefined && !['view', 'table', 'incremental'].includes(header)) {
        throw new Error(
          `Model ${file}: "-- materialized:" must be view, table or incremental, got ${header}`,
        );
      }
      const materialized: Materialization =
        (header as Materialization | undefined) ?? (layer === 'staging' ? 'view' : 'table');
      const uniqueKey = headerValue(text, 'unique_key');
      const partitionBy = headerValue(text, 'partition_by');
      const partitionSource = headerValue(text, 'partition_source');
      const partitionSourceDate = headerValue(text, 'partition_source_date');
      const partitionOpenFrom = headerValue(text, 'partition_open_from');
      if (materialized === 'incremental' && partitionBy !== undefined) {
        if (
          !NAME_RE.test(partitionBy) ||
          !partitionSource ||
          !NAME_RE.test(partitionSource) ||
          !partitionSourceDate ||
          !NAME_RE.test(partitionSourceDate)
        ) {
          throw new Error(
            `Model ${file}: a partitioned model needs "-- partition_by: <date column>", "-- partition_source: <relation>" and "-- partition_source_date: <column>"`,
          );
        }
      } else if (materialized === 'incremental' && (!uniqueKey || !NAME_RE.test(uniqueKey))) {
        throw new Error(`Model ${file}: an incremental model needs "-- unique_key: <column>"`);
      }
      const groupBy = headerValue(text, 'depends_on_group')
        ?.split(',')
        .map((c) => c.trim());
      if (groupBy?.some((c) => !NAME_RE.test(c))) {
        throw new Error(`Model ${file}: "-- depends_on_group:" must list column names`);
      }
      const recomputeWhere = headerValue(text, 'recompute_where');
      const signatureQuery = headerValue(text, 'signature_query');
      const source = headerValue(text, 'incremental_source');
      if (source !== undefined && !NAME_RE.test(source)) {
        throw new Error(`Model ${file}: "-- incremental_source:" must be a model name`);
      }
      // as_of in the model's query (header comments aside): rows that change with the clock alone
      // can be kept between loads only if recompute_where redoes them every build.
      if (materialized === 'incremental' && !recomputeWhere && identifiers(sql).has('as_of')) {
        throw new Error(
          `Model ${file}: an incremental model cannot read as_of (its rows would change with the clock alone) unless "-- recompute_where:" names the rows that do`,
        );
      }
      models.push({
        name,
        layer,
        file,
        sql,
        materialized,
        ...(materialized === 'incremental'
          ? {
              uniqueKey,
              ...(groupBy ? { groupBy } : {}),
              ...(recomputeWhere ? { recomputeWhere } : {}),
              ...(signatureQuery ? { signatureQuery } : {}),
              ...(source ? { source } : {}),
              ...(partitionBy
                ? { partitionBy, partitionSource, partitionSourceDate, partitionOpenFrom }
                : {}),
            }
          : {}),
      });
    }
  }
  return models;
}

export interface MacroFile {
  name: string;
  file: string;
  /** The whole file: `create or replace macro …;` statements. */
  sql: string;
}

/**
 * SQL macro files (sql/macros/*.sql), in name order. The runner executes them before the models
 * so that models (and the dashboard) can call the macros; they must be idempotent
 * (`create or replace macro`).
 */
export async function discoverMacros(sqlDir: string = DEFAULT_SQL_DIR): Promise<MacroFile[]> {
  const macros: MacroFile[] = [];
  for (const path of await sqlFiles(join(sqlDir, 'macros'))) {
    macros.push({
      name: basename(path, '.sql'),
      file: relative(sqlDir, path),
      sql: await readFile(path, 'utf8'),
    });
  }
  return macros;
}

export async function discoverDataTests(sqlDir: string = DEFAULT_SQL_DIR): Promise<DataTestFile[]> {
  const tests: DataTestFile[] = [];
  for (const path of await sqlFiles(join(sqlDir, 'tests'))) {
    const file = relative(sqlDir, path);
    const text = await readFile(path, 'utf8');
    const header = headerValue(text, 'severity')?.toLowerCase();
    if (header !== undefined && header !== 'error' && header !== 'warn') {
      throw new Error(`Data test ${file}: "-- severity:" must be error or warn, got ${header}`);
    }
    const checks = headerValue(text, 'checks')?.toLowerCase();
    if (checks !== undefined && !(CHECK_KINDS as readonly string[]).includes(checks)) {
      throw new Error(
        `Data test ${file}: "-- checks:" must be ${CHECK_KINDS.join(', ')}, got ${checks}`,
      );
    }
    if (hasMultipleStatements(text))
      throw new Error(`Data test ${file} holds more than one statement`);
    tests.push({
      name: basename(path, '.sql'),
      file,
      sql: stripTrailingSemicolon(text),
      severity: (header as Severity | undefined) ?? 'error',
      ...(checks ? { checks: checks as CheckKind } : {}),
    });
  }
  return tests;
}

async function sqlFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.sql'))
    .map((e) => join(dir, e.name))
    .sort();
}
