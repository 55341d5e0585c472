// Issue 13, defect 1: two runs started together lost a load (the lock treated a still-empty lock
// file as stale, and two takers of a stale lock deleted each other's new lock). 50 processes start
// at once, with and without a stale lock present: exactly one acquires, every other one is refused
// with the lock message, and the one "load" is recorded.
import { spawn } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './cli-harness.ts';

const HOLDER = join(ROOT, 'tests/integration/helpers/lock-holder.ts');
const N = 50;

function start(db: string, journal: string, holdMs: number, goAt: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HOLDER, db, journal, String(holdMs), String(goAt)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', () => resolve(out.trim()));
  });
}

async function race(dir: string, stale: boolean) {
  const db = join(dir, 'w.duckdb');
  const journal = join(dir, 'journal');
  await writeFile(journal, '');
  // A dead owner's lock (pid far above pid_max) — the situation after a kill -9.
  if (stale) await writeFile(`${db}.lock`, JSON.stringify({ pid: 2 ** 22 + 4242, started: 'x' }));
  // All 50 call acquireLock at the same instant (after a generous start-up allowance), and the
  // winner holds long enough that every contender has tried before it lets go.
  const goAt = Date.now() + 12_000;
  const outcomes = await Promise.all(
    Array.from({ length: N }, () => start(db, journal, 5_000, goAt)),
  );
  const acquired = outcomes.filter((o) => o === 'acquired');
  const refused = outcomes.filter((o) => o.startsWith('refused another complaint-lens run'));
  const loads = (await readFile(journal, 'utf8')).split('\n').filter(Boolean);
  return { acquired: acquired.length, refused: refused.length, loads: loads.length, outcomes };
}

describe('concurrent starts', () => {
  it(`${N} simultaneous starts: exactly one runs, the others are refused clearly`, async () => {
    const dir = await tempDir();
    const r = await race(dir, false);
    expect(r.outcomes.filter((o) => o !== 'acquired' && !o.startsWith('refused another'))).toEqual(
      [],
    );
    expect(r).toMatchObject({ acquired: 1, refused: N - 1, loads: 1 });
    // Nothing left behind: no lock, no drafts, no takeover file.
    expect((await readdir(dir)).sort()).toEqual(['journal']);
  });

  it(`${N} simultaneous starts over a stale lock: exactly one takes it over`, async () => {
    const dir = await tempDir();
    const r = await race(dir, true);
    expect(r).toMatchObject({ acquired: 1, refused: N - 1, loads: 1 });
    expect((await readdir(dir)).sort()).toEqual(['journal']);
  });
});
