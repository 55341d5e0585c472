// npm run bench:swap-kill [-- --rows 1000000 --kills 20 --night-rows 1000 --keep]
//
// The warehouse swap under kill -9 at random moments on a large warehouse (issue 14: ≥ 1M
// complaints, 20 points). A warehouse of --rows generated complaints is loaded once (`ingest`, the
// swap's cost does not depend on the models); its file is copied as the reference, which takes
// --kills nightly files without interruption. The warehouse under test takes each nightly file in a
// run killed with SIGKILL after a random delay in [0, the reference night's wall time]; after every
// kill the served warehouse must be exactly the reference state before or after that night, and a
// clean re-run must reach the state after (tests/helpers/killRuns.ts). Results go to
// docs/benchmarks.md ("Swap under kill -9").
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateSample } from '../sample-data/generator/generate.ts';
import { cli, fingerprint, killNights, splitExport } from '../tests/helpers/killRuns.ts';
import { writeBenchSection } from './doc.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    kills: { type: 'string', default: '20' },
    'night-rows': { type: 'string', default: '1000' },
    keep: { type: 'boolean', default: false },
    'no-doc': { type: 'boolean', default: false },
  },
});
// The replay path (swap.ts) is the one measured: by default a warehouse this size is copied instead.
process.env.COMPLAINT_LENS_STANDBY ??= 'replay';
const rows = Number(values.rows);
const kills = Number(values.kills);
const nightRows = Number(values['night-rows']);
const dir = await mkdtemp(join(tmpdir(), 'cl-bench-kill-'));
console.error(`generating ${rows.toLocaleString()} complaints in ${dir} …`);
const gen = await generateSample({ rows, seed: 1, outDir: dir, lang: 'zh' });
const baseRows = rows - kills * nightRows;
const { base, nights } = await splitExport(gen.complaintsFile, dir, baseRows, nightRows, kills);

const db = join(dir, 'w.duckdb');
const ref = join(dir, 'ref.duckdb');
const first = await cli(['ingest', '--db', db, '--input', base, '--quiet']);
if (first.code !== 0) throw new Error(`base load failed:\n${first.stderr}`);
await copyFile(db, ref);
const before = await fingerprint(db);
const expected: string[] = [];
const cleanMs: number[] = [];
for (const night of nights) {
  const r = await cli([
    'ingest',
    '--db',
    ref,
    '--input',
    night,
    '--max-reject-rate',
    '1',
    '--quiet',
  ]);
  if (r.code !== 0) throw new Error(`reference night failed:\n${r.stderr}`);
  cleanMs.push(r.millis);
  expected.push(await fingerprint(ref));
}
// The first reference night also built the standby by copying; later nights are the steady state.
const steady = cleanMs.slice(1);
const median = [...steady].sort((a, b) => a - b)[Math.floor(steady.length / 2)];
const points = nights.map((_, i) => ({ delayMs: Math.round(Math.random() * cleanMs[i]) }));
const started = performance.now();
const outcomes = await killNights({
  db,
  command: 'ingest',
  nights,
  points,
  before,
  expected,
  extraArgs: ['--quiet'],
});
const size = (await stat(db)).size;
const section = [
  '## Swap under kill -9 (bench:swap-kill)',
  '',
  `\`npm run bench:swap-kill -- --rows ${rows} --kills ${kills} --night-rows ${nightRows}\`: a warehouse loaded from ` +
    `${baseRows.toLocaleString('en-US')} export rows (new complaints and their later versions) (${(size / 2 ** 20).toFixed(0)} MiB), ${kills} nightly files of ` +
    `${nightRows} complaints, each first in a run killed with SIGKILL after a random delay within the ` +
    `reference night's wall time, the standby caught up by replay (COMPLAINT_LENS_STANDBY=replay; steady-state night: median ${(median / 1000).toFixed(2)} s wall, ` +
    `first night with the standby copy ${(cleanMs[0] / 1000).toFixed(2)} s). After every kill the served ` +
    'warehouse was exactly the reference state before or after the night, and the next run reached ' +
    `the reference state after it: **${outcomes.length} of ${kills} kills recovered** ` +
    `(${outcomes.filter((o) => o.servedAfterKill === 'after').length} had already served the night, ` +
    `${outcomes.filter((o) => o.servedAfterKill === 'before').length} left the previous state); ` +
    `total ${((performance.now() - started) / 1000).toFixed(0)} s.`,
  '',
  '| night | killed after | served after the kill | recovery run |',
  '| ---: | ---: | --- | ---: |',
  ...outcomes.map(
    (o) =>
      `| ${o.night} | ${o.point} | ${o.servedAfterKill === 'after' ? 'the new night' : 'the previous state'} | ${o.servedAfterKill === 'before' ? `${(o.recoveredMs / 1000).toFixed(2)} s` : '–'} |`,
  ),
  '',
].join('\n');
console.log(section);
if (!values['no-doc']) writeBenchSection('## Swap under kill -9', section);
if (!values.keep) await rm(dir, { recursive: true, force: true });
else console.error(`kept ${dir}`);
