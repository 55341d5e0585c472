// Read-only access to the warehouse for the dashboard server.
//
// Why not pipeline/db.ts's openDb(): that hands out one long-lived connection, which suits a CLI
// run. A server answers concurrent requests and must survive the pipeline swapping the warehouse
// underneath it, so this module owns the instance lifecycle:
//   - the file is opened READ_ONLY through DuckDBInstance.fromCache (one instance per process);
//   - every query gets its own short-lived connection, so concurrent requests do not queue on
//     one connection, and values only ever reach SQL as bound parameters of a prepared statement;
//   - the pipeline publishes a new warehouse by building a copy and rename()-ing it over the path.
//     The rename is atomic, so reopening the path always finds a complete file. We stat() the
//     path at most once per second (a burst of requests shares one check) and reopen when its
//     inode or mtime changed. fromCache keeps returning the old instance while any handle to it
//     is alive, so the old instance is closed first — after its in-flight queries finish.
//   - a warehouse file never changes under a generation (the pipeline replaces it, it does not
//     write it in place), so a query's result is cached for the life of its generation: the same
//     page asked again costs a map lookup, and concurrent identical queries share one execution.
//     The cache goes with the generation when the pipeline publishes a new warehouse. Results
//     over 2,000 rows and exports (`{ cache: false }`) are not kept; it is bounded in entries
//     and rows.
import { AsyncLocalStorage } from 'node:async_hooks';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBValue, type Json } from '@duckdb/node-api';
import { rowOf, type ColumnKind, type RowOf } from '../../../../pipeline/contract/define.ts';
import { martRow, type MartName, type MartRow } from '../../../../pipeline/contract/marts.ts';

export type Params = Record<string, DuckDBValue>;
export type JsonRow = Record<string, Json>;

const checkIntervalMs = 1000;

/** Absolute path of the warehouse: $COMPLAINT_LENS_DB, else data/warehouse.duckdb under the cwd. */
export function warehousePath(): string {
  return path.resolve(process.env.COMPLAINT_LENS_DB || 'data/warehouse.duckdb');
}

export class WarehouseMissingError extends Error {
  /** The file's name only: pages show it, and a response never names a server directory. */
  readonly path: string;
  constructor(file: string) {
    super(`No warehouse at ${file}`);
    this.name = 'WarehouseMissingError';
    this.path = path.basename(file);
  }
}

/** Results with more rows are not cached (exports page through thousands). */
const maxCachedRows = 2000;
/** Bounds of one generation's cache; the oldest entries go first. */
const maxCacheEntries = 2000;
const maxCacheRowsTotal = 200_000;

interface CacheEntry {
  rows: Promise<JsonRow[]>;
  size: number;
}

interface Generation {
  readonly file: string;
  readonly ino: number;
  readonly mtimeMs: number;
  readonly instance: DuckDBInstance;
  active: number;
  retired: boolean;
  closed?: Promise<void>;
  onIdle: Array<() => void>;
  cache: Map<string, CacheEntry>;
  cachedRows: number;
}

let current: Generation | undefined;
let refreshing: Promise<Generation> | undefined;
let checkedAt = 0;

export interface QueryOptions {
  /** false: always run, never keep the result (exports page through whole tables). */
  cache?: boolean;
}

/**
 * Whether a query failed while serving the current request: the page cache (hooks.server.ts)
 * runs each request inside `requestQueries.run({ failed: false }, …)` and does not keep a page
 * that rendered an error state.
 */
export const requestQueries = new AsyncLocalStorage<{ failed: boolean }>();

/** Run one read-only query as a prepared statement; rows come back JSON-safe (BIGINT → string). */
export async function query<T extends JsonRow = JsonRow>(
  sql: string,
  params: Params = {},
  options: QueryOptions = {},
): Promise<T[]> {
  try {
    const generation = await acquire();
    if (options.cache === false) return (await run(generation, sql, params)) as T[];
    return (await cached(generation, sql, params)) as T[];
  } catch (error) {
    const tracker = requestQueries.getStore();
    if (tracker) tracker.failed = true;
    throw error;
  }
}

/**
 * query() over mart `mart`, each row read through the mart's contract (martRow): a renamed or
 * retyped column is a compile error in the reader. Columns the query does not select read as null.
 */
export async function queryMart<M extends MartName>(
  mart: M,
  sql: string,
  params: Params = {},
  options: QueryOptions = {},
): Promise<MartRow<M>[]> {
  return (await query(sql, params, options)).map((json) => martRow(mart, json));
}

/**
 * query() whose rows are read through the declared kinds of their columns (rowOf): for aggregates
 * and other results that are not rows of one mart.
 */
export async function queryRows<C extends Record<string, ColumnKind>>(
  columns: C,
  sql: string,
  params: Params = {},
  options: QueryOptions = {},
): Promise<RowOf<C>[]> {
  return (await query(sql, params, options)).map((json) => rowOf(columns, json));
}

async function cached(generation: Generation, sql: string, params: Params): Promise<JsonRow[]> {
  const key = cacheKey(sql, params);
  const hit = generation.cache.get(key);
  if (hit) return [...(await hit.rows)];
  const rows = run(generation, sql, params);
  const entry: CacheEntry = { rows, size: 0 };
  generation.cache.set(key, entry);
  try {
    const result = await rows;
    // count it only if it is still the cached entry (evicted meanwhile: nothing to count)
    if (generation.cache.get(key) === entry) {
      if (result.length > maxCachedRows) generation.cache.delete(key);
      else {
        entry.size = result.length;
        generation.cachedRows += result.length;
        evict(generation);
      }
    }
    return [...result];
  } catch (error) {
    if (generation.cache.get(key) === entry) generation.cache.delete(key);
    throw error;
  }
}

function cacheKey(sql: string, params: Params): string {
  return `${sql}\u0000${JSON.stringify(params, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`;
}

function evict(generation: Generation): void {
  for (const [key, entry] of generation.cache) {
    if (generation.cache.size <= maxCacheEntries && generation.cachedRows <= maxCacheRowsTotal)
      break;
    generation.cache.delete(key);
    generation.cachedRows -= entry.size;
  }
}

async function run(generation: Generation, sql: string, params: Params): Promise<JsonRow[]> {
  generation.active++;
  try {
    const conn = await generation.instance.connect();
    try {
      const statement = await conn.prepare(sql);
      if (Object.keys(params).length > 0) statement.bind(params);
      const reader = await statement.runAndReadAll();
      return reader.getRowObjectsJson() as JsonRow[];
    } finally {
      conn.closeSync();
    }
  } finally {
    release(generation);
  }
}

/**
 * Identity of the warehouse file now being served (changes when the pipeline publishes a new one);
 * throws WarehouseMissingError like query(). Cheap: the file is stat()ed at most once a second.
 */
export async function warehouseGeneration(): Promise<string> {
  const generation = await acquire();
  return `${generation.ino}:${generation.mtimeMs}`;
}

async function acquire(): Promise<Generation> {
  if (current && !current.retired && Date.now() - checkedAt < checkIntervalMs) return current;
  // One stat (and at most one reopen) per burst: concurrent callers share the same promise.
  refreshing ??= refresh().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

async function refresh(): Promise<Generation> {
  const file = warehousePath();
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      if (current) await retire(current);
      throw new WarehouseMissingError(file);
    }
    throw error;
  }
  checkedAt = Date.now();
  if (
    current &&
    current.file === file &&
    current.ino === info.ino &&
    current.mtimeMs === info.mtimeMs
  ) {
    return current;
  }
  if (current) await retire(current);
  const instance = await DuckDBInstance.fromCache(file, { access_mode: 'READ_ONLY' });
  current = {
    file,
    ino: info.ino,
    mtimeMs: info.mtimeMs,
    instance,
    active: 0,
    retired: false,
    onIdle: [],
    cache: new Map(),
    cachedRows: 0,
  };
  return current;
}

/** Stop handing out the generation, wait for its queries, then close it (idempotent). */
function retire(generation: Generation): Promise<void> {
  if (current === generation) current = undefined;
  generation.retired = true;
  generation.closed ??= (async () => {
    if (generation.active > 0) {
      await new Promise<void>((resolve) => generation.onIdle.push(resolve));
    }
    generation.instance.closeSync();
  })();
  return generation.closed;
}

function release(generation: Generation): void {
  generation.active--;
  if (generation.active === 0 && generation.onIdle.length > 0) {
    const waiters = generation.onIdle.splice(0);
    for (const resolve of waiters) resolve();
  }
}

/** Close the open warehouse (tests, graceful shutdown). */
export async function closeWarehouse(): Promise<void> {
  if (current) await retire(current);
  checkedAt = 0;
}
