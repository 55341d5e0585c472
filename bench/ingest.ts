// npm run bench:ingest [-- --rows N --encoding gbk --keep]
//
// Generates N sample complaints (default 1,000,000), then in the same run measures
//   floor: a bare DuckDB `create table as select * from read_csv(file)` in a fresh database;
//   ours:  `complaint-lens ingest` as cron runs it (new process, copy, parse, normalise, classify,
//          write, checkpoint, swap), and its peak RSS (VmHWM from /proc while it runs);
//   again: the same file a second time (all rows unchanged: the idempotent nightly re-run).
// and prints rows/s and the ours/floor ratio. Not a test: numbers go to docs/benchmarks.md.
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import iconv from 'iconv-lite';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { openDb } from '../pipeline/db.ts';
import { generateSample } from '../pipeline/sample/generate.ts';
import { ROOT, runCliMeasured } from './measure.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    encoding: { type: 'string', default: 'utf-8' },
    keep: { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
const dir = await mkdtemp(join(tmpdir(), 'cl-bench-ingest-'));

console.log(`generating ${rows.toLocaleString()} complaints …`);
const gen = await generateSample({ rows, seed: 1, outDir: dir, lang: 'zh' });
let file = gen.complaintsFile;
if (values.encoding !== 'utf-8') {
  const encoded = join(dir, `complaints.${values.encoding}.csv`);
  await pipeline(
    createReadStream(file),
    iconv.decodeStream('utf-8'),
    iconv.encodeStream(values.encoding),
    createWriteStream(encoded),
  );
  file = encoded;
}
const bytes = (await stat(file)).size;
console.log(`file: ${file} (${(bytes / 2 ** 20).toFixed(0)} MiB, ${values.encoding})`);

// Floor: DuckDB alone, same file, fresh database file, same machine, same run.
const floorDb = await openDb(join(dir, 'floor.duckdb'));
const f0 = performance.now();
await floorDb.run(`create table t as select * from read_csv($f, all_varchar = true)`, {
  f: gen.complaintsFile,
});
await floorDb.run('checkpoint');
const floorMs = performance.now() - f0;
floorDb.close();

const db = join(dir, 'warehouse.duckdb');
const first = await runCliMeasured([
  'ingest',
  '--db',
  db,
  '--input',
  file,
  '--volumes',
  gen.volumesFile,
  '--json',
  '--quiet',
]);
if (first.code !== 0 && first.code !== 3) throw new Error(`ingest failed with exit ${first.code}`);
const summary = JSON.parse(first.stdout);
const second = await runCliMeasured(['ingest', '--db', db, '--input', file, '--json', '--quiet']);
const again = JSON.parse(second.stdout);

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const lines = [
  `rows: ${fmt(rows)}   file: ${(bytes / 2 ** 20).toFixed(0)} MiB   encoding: ${values.encoding}   cores: 2`,
  `duckdb floor (read_csv → table):   ${(floorMs / 1000).toFixed(2)} s   ${fmt(rows / (floorMs / 1000))} rows/s`,
  `complaint-lens ingest (first):     ${(first.millis / 1000).toFixed(2)} s   ${fmt(rows / (first.millis / 1000))} rows/s   peak RSS ${first.peakRssMb.toFixed(0)} MB   ratio ${(first.millis / floorMs).toFixed(2)}×`,
  `complaint-lens ingest (re-run):    ${(second.millis / 1000).toFixed(2)} s   ${fmt(rows / (second.millis / 1000))} rows/s   peak RSS ${second.peakRssMb.toFixed(0)} MB   unchanged ${fmt(again.totals.rows_unchanged)}`,
  `buckets (first): new ${fmt(summary.totals.rows_new)} updated ${summary.totals.rows_updated} unchanged ${summary.totals.rows_unchanged} rejected ${summary.totals.rows_rejected}`,
];
console.log(lines.join('\n'));
await mkdir(join(ROOT, 'bench/out'), { recursive: true });
await writeFile(join(ROOT, 'bench/out/ingest.txt'), lines.join('\n') + '\n');
if (!values.keep) await rm(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
