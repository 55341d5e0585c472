// npm run bench:ingest [-- --rows N --encodings utf-8,gbk --keep]
//
// Generates N sample complaints (default 1,000,000), then in the same run measures
//   floor: a bare DuckDB `create table as select * from read_csv(file)` of the UTF-8 file in a
//          fresh database (DuckDB reads no GBK without an extension the project may not load, so
//          the GBK case is held to the same floor: its transcoding is part of our cost);
//   ours:  `complaint-lens ingest` as cron runs it (new process, copy, parse, normalise, classify,
//          write, checkpoint, swap), and its peak RSS (VmHWM from /proc while it runs), for the
//          file in each of --encodings (default: UTF-8 and GBK);
//   again: the same file a second time (all rows unchanged: the idempotent nightly re-run).
// and prints rows/s, CPU and the ours/floor ratio. Not a test: numbers go to docs/benchmarks.md.
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import iconv from 'iconv-lite';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { openDb } from '../pipeline/db.ts';
import { generateSample } from '../sample-data/generator/generate.ts';
import { ROOT, runCliMeasured } from './measure.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    encodings: { type: 'string', default: 'utf-8,gbk' },
    keep: { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
const dir = await mkdtemp(join(tmpdir(), 'cl-bench-ingest-'));

console.log(`generating ${rows.toLocaleString()} complaints …`);
const gen = await generateSample({ rows, seed: 1, outDir: dir, lang: 'zh' });
const utf8File = gen.complaintsFile;

// Floor: DuckDB alone, the UTF-8 file, fresh database file, same machine, same run.
const floorDb = await openDb(join(dir, 'floor.duckdb'));
const f0 = performance.now();
const fcpu = process.cpuUsage();
await floorDb.run(`create table t as select * from read_csv($f, all_varchar = true)`, {
  f: utf8File,
});
await floorDb.run('checkpoint');
const floorMs = performance.now() - f0;
const floorCpu = (process.cpuUsage(fcpu).user + process.cpuUsage(fcpu).system) / 1000;
floorDb.close();

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const lines = [
  `rows: ${fmt(rows)}   cores: 2`,
  `duckdb floor (read_csv → table, UTF-8):   ${sec(floorMs)} wall   ${sec(floorCpu)} CPU   ${fmt(rows / (floorMs / 1000))} rows/s`,
];
for (const encoding of values.encodings!.split(',')) {
  let file = utf8File;
  if (encoding !== 'utf-8') {
    file = join(dir, `complaints.${encoding}.csv`);
    await pipeline(
      createReadStream(utf8File),
      iconv.decodeStream('utf-8'),
      iconv.encodeStream(encoding),
      createWriteStream(file),
    );
  }
  const bytes = (await stat(file)).size;
  const db = join(dir, `warehouse-${encoding}.duckdb`);
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
  if (first.code !== 0 && first.code !== 3)
    throw new Error(`ingest failed with exit ${first.code}`);
  const summary = JSON.parse(first.stdout);
  const second = await runCliMeasured(['ingest', '--db', db, '--input', file, '--json', '--quiet']);
  const again = JSON.parse(second.stdout);
  lines.push(
    `${encoding} file: ${(bytes / 2 ** 20).toFixed(0)} MiB   buckets (first): new ${fmt(summary.totals.rows_new)} updated ${summary.totals.rows_updated} unchanged ${summary.totals.rows_unchanged} rejected ${summary.totals.rows_rejected}`,
    `  complaint-lens ingest (first):    ${sec(first.millis)} wall   ${sec(first.cpuMillis)} CPU   ${fmt(rows / (first.millis / 1000))} rows/s   peak RSS ${first.peakRssMb.toFixed(0)} MB   ratio ${(first.millis / floorMs).toFixed(2)}× wall, ${(first.cpuMillis / floorCpu).toFixed(2)}× CPU`,
    `  complaint-lens ingest (re-run):   ${sec(second.millis)} wall   ${sec(second.cpuMillis)} CPU   peak RSS ${second.peakRssMb.toFixed(0)} MB   unchanged ${fmt(again.totals.rows_unchanged)}   ratio ${(second.millis / floorMs).toFixed(2)}×`,
  );
}
console.log(lines.join('\n'));
await mkdir(join(ROOT, 'bench/out'), { recursive: true });
await writeFile(join(ROOT, 'bench/out/ingest.txt'), lines.join('\n') + '\n');
if (!values.keep) await rm(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
