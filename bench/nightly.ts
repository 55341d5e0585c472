// npm run bench:nightly [-- --rows N --night-rows 1000 --memory-limit 4GB --keep --recent]
//
// The nightly life of a warehouse of N generated complaints (default 1,000,000), each step as cron
// runs it (`complaint-lens run`: ingest + every model + data tests, one atomic swap), measured in
// one run against a bare DuckDB read of the same file:
//   floor     `create table as select * from read_csv(file, all_varchar)` in a fresh database;
//   first     the first load of the whole export;
//   re-run 1  the same file again (all rows unchanged) — the second run of a warehouse also
//             creates its standby by copying the served file (pipeline/warehouse/swap.ts);
//   re-run 2  the same file once more: the steady state (standby caught up by replay);
//   night 1/2 files of --night-rows changed rows (half new complaints, half updates), steady state.
//             The new complaints are copies of the export's rows 1,000 on (received in its first
//             days); with --recent, of its last rows, every timestamp moved k days on (night k:
//             received the day(s) after the export's last receipt, as a real night's are).
// Wall, CPU (process and all threads) and peak RSS for each; the model build's share from --json.
// Not a test: results go to docs/benchmarks.md ("Nightly runs").
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../pipeline/db.ts';
import { generateSample } from '../sample-data/generator/generate.ts';
import { writeBenchSection } from './doc.ts';
import { runCliMeasured, type Measured } from './measure.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    'night-rows': { type: 'string', default: '1000' },
    'memory-limit': { type: 'string', default: '4GB' },
    keep: { type: 'boolean', default: false },
    recent: { type: 'boolean', default: false },
    'no-doc': { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
const nightRows = Number(values['night-rows']);
const env = { COMPLAINT_LENS_MEMORY_LIMIT: values['memory-limit']! };
const dir = await mkdtemp(join(tmpdir(), 'cl-bench-nightly-'));

console.error(`generating ${rows.toLocaleString()} complaints in ${dir} …`);
const gen = await generateSample({ rows, seed: 1, outDir: dir, lang: 'zh' });
const file = gen.complaintsFile;
const bytes = (await stat(file)).size;

/**
 * Nightly files cut from the export: `n / 2` of its complaints under new ids (new complaints) and
 * `n / 2` with their last column, the update time, one day later (updates).
 */
async function nightlyFiles(count: number, n: number): Promise<string[]> {
  const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');
  const [header, ...body] = lines;
  const paths: string[] = [];
  for (let k = 0; k < count; k++) {
    const pick = body.slice(1000 + k * n, 1000 + (k + 1) * n);
    const tail = body.slice(body.length - Math.ceil(n / 2));
    const before = body.slice(body.length - 2 * Math.ceil(n / 2), body.length - Math.ceil(n / 2));
    const later = (line: string) =>
      line.replace(/\b(\d{4}-\d\d-\d\d) (\d\d:\d\d(:\d\d)?)\b/g, (_, d: string, t: string) => {
        const at = new Date(`${d}T00:00:00Z`);
        at.setUTCDate(at.getUTCDate() + k + 1);
        return `${at.toISOString().slice(0, 10)} ${t}`;
      });
    const out = pick.map((line, i) => {
      if (i % 2 === 0 && values.recent) return later(tail[i / 2]!).replace(/^TS/, `N${k}`);
      if (i % 2 === 0) return line.replace(/^TS/, `N${k}`);
      const cut = line.lastIndexOf(',');
      const updated = new Date(`${line.slice(cut + 1).replace(' ', 'T')}Z`);
      // no update time to move: a new complaint instead (a recent one with --recent)
      if (Number.isNaN(updated.getTime()))
        return (values.recent ? later(before[(i - 1) / 2]!) : line).replace(/^TS/, `N${k}`);
      updated.setUTCDate(updated.getUTCDate() + 1);
      return `${line.slice(0, cut + 1)}${updated.toISOString().slice(0, 19).replace('T', ' ')}`;
    });
    const path = join(dir, `night-${k + 1}.csv`);
    await writeFile(path, [header, ...out].join('\n') + '\n');
    paths.push(path);
  }
  return paths;
}
const nights = await nightlyFiles(2, nightRows);

// Floor: DuckDB alone, same file, fresh database file, same machine, same run.
const floorDb = await openDb(join(dir, 'floor.duckdb'), { memoryLimit: values['memory-limit'] });
const f0 = performance.now();
const cpu0 = process.cpuUsage();
await floorDb.run(`create table t as select * from read_csv($f, all_varchar = true)`, { f: file });
await floorDb.run('checkpoint');
const floor = {
  millis: performance.now() - f0,
  cpuMillis: (process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1000,
};
floorDb.close();
await rm(join(dir, 'floor.duckdb'), { force: true });

const db = join(dir, 'warehouse.duckdb');
interface Step {
  name: string;
  m: Measured;
  buildMs: number;
  rowsRead: number;
  buckets: string;
}
const steps: Step[] = [];
async function step(name: string, input: string, extra: string[] = []): Promise<void> {
  console.error(`${name} …`);
  const m = await runCliMeasured(
    ['run', '--db', db, '--input', input, ...extra, '--json', '--quiet'],
    env,
  );
  if (m.code !== 0 && m.code !== 3) throw new Error(`${name}: exit ${m.code}`);
  const json = JSON.parse(m.stdout.trim().split('\n').pop()!);
  const t = json.totals;
  steps.push({
    name,
    m,
    buildMs: json.models?.milliseconds ?? 0,
    rowsRead: t.rows_read,
    buckets: `${t.rows_new} new, ${t.rows_updated} upd, ${t.rows_unchanged} unch, ${t.rows_rejected} rej`,
  });
}
await step('first load', file, ['--volumes', gen.volumesFile]);
await step('re-run 1 (creates the standby by copy)', file);
await step('re-run 2 (steady state)', file);
await step(`night 1 (${nightRows} changed rows)`, nights[0]);
await step(`night 2 (${nightRows} changed rows, steady state)`, nights[1]);
const size = (await stat(db)).size;

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const table = [
  '| step | rows read | buckets | wall | CPU | build (wall) | peak RSS | wall / floor |',
  '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
  `| floor: bare DuckDB \`read_csv\` → table | ${rows.toLocaleString('en-US')} | | ${s(floor.millis)} | ${s(floor.cpuMillis)} | | | 1.00× |`,
  ...steps.map(
    (st) =>
      `| ${st.name} | ${st.rowsRead.toLocaleString('en-US')} | ${st.buckets} | ${s(st.m.millis)} | ${s(st.m.cpuMillis)} | ${s(st.buildMs)} | ${st.m.peakRssMb.toFixed(0)} MB | ${(st.m.millis / floor.millis).toFixed(2)}× |`,
  ),
];
const section = [
  '## Nightly runs (bench:nightly)',
  '',
  `\`npm run bench:nightly -- --rows ${rows} --night-rows ${nightRows} --memory-limit ${values['memory-limit']}${values.recent ? ' --recent' : ''}\`: ` +
    `${rows.toLocaleString('en-US')} generated complaints (${(bytes / 2 ** 20).toFixed(0)} MiB CSV, UTF-8), ` +
    `warehouse ${(size / 2 ** 20).toFixed(0)} MiB, 2 cores shared with other work, all steps in one run. ` +
    'Every step is `complaint-lens run` (ingest + all models + data tests + swap) as cron runs it.',
  '',
  ...table,
  '',
].join('\n');
console.log(section);
if (!values['no-doc']) writeBenchSection('## Nightly runs (bench:nightly)', section);
if (!values.keep) await rm(dir, { recursive: true, force: true });
else console.error(`kept ${dir}`);
