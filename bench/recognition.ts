// `npm run eval:recognition`: how much of each real export the default load understands.
//
// For every file in ../shared/data (and the two sample exports) this runs the path a user takes —
// `complaint-lens run --input FILE --db TMP/w.duckdb --json`, default settings, no mapping file —
// and reports, per file, the share of the rows read that reached the warehouse with a
// description, product, brand, model year, component and incident date, plus the share of loaded
// complaints the taxonomy left in 其他. The baseline beside it is the same run's trivial reading:
// rows read vs rows loaded (a rejected row recognises nothing).
//
// Usage: node bench/recognition.ts [--cli path/to/pipeline/cli.ts] [--json out.json] [--ingest-only]
//   --cli lets the same measurement run against an older checkout (the "before" numbers in
//   docs/metrics.md were taken with a checkout of the commit before issue 12).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { openDb } from '../pipeline/db.ts';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const cli = resolve(opt('--cli') ?? join(ROOT, 'pipeline/cli.ts'));
const ingestOnly = args.includes('--ingest-only');
const dataDir = join(ROOT, '../shared/data');

const FIELDS = ['description', 'product', 'brand', 'model_year', 'component', 'incident_at'];

const files = [
  ...(existsSync(dataDir)
    ? readdirSync(dataDir)
        .filter((n) => n.endsWith('.csv'))
        .sort()
        .map((n) => join(dataDir, n))
    : []),
  join(ROOT, 'sample-data/complaints.csv'),
  join(ROOT, 'sample-data/complaints_en.csv'),
];
if (!existsSync(dataDir)) console.warn(`${dataDir} is absent: measuring the samples only`);

interface Row {
  file: string;
  exit_code: number;
  rows_read: number;
  rows_loaded: number;
  shares: Record<string, number>;
  other_share: number | null;
}

const results: Row[] = [];
for (const file of files) {
  const dir = mkdtempSync(join(tmpdir(), 'cl-recog-'));
  const db = join(dir, 'w.duckdb');
  const r = spawnSync(
    process.execPath,
    [cli, ingestOnly ? 'ingest' : 'run', '--input', file, '--db', db, '--json', '--quiet'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const summary = JSON.parse(r.stdout.trim().split('\n').pop() || '{}') as {
    totals?: { rows_read: number };
  };
  const rowsRead = summary.totals?.rows_read ?? 0;
  const row: Row = {
    file: basename(file),
    exit_code: r.status ?? -1,
    rows_read: rowsRead,
    rows_loaded: 0,
    shares: {},
    other_share: null,
  };
  if (existsSync(db)) {
    const w = await openDb(db, { readOnly: true });
    try {
      const cols = new Set(
        (
          await w.all<{ column_name: string }>(
            `select column_name from information_schema.columns where table_name = 'complaints'`,
          )
        ).map((c) => c.column_name),
      );
      row.rows_loaded = Number(await w.scalar(`select count(*) from complaints`));
      for (const f of FIELDS) {
        const n = cols.has(f)
          ? Number(await w.scalar(`select count(*) from complaints where ${f} is not null`))
          : 0;
        row.shares[f] = rowsRead ? n / rowsRead : 0;
      }
      const hasMart = Number(
        await w.scalar(
          `select count(*) from information_schema.tables where table_name = 'mart_complaints'`,
        ),
      );
      if (hasMart && row.rows_loaded > 0)
        row.other_share = Number(
          await w.scalar(`select avg((category = '其他')::int) from mart_complaints`),
        );
    } finally {
      w.close();
    }
  }
  rmSync(dir, { recursive: true, force: true });
  results.push(row);
  const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
  console.log(
    [
      row.file.padEnd(34),
      `exit ${row.exit_code}`,
      `loaded ${row.rows_loaded}/${row.rows_read}`,
      ...FIELDS.map((f) => `${f} ${pct(row.shares[f])}`),
      `其他 ${pct(row.other_share)}`,
    ].join(' · '),
  );
}
const out = opt('--json');
if (out) writeFileSync(out, JSON.stringify({ cli, results }, null, 2));
