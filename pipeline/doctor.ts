// `complaint-lens doctor`: is this machine able to run the pipeline, and is this warehouse sound?
import { existsSync, statfsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { defaultConfig, loadConfig, type Config } from './config.ts';
import { checkMartContracts, outdatedMessage } from './contract/check.ts';
import { openDb, type Db } from './db.ts';
import { boundedFields, boundsParams, inRangeSql } from './ingest/bounds.ts';
import { FIELD_SPECS } from './schema/fields.ts';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export async function doctor(
  dbPath: string,
  configPath?: string,
): Promise<{ ok: boolean; checks: Check[] }> {
  const checks: Check[] = [];
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const major = Number(process.versions.node.split('.')[0]);
  add(
    'node',
    major >= 24,
    `v${process.versions.node}${major >= 24 ? '' : ' (need 24+: run through npm/npx so the pinned node package is used)'}`,
  );
  let config: Config = defaultConfig();
  try {
    config = await loadConfig(configPath);
    add('config', true, configPath ?? 'defaults (no complaint-lens.config.json)');
  } catch (e) {
    add('config', false, (e as Error).message);
  }
  try {
    const mem = await openDb(':memory:');
    const v = await mem.scalar<string>('select version()');
    const ext = await mem.all<{ extension_name: string }>(
      `select extension_name from duckdb_extensions() where loaded and extension_name in ('json', 'parquet', 'icu')`,
    );
    mem.close();
    add(
      'duckdb',
      ext.length === 3,
      `${v}; built-in extensions loaded: ${ext.map((e) => e.extension_name).join(', ')}`,
    );
  } catch (e) {
    add('duckdb', false, (e as Error).message);
  }
  for (const mod of ['iconv-lite', 'exceljs', '@node-rs/jieba']) {
    try {
      await import(mod);
      add(mod, true, 'loads');
    } catch (e) {
      add(mod, false, (e as Error).message);
    }
  }
  add(
    'chromium',
    existsSync('/usr/bin/chromium'),
    existsSync('/usr/bin/chromium')
      ? '/usr/bin/chromium (PDF reports, browser tests)'
      : 'not installed: apt-get install -y chromium (only PDF reports and browser tests need it)',
  );
  if (existsSync(dirname(dbPath))) {
    const fs = statfsSync(dirname(dbPath));
    const free = (fs.bavail * fs.bsize) / 2 ** 30;
    add(
      'disk',
      free > 1,
      `${free.toFixed(1)} GiB free beside the warehouse (a run needs room for one copy)`,
    );
  }
  if (existsSync(`${dbPath}.lock`)) {
    add(
      'lock',
      false,
      `${dbPath}.lock exists: ${await readFile(`${dbPath}.lock`, 'utf8')} (a run is in progress, or one died; the next run takes over a dead one's lock)`,
    );
  }
  if (!existsSync(dbPath)) {
    add(
      'warehouse',
      false,
      `${dbPath} does not exist (run complaint-lens run --input …, or npm start for the sample)`,
    );
    return { ok: checks.every((c) => c.ok), checks };
  }
  try {
    const db = await openDb(dbPath, { readOnly: true });
    try {
      const tables = (
        await db.all<{ name: string }>(`select table_name as name from information_schema.tables`)
      ).map((t) => t.name);
      const need = [
        'complaints',
        'complaint_versions',
        'load_runs',
        'rejects',
        'field_quality',
        'volumes',
        'actions',
      ];
      const missing = need.filter((t) => !tables.includes(t));
      add(
        'warehouse tables',
        missing.length === 0,
        missing.length ? `missing: ${missing.join(', ')}` : `${tables.length} tables`,
      );
      const contract = await checkMartContracts(db);
      add(
        'marts',
        contract.state !== 'outdated',
        contract.state === 'ok'
          ? 'every mart as this version declares it'
          : contract.state === 'unbuilt'
            ? 'not built yet (complaint-lens build)'
            : outdatedMessage(dbPath, contract),
      );
      if (missing.length === 0) {
        const bad = await db.all(
          `select run_id, file from load_runs where rows_read <> rows_new + rows_updated + rows_unchanged + rows_rejected`,
        );
        add(
          'row accounting',
          bad.length === 0,
          bad.length
            ? `${bad.length} load(s) violate read = new+updated+unchanged+rejected`
            : 'read = new + updated + unchanged + rejected for every load',
        );
        const last = await db.one<{
          run_id: number;
          finished_at: string;
          files: number;
          complaints: number;
        }>(
          `select max(run_id) as run_id, max(finished_at)::varchar as finished_at, count(*) as files,
                  (select count(*) from complaints) as complaints from load_runs where run_id = (select max(run_id) from load_runs)`,
        );
        add(
          'last load',
          true,
          last?.run_id
            ? `run ${last.run_id} at ${last.finished_at}, ${last.complaints} complaints in warehouse`
            : 'no loads yet',
        );
        const failed = tables.includes('model_runs')
          ? await db.all(
              `select model, message from model_runs where run_id = (select max(run_id) from model_runs) and status <> 'success'`,
            )
          : [];
        const ranges = await rangeCheck(db, config);
        add('value ranges', ranges.ok, ranges.detail);
        add(
          'models',
          failed.length === 0,
          failed.length
            ? `${failed.length} model(s) failed in the last build`
            : 'last build succeeded (or none yet)',
        );
      }
    } finally {
      db.close();
    }
  } catch (e) {
    add('warehouse', false, `cannot open ${dbPath} read-only: ${(e as Error).message}`);
  }
  return { ok: checks.every((c) => c.ok), checks };
}

/**
 * Stored values outside the bounds ingest enforces (bounds.ts). Ingest never stores them; a warehouse
 * that holds some was written by an older version (issue 13: a 9999 date or a negative count there
 * jams every later build) — say which fields, how many rows and one complaint id.
 */
async function rangeCheck(db: Db, config: Config): Promise<{ ok: boolean; detail: string }> {
  const params = boundsParams(
    {
      dateFloor: config.ingest.dateFloor,
      maxFutureDays: config.ingest.maxFutureDays,
      allowNegativeAmounts: config.ingest.allowNegativeAmounts,
    },
    new Date(),
  );
  const columns = new Set(
    (
      await db.all<{ name: string }>(
        `select column_name as name from information_schema.columns where table_name = 'complaints'`,
      )
    ).map((c) => c.name),
  );
  const parts = boundedFields()
    .filter((f) => columns.has(f))
    .map((f) => {
      const kind = FIELD_SPECS.find((s) => s.name === f)!.kind;
      return `select '${f}' as field, count(*) as n, any_value(complaint_id) as example
              from complaints where ${f} is not null and not ${inRangeSql(kind, f)}`;
    });
  if (parts.length === 0) return { ok: true, detail: 'no bounded fields' };
  const bad = (
    await db.all<{ field: string; n: number | string; example: string | null }>(
      parts.join(' union all '),
      params,
    )
  ).filter((r) => Number(r.n) > 0);
  if (bad.length === 0)
    return {
      ok: true,
      detail: `dates within ${params.date_floor} … ${params.date_ceiling}; counts, amounts and satisfaction within bounds`,
    };
  return {
    ok: false,
    detail:
      bad
        .map((b) => `${b.field}: ${b.n} out-of-range value(s), e.g. complaint ${b.example}`)
        .join('; ') +
      ` (bounds: dates ${params.date_floor} … ${params.date_ceiling}, see docs/schema.md "Value bounds"; ` +
      'reload the affected files with this version to null or reject them)',
  };
}
