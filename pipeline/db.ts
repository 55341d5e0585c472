// The one module through which Complaint Lens talks to DuckDB.
//
// Rules (see DEVELOPERS.md): instances come from DuckDBInstance.fromCache so that one process
// never opens the same file twice; every value reaches SQL as a bound parameter ($name);
// identifiers that come from data (headers, table names) go through quotedIdentifier();
// bulk rows go through appenders; anything sent to a browser is read with getRowObjectsJson().
import {
  DuckDBConnection,
  DuckDBInstance,
  quotedIdentifier,
  quotedString,
  type DuckDBValue,
} from '@duckdb/node-api';

export { quotedIdentifier, quotedString };
export type { DuckDBConnection, DuckDBValue };

export type Params = Record<string, DuckDBValue>;
export type JsonRow = Record<string, unknown>;

export interface OpenOptions {
  readOnly?: boolean;
  /** Session time zone; the warehouse stores naive local timestamps, so this only matters for now(). */
  timeZone?: string;
  threads?: number;
  memoryLimit?: string;
}

export interface Db {
  readonly path: string;
  readonly instance: DuckDBInstance;
  readonly conn: DuckDBConnection;
  /** Run a statement (or several separated by `;` when no params are given). */
  run(sql: string, params?: Params): Promise<void>;
  /** Rows as JSON-safe objects (bigint → string-free numbers where safe, dates → ISO strings). */
  all<T extends JsonRow = JsonRow>(sql: string, params?: Params): Promise<T[]>;
  /** First row or undefined. */
  one<T extends JsonRow = JsonRow>(sql: string, params?: Params): Promise<T | undefined>;
  /** A single scalar value from the first column of the first row. */
  scalar<T = unknown>(sql: string, params?: Params): Promise<T | undefined>;
  close(): void;
}

/**
 * Open (or create) a DuckDB database file. `:memory:` gives a private in-memory database
 * (used by model unit tests); fromCache is only used for files, where sharing matters.
 */
export async function openDb(path: string, options: OpenOptions = {}): Promise<Db> {
  const config: Record<string, string> = {};
  if (options.readOnly) config.access_mode = 'READ_ONLY';
  if (options.threads) config.threads = String(options.threads);
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  const instance =
    path === ':memory:'
      ? await DuckDBInstance.create(':memory:', config)
      : await DuckDBInstance.fromCache(path, config);
  const conn = await instance.connect();
  if (options.timeZone) {
    await conn.run(`set TimeZone = ${quotedString(options.timeZone)}`);
  }
  return wrap(path, instance, conn);
}

function wrap(path: string, instance: DuckDBInstance, conn: DuckDBConnection): Db {
  return {
    path,
    instance,
    conn,
    async run(sql, params) {
      if (params && Object.keys(params).length > 0) await conn.run(sql, params);
      else await conn.run(sql);
    },
    async all(sql, params) {
      const reader =
        params && Object.keys(params).length > 0
          ? await conn.runAndReadAll(sql, params)
          : await conn.runAndReadAll(sql);
      return reader.getRowObjectsJson() as never;
    },
    async one(sql, params) {
      const rows = await this.all(sql, params);
      return rows[0] as never;
    },
    async scalar(sql, params) {
      const reader =
        params && Object.keys(params).length > 0
          ? await conn.runAndReadAll(sql, params)
          : await conn.runAndReadAll(sql);
      const rows = reader.getRowsJson();
      return (rows.length > 0 ? rows[0][0] : undefined) as never;
    },
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}
