// The most honest test warehouse: the real CLI run over sample-data/ (ingest + build), plus one
// small follow-up export that updates a complaint (so it has a version history) and adds a
// complaint whose text contains markup (which must only ever be shown as text).
//
// Building takes about a minute on a busy machine, so the result is cached under the system temp
// dir, keyed by a hash of everything that shapes it (sample data, SQL models, pipeline code). A
// test gets its own copy, so it may replace or delete the file freely.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const cli = path.join(repoRoot, 'pipeline/cli.ts');
const cacheDir = path.join(os.tmpdir(), 'complaint-lens-e2e-cache');

/** The complaint the follow-up export updates (second data row of the sample). */
export const updatedComplaintId = 'TS20241101000001';
export const updatedResolution =
  '经协商为客户办理退货退款（2799元），客户表示满意处理结果。已电话回访确认。';
/** The complaint whose description is markup. */
export const markupComplaintId = 'TS20261005999999';
export const markupDescription =
  '<b>门封</b><script>alert(1)</script> 冰箱门封条脱落 <img src=x onerror=alert(2)>';

/** Path of a fresh copy of the sample warehouse in `dir`. */
export async function sampleWarehouse(dir: string): Promise<string> {
  const cached = await buildCached();
  const file = path.join(dir, 'warehouse.duckdb');
  await copyFile(cached, file);
  return file;
}

async function buildCached(): Promise<string> {
  const key = await inputsHash();
  const cached = path.join(cacheDir, `sample-${key}.duckdb`);
  if (existsSync(cached)) return cached;
  await mkdir(cacheDir, { recursive: true });
  const work = path.join(cacheDir, `build-${process.pid}-${Date.now()}`);
  await mkdir(work, { recursive: true });
  try {
    const db = path.join(work, 'warehouse.duckdb');
    await runCli([
      'ingest',
      '--db',
      db,
      '--quiet',
      '--input',
      path.join(repoRoot, 'sample-data/complaints.csv'),
      '--volumes',
      path.join(repoRoot, 'sample-data/volumes.csv'),
    ]);
    const update = path.join(work, 'complaints-update.csv');
    await writeFile(update, await followUpExport());
    await runCli(['ingest', '--db', db, '--quiet', '--input', update]);
    await runCli(['build', '--db', db, '--quiet']);
    await rename(db, cached); // atomic: a concurrent test file sees a complete file or none
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return cached;
}

/** Header + the updated row + the markup row, derived from the real sample file. */
async function followUpExport(): Promise<string> {
  const text = await readFile(path.join(repoRoot, 'sample-data/complaints.csv'), 'utf8');
  const [header, row] = text.split('\n', 2);
  if (!row.startsWith(`${updatedComplaintId},`)) {
    throw new Error(`sample-data changed: expected ${updatedComplaintId} on line 2`);
  }
  const updated = row
    .replace('经协商为客户办理退货退款（2799元），客户表示满意处理结果', updatedResolution)
    .replace(/,2024-11-04 11:02:00\s*$/, ',2024-11-10 15:00:00');
  if (updated === row) throw new Error('sample-data changed: could not derive the update row');
  const markup = [
    markupComplaintId,
    '2026-10-05 09:00:00',
    '客服热线',
    'KH00000001',
    'BCD-401WDPT',
    '冰箱',
    'B2026W30-BCD401',
    '2026-07-20',
    '四川',
    '产品质量',
    `"${markupDescription.replace(/"/g, '""')}"`,
    '要求上门维修',
    '售后服务部',
    '1',
    '2026-10-05 10:00:00',
    '',
    '',
    '处理中',
    '',
    '',
    '',
    '2026-10-05 10:00:00',
  ].join(',');
  return `${header}\n${updated}\n${markup}\n`;
}

function runCli(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`complaint-lens ${args[0]} exited ${code}:\n${stderr}`)),
    );
  });
}

async function inputsHash(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(await readFile(import.meta.filename));
  for (const file of ['sample-data/complaints.csv', 'sample-data/volumes.csv']) {
    const info = await stat(path.join(repoRoot, file));
    hash.update(`${file}:${info.size}:${info.mtimeMs}\n`);
  }
  for (const dir of ['sql', 'pipeline']) {
    for (const file of await listFiles(path.join(repoRoot, dir))) {
      hash.update(file);
      hash.update(await readFile(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else out.push(full);
  }
  return out.sort();
}
