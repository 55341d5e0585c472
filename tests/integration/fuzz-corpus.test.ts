// The fuzz corpus (issue 13, item 7): ≥ 200 generated malformed exports across CSV, TSV, NDJSON,
// JSON, XLSX and Parquet in UTF-8, UTF-8 with BOM, GB18030 and UTF-16LE (tests/fuzz/exports.ts),
// each loaded through the ingest path in this process exactly as the CLI does (withWarehouseCopy +
// ingest), followed by the next night's normal load. Properties, per file:
//   clear error  — a load that fails names the file and holds no temp path, stack or engine text;
//   balanced     — rows_read = new + updated + unchanged + rejected, and rows_read is the number of
//                  physical data records in the file; every stored id is one the file holds;
//   intact       — after a failed load the warehouse is byte-identical;
//   next run ok  — the following normal load succeeds.
// Then a smaller set goes through the real CLI, and one `run` builds every model over the warehouse
// the corpus filled (no stored value may jam a build). The seed is fixed; FUZZ_SEED overrides it.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../pipeline/ingest/ingest.ts';
import { withWarehouseCopy } from '../../pipeline/warehouse/swap.ts';
import { caseArb, writeExport, type Case } from '../fuzz/exports.ts';
import { fileHash, query, runCli, tempDir } from './cli-harness.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const IN_PROCESS = 200;
const THROUGH_CLI = 12;

interface Tally {
  tried: number;
  failed: number;
  clearErrors: number;
  balanced: number;
  intact: number;
  nextRunOk: number;
  problems: string[];
}
const tally = (): Tally => ({
  tried: 0,
  failed: 0,
  clearErrors: 0,
  balanced: 0,
  intact: 0,
  nextRunOk: 0,
  problems: [],
});

const SETTINGS = { timezone: 'Asia/Shanghai', dateOrder: 'auto' as const, customerIdSalt: null };

function unclear(message: string, file: string): string | null {
  if (!message.includes(file)) return 'does not name the file';
  if (/complaint-lens-|\/tmp\/[^ ]*records\.csv/.test(message)) return 'shows a temporary path';
  if (/\n\s+at |Possible fixes|(Input|Conversion|Parser|IO|Binder) Error:/.test(message))
    return 'shows a stack or engine internals';
  return null;
}

let dir: string;
let normalN = 0;
async function normalFile(): Promise<string> {
  const file = join(dir, `normal-${++normalN}.csv`);
  await writeFile(
    file,
    '投诉编号,受理时间,问题描述\n' +
      Array.from({ length: 3 }, (_, i) => `N${normalN}-${i},2026-03-0${1 + i} 09:00:00,正常`).join(
        '\n',
      ) +
      '\n',
  );
  return file;
}

const describeCase = (c: Case) =>
  `${c.format}/${c.encoding} rows=${c.rows.length} defects=${c.defects.join('+') || 'values only'}`;

beforeAll(async () => {
  // Each load fsyncs its warehouse copy; on a RAM disk that is free, which keeps 440 loads fast.
  dir = await tempDir(existsSync('/dev/shm') ? '/dev/shm' : undefined);
  await mkdir(join(dir, 'in'));
});

describe('fuzz corpus', () => {
  const inProcess = tally();
  const db = () => join(dir, 'w.duckdb');

  it(
    `${IN_PROCESS} generated malformed exports through the ingest path`,
    { timeout: 1_800_000 },
    async () => {
      await withWarehouseCopy(db(), async (d) =>
        ingest(d, { inputs: [await normalFile()], settings: SETTINGS }),
      );
      let n = 0;
      await fc.assert(
        fc.asyncProperty(caseArb, async (c) => {
          const tag = `f${++n}`;
          const written = await writeExport(c, join(dir, 'in'), tag);
          const t = inProcess;
          t.tried++;
          const before = await fileHash(db());
          const where = `${tag} (${describeCase(c)})`;
          try {
            const { result, stored } = await withWarehouseCopy(db(), async (d) => ({
              result: await ingest(d, { inputs: [written.file], settings: SETTINGS }),
              stored: await d.all<{ id: string }>(
                `select complaint_id as id from complaints where complaint_id like $tag`,
                { tag: `号${tag}-%` },
              ),
            }));
            const f = result.files[0];
            const sum = f.rows_new + f.rows_updated + f.rows_unchanged + f.rows_rejected;
            const strangers = stored.filter((s) => !written.ids.has(s.id)).map((s) => s.id);
            if (written.mustFail) t.problems.push(`${where}: garbage loaded without an error`);
            else if (sum !== f.rows_read)
              t.problems.push(`${where}: accounting ${f.rows_read} ≠ ${sum}`);
            else if (written.records !== null && f.rows_read !== written.records)
              t.problems.push(
                `${where}: rows_read ${f.rows_read}, the file holds ${written.records}`,
              );
            else if (strangers.length > 0)
              t.problems.push(
                `${where}: stored ids not in the file: ${strangers.slice(0, 3).join(', ')}`,
              );
            else t.balanced++;
          } catch (e) {
            t.failed++;
            const why = unclear((e as Error).message, written.file);
            if (why)
              t.problems.push(`${where}: error ${why}: ${(e as Error).message.slice(0, 300)}`);
            else t.clearErrors++;
            if (!written.mustFail)
              t.problems.push(`${where}: failed: ${(e as Error).message.slice(0, 300)}`);
            if ((await fileHash(db())) === before) t.intact++;
            else t.problems.push(`${where}: the warehouse changed on a failed load`);
          }
          try {
            await withWarehouseCopy(db(), async (d) =>
              ingest(d, { inputs: [await normalFile()], settings: SETTINGS }),
            );
            t.nextRunOk++;
          } catch (e) {
            t.problems.push(`${where}: the next normal load failed: ${(e as Error).message}`);
          }
          return true;
        }),
        { seed: SEED, numRuns: IN_PROCESS, endOnFailure: true },
      );
      console.log(
        `fuzz corpus (in process, seed ${SEED}): tried ${inProcess.tried} · failed ${inProcess.failed}, ` +
          `clear errors ${inProcess.clearErrors} · balanced ${inProcess.balanced} · intact ${inProcess.intact} · ` +
          `next run ok ${inProcess.nextRunOk}`,
      );
      expect(inProcess.problems).toEqual([]);
      expect(inProcess.tried).toBe(IN_PROCESS);
      expect(inProcess.balanced + inProcess.failed).toBe(IN_PROCESS);
      expect(inProcess.clearErrors).toBe(inProcess.failed);
      expect(inProcess.intact).toBe(inProcess.failed);
      expect(inProcess.nextRunOk).toBe(IN_PROCESS);
    },
  );

  it(
    `${THROUGH_CLI} through the real CLI, then one model build over the whole corpus`,
    { timeout: 1_800_000 },
    async () => {
      const cli = tally();
      // Its own warehouse: the in-process corpus's stays untouched until the build below.
      const cliDb = join(dir, 'cli.duckdb');
      const hashOf = async (p: string) => (existsSync(p) ? fileHash(p) : null);
      const cases = fc.sample(caseArb, { seed: SEED + 1, numRuns: THROUGH_CLI });
      // Make sure the garbage kinds are among them, whatever the seed draws.
      cases[0] = { ...cases[0], defects: ['binary_junk'] };
      cases[1] = { ...cases[1], defects: ['zip_junk'] };
      for (const [i, c] of cases.entries()) {
        const tag = `c${i}`;
        const written = await writeExport(c, join(dir, 'in'), tag);
        const before = await hashOf(cliDb);
        cli.tried++;
        const r = await runCli([
          'ingest',
          '--input',
          written.file,
          '--db',
          cliDb,
          '--json',
          '--quiet',
        ]);
        const where = `${tag} (${describeCase(c)})`;
        if (r.code === 0 || r.code === 3) {
          const f = r.json.files[0];
          const sum = f.rows_new + f.rows_updated + f.rows_unchanged + f.rows_rejected;
          if (written.mustFail) cli.problems.push(`${where}: garbage loaded, exit ${r.code}`);
          else if (
            sum === f.rows_read &&
            (written.records === null || f.rows_read === written.records)
          )
            cli.balanced++;
          else
            cli.problems.push(
              `${where}: rows_read ${f.rows_read}, sum ${sum}, file ${written.records}`,
            );
        } else {
          cli.failed++;
          if (r.code === 1 && !unclear(r.stderr, written.file)) cli.clearErrors++;
          else cli.problems.push(`${where}: exit ${r.code}: ${r.stderr.slice(0, 300)}`);
          if (!written.mustFail) cli.problems.push(`${where}: failed: ${r.stderr.slice(0, 300)}`);
          if ((await hashOf(cliDb)) === before) cli.intact++;
        }
        const next = await runCli([
          'ingest',
          '--input',
          await normalFile(),
          '--db',
          cliDb,
          '--quiet',
        ]);
        if (next.code === 0) cli.nextRunOk++;
        else
          cli.problems.push(`${where}: next run exit ${next.code}: ${next.stderr.slice(0, 300)}`);
      }
      // The warehouse now holds everything the corpus let through: building every model on it must
      // succeed (a 9999 date or a negative count used to jam this step every night).
      const copy = join(dir, 'build.duckdb');
      await copyFile(db(), copy);
      const build = await runCli(['run', '--input', await normalFile(), '--db', copy, '--quiet']);
      console.log(
        `fuzz corpus (CLI, seed ${SEED + 1}): tried ${cli.tried} · failed ${cli.failed}, clear errors ` +
          `${cli.clearErrors} · balanced ${cli.balanced} · intact ${cli.intact} · next run ok ${cli.nextRunOk}; ` +
          `model build over the corpus: exit ${build.code}`,
      );
      expect(cli.problems).toEqual([]);
      expect(cli.clearErrors).toBe(cli.failed);
      expect(cli.intact).toBe(cli.failed);
      expect(cli.nextRunOk).toBe(THROUGH_CLI);
      expect(build.code, build.stderr).toBe(0);
      const [range] = await query<{ lo: string; hi: string }>(
        copy,
        `select min(received_at)::varchar as lo, max(received_at)::varchar as hi from complaints`,
      );
      expect(range.lo >= '1990-01-01' && range.hi < '2100-01-01').toBe(true);
    },
  );
});
