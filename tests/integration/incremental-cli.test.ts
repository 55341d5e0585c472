// Incremental nightly builds through the CLI, on the sample export: a first load, then a night of
// new and updated complaints (`complaint-lens run`, as cron runs it), must leave every incremental
// model — the enrichment chain, cluster assignments with real clustering, mart_complaints —
// exactly as a `build --full-refresh` of the same warehouse does (docs/incremental.md). The night
// file is then delivered again: nothing changed, so every table model is kept
// (pipeline/models/unchanged.ts). A third delivery comes a night later in the same week (a new
// as-of, past the data's last receipt): the trend layer must be kept — it depends on the as-of
// only through the data window, which did not move — and every int_/mart_ table still equals a
// full refresh with that as-of.
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../pipeline/db.ts';
import { tableDiff } from '../helpers/tableDiff.ts';
import { ROOT, runCli, tempDir } from './cli-harness.ts';

const INCREMENTAL = [
  'int_complaint_categories',
  'int_complaint_repeats',
  'int_complaint_severity',
  'int_complaints_enriched',
  'int_cluster_assignments',
  'mart_complaints',
];

/** The date-partitioned hot-spot models (partition_by: eval_date). */
const PARTITIONED = ['int_batch_exposure', 'int_batch_rate_tests', 'int_batch_mix_tests'];

let dir: string;
let nightly: Awaited<ReturnType<typeof runCli>>;
let again: Awaited<ReturnType<typeof runCli>>;
let later: Awaited<ReturnType<typeof runCli>>;

/** The trend and trend-alert models: none reads anything a later as-of alone changes. */
const TREND = [
  'int_series_filled',
  'int_trend_baseline',
  'int_trend_signals',
  'int_trend_emerging',
  'mart_series_weekly',
  'mart_series_monthly',
  'mart_control_chart',
  'mart_trend_alerts',
];

/** Sample rows 1–18,000 as the first export; the night: 1,000 later rows and 500 earlier ones updated. */
async function cutExports(): Promise<void> {
  const lines = (await readFile(join(ROOT, 'sample-data/complaints.csv'), 'utf8'))
    .split('\n')
    .filter((l) => l !== '');
  const [header, ...body] = lines;
  await writeFile(join(dir, 'base.csv'), [header, ...body.slice(0, 18000)].join('\n') + '\n');
  // An update moves the last column (the update time) a day on and reopens the complaint
  // (处理中): the row changes, its status and SLA flags with it.
  const updates = body.slice(0, 18000).filter((_, i) => i % 36 === 0);
  const updated = updates.map((l) => {
    const cells = l.split(',');
    if (cells.length !== 22) return null;
    const t = new Date(`${cells[21].replace(' ', 'T')}Z`);
    if (Number.isNaN(t.getTime())) return null;
    t.setUTCDate(t.getUTCDate() + 1);
    cells[17] = '处理中';
    cells[21] = t.toISOString().slice(0, 16).replace('T', ' ');
    return cells.join(',');
  });
  const night = [...body.slice(18000, 19000), ...updated.filter((l) => l !== null)];
  await writeFile(join(dir, 'night.csv'), [header, ...night].join('\n') + '\n');
}

interface ModelRun {
  model: string;
  materialized: string;
  message?: string;
}

/** Columns that record which build did the work (the full refresh is a later build), not data. */
const BOOKKEEPING = new Set(['created_build', 'updated_build']);

beforeAll(async () => {
  dir = await tempDir();
  await cutExports();
  // As-ofs past the last receipt (Tuesday 2026-09-22) on the Wednesday and the Thursday after:
  // two cron nights of one week.
  await writeFile(
    join(dir, 'config.json'),
    JSON.stringify({ kpi: { asOf: '2026-09-23 03:00:00' } }),
  );
  await writeFile(
    join(dir, 'config-later.json'),
    JSON.stringify({ kpi: { asOf: '2026-09-24 03:00:00' } }),
  );
  const db = join(dir, 'w.duckdb');
  const common = ['--db', db, '--config', join(dir, 'config.json')];
  const first = await runCli([
    'run',
    ...common,
    '--input',
    join(dir, 'base.csv'),
    '--volumes',
    join(ROOT, 'sample-data/volumes.csv'),
    '--json',
  ]);
  expect(first.code, first.stderr).toBe(0);
  nightly = await runCli(['run', ...common, '--input', join(dir, 'night.csv'), '--json']);
  expect(nightly.code, nightly.stderr).toBe(0);
  again = await runCli(['run', ...common, '--input', join(dir, 'night.csv'), '--json']);
  expect(again.code, again.stderr).toBe(0);
  later = await runCli([
    'run',
    '--db',
    db,
    '--config',
    join(dir, 'config-later.json'),
    '--input',
    join(dir, 'night.csv'),
    '--json',
  ]);
  expect(later.code, later.stderr).toBe(0);
  await copyFile(db, join(dir, 'full.duckdb'));
  const full = await runCli([
    'build',
    '--db',
    join(dir, 'full.duckdb'),
    '--config',
    join(dir, 'config-later.json'),
    '--full-refresh',
    '--json',
  ]);
  expect(full.code, full.stderr).toBe(0);
}, 600_000);

describe('incremental nightly run through the CLI', () => {
  it('builds every incremental model incrementally on the night', () => {
    expect(nightly.json.totals.rows_new).toBeGreaterThan(900);
    expect(nightly.json.totals.rows_updated).toBeGreaterThan(400);
    for (const model of INCREMENTAL) {
      const line = nightly.stderr.split('\n').find((l) => l.includes(`  ${model} `)) ?? '';
      expect(line, model).toMatch(/\[incremental: \d+ changed keys\]/);
    }
    // The night's new batch complaints (sample rows 18,001–19,000) change int_batch_complaints;
    // the monitoring dates from the first one's receipt on are redone (the equality with a full
    // refresh is checked below).
    for (const model of PARTITIONED) {
      const line = nightly.stderr.split('\n').find((l) => l.includes(`  ${model} `)) ?? '';
      expect(line, model).toMatch(
        /\[incremental: \d+ changed source rows, partitions from \d{4}-\d\d-\d\d redone\]/,
      );
    }
  });

  it('keeps every table model the second delivery does not reach', () => {
    const built = (again.json as unknown as { models: { models: ModelRun[] } }).models.models;
    const tables = built.filter((m) => m.materialized === 'table');
    const kept = tables.filter((m) => m.message === 'kept: inputs unchanged').map((m) => m.model);
    expect(kept).toContain('mart_batch_hotspots');
    // The partitioned hot-spot models see no changed batch complaint and the same data_end.
    for (const model of PARTITIONED) {
      const line = again.stderr.split('\n').find((l) => l.includes(`  ${model} `)) ?? '';
      expect(line, model).toMatch(/\[incremental: 0 changed source rows, no partition redone\]/);
    }
    // Rebuilt, each for a change it can see: the clustering step (a program model) always runs;
    // the root-cause marts read its cluster_labels, which record the build that last touched
    // them; mart_cluster_builds reads cluster_builds, which every clustering run appends to; the
    // recommendations read recommendation_log, which every build appends to (and
    // int_rec_trend_alerts reads mart_root_causes); the data-quality mart reads the run's own
    // load_runs row. Nothing else.
    const rebuilt = tables.filter((m) => !kept.includes(m.model)).map((m) => m.model);
    expect(rebuilt.sort()).toEqual([
      'complaint_clusters',
      'int_rec_trend_alerts',
      'mart_cluster_builds',
      'mart_data_quality',
      'mart_recommendations',
      'mart_root_cause_pareto',
      'mart_root_cause_weekly',
      'mart_root_causes',
    ]);
    expect(kept.length).toBeGreaterThan(25);
  });

  it('keeps the trend layer on a later night of the same week', () => {
    const built = (later.json as unknown as { models: { models: ModelRun[] } }).models.models;
    const kept = built.filter((m) => m.message === 'kept: inputs unchanged').map((m) => m.model);
    // int_trend_settings and int_series_counts read what the as-of moves (stg_settings, the
    // enrichment's SLA flags), so they are rebuilt — with the same rows, which keeps the rest.
    expect(TREND.filter((m) => !kept.includes(m))).toEqual([]);
  });

  it('leaves every table model equal to a --full-refresh of the same warehouse', async () => {
    const db = await openDb(join(dir, 'w.duckdb'), { readOnly: true });
    try {
      await db.run(`attach '${join(dir, 'full.duckdb')}' as full_refresh (read_only)`);
      const tables = await db.all<{ name: string }>(
        `select table_name as name from information_schema.tables
         where table_catalog = current_database() and table_type = 'BASE TABLE'
           and (table_name like 'int\\_%' escape '\\' or table_name like 'mart\\_%' escape '\\')
           -- the log of clustering runs: a --full-refresh is one more run, so one more row
           and table_name <> 'mart_cluster_builds'
         order by 1`,
      );
      expect(tables.length).toBeGreaterThan(30);
      const differing: string[] = [];
      for (const { name } of tables) {
        const { n, example } = await tableDiff(db, name, `full_refresh.${name}`, BOOKKEEPING);
        if (n > 0) differing.push(`${name}: ${n} rows, e.g. ${example}`);
      }
      expect(differing).toEqual([]);
    } finally {
      db.close();
    }
  });

  it.each(INCREMENTAL)('%s equals a --full-refresh of the same warehouse', async (model) => {
    const db = await openDb(join(dir, 'w.duckdb'), { readOnly: true });
    try {
      // a path from mkdtemp: no quote to escape (ATTACH takes no bound parameter)
      await db.run(`attach '${join(dir, 'full.duckdb')}' as full_refresh (read_only)`);
      const diff = await db.one<{ only_incremental: bigint; only_full: bigint; n: bigint }>(
        `select
             (select count(*) from (select * from ${model} except all select * from full_refresh.${model})) as only_incremental,
             (select count(*) from (select * from full_refresh.${model} except all select * from ${model})) as only_full,
             (select count(*) from ${model}) as n`,
      );
      expect(Number(diff!.n)).toBeGreaterThan(15000);
      expect({
        incremental: Number(diff!.only_incremental),
        full: Number(diff!.only_full),
      }).toEqual({ incremental: 0, full: 0 });
    } finally {
      db.close();
    }
  });
});
