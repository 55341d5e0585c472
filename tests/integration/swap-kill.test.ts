// kill -9 at every step of the warehouse swap protocol (pipeline/warehouse/swap.ts) and at random
// moments: the served warehouse is always exactly the state before or after the night, the next
// run recovers (stale lock, half-written standby) and reaches the reference state. Also: the
// standby catches up by replaying the journal, and falls back to a copy when it cannot.
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SWAP_STEPS } from '../../pipeline/warehouse/swap.ts';
import { cli, fingerprint, killNights, splitExport } from '../helpers/killRuns.ts';
import { runCli, tempDir } from './cli-harness.ts';

// The replay path is the one under test (by default a warehouse this small is copied instead).
process.env.COMPLAINT_LENS_STANDBY = 'replay';
const RANDOM_POINTS = 8;
const NIGHTS = SWAP_STEPS.length + RANDOM_POINTS;

let dir: string;
let base: string;
let nights: string[];
let expected: string[];
let before: string;
let cleanMs: number[];

beforeAll(async () => {
  dir = await tempDir();
  const gen = await runCli(['sample', '--rows', '4000', '--out', dir, '--quiet']);
  expect(gen.code, gen.stderr).toBe(0);
  ({ base, nights } = await splitExport(join(dir, 'complaints.csv'), dir, 1500, 120, NIGHTS));
  // The reference: the same nights, never interrupted.
  const ref = join(dir, 'ref.duckdb');
  expect((await cli(['ingest', '--db', ref, '--input', base])).code).toBe(0);
  before = await fingerprint(ref);
  expected = [];
  cleanMs = [];
  for (const night of nights) {
    const r = await cli(['ingest', '--db', ref, '--input', night, '--max-reject-rate', '1']);
    expect(r.code, r.stderr).toBe(0);
    cleanMs.push(r.millis);
    expected.push(await fingerprint(ref));
  }
}, 600_000);

describe('warehouse swap under kill -9', () => {
  it('serves the state before or after the night at every protocol step and random moment', async () => {
    const db = join(dir, 'w.duckdb');
    expect((await cli(['ingest', '--db', db, '--input', base])).code).toBe(0);
    expect(await fingerprint(db)).toBe(before);
    const longest = Math.max(...cleanMs);
    const points = [
      ...SWAP_STEPS.map((step) => ({ step })),
      ...Array.from({ length: RANDOM_POINTS }, () => ({
        delayMs: Math.round(Math.random() * longest),
      })),
    ];
    const outcomes = await killNights({
      db,
      command: 'ingest',
      nights,
      points,
      before,
      expected,
    });
    // Killed before the rename: the old state; after it: the new one.
    const byStep = Object.fromEntries(
      outcomes.filter((o) => !o.point.endsWith(' ms')).map((o) => [o.point, o.servedAfterKill]),
    );
    expect(byStep).toEqual({
      locked: 'before',
      'marked-dirty': 'before',
      'standby-open': 'before',
      'caught-up': 'before',
      worked: 'before',
      closed: 'before',
      linked: 'before',
      renamed: 'after',
      unmarked: 'after',
    });
    console.log(
      'random kill points:',
      outcomes
        .filter((o) => o.point.endsWith(' ms'))
        .map((o) => `${o.point} → ${o.servedAfterKill}`)
        .join(', '),
    );
    // Nothing is left behind but the served warehouse and its standby.
    const last = await cli(['ingest', '--db', db, '--input', nights[0], '--max-reject-rate', '1']);
    expect(last.code, last.stderr).toBe(0);
    expect(existsSync(`${db}.lock`)).toBe(false);
    expect(existsSync(`${db}.standby.dirty`)).toBe(false);
    expect(existsSync(`${db}.standby`)).toBe(true);
  }, 900_000);

  it('catches the standby up by replay, and copies when a replayed file changed', async () => {
    const db = join(dir, 'r.duckdb');
    const night = (i: number) =>
      cli(['ingest', '--db', db, '--input', nights[i], '--max-reject-rate', '1']);
    expect((await cli(['ingest', '--db', db, '--input', base])).code).toBe(0);
    const first = await night(0);
    expect(first.stderr).toMatch(/standby warehouse rebuilt by copying.*no standby warehouse yet/);
    const second = await night(1);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toMatch(/rebuilt by copying/);
    expect(await fingerprint(db)).not.toBe(await fingerprint(`${db}.standby`));
    // The file of the night the standby misses is edited: it cannot be replayed.
    await writeFile(nights[1], readFileSync(nights[1], 'utf8') + '\n');
    const third = await night(2);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stderr).toMatch(/rebuilt by copying.*night-2\.csv changed size/);
    // By default (auto) a warehouse this small is copied: cheaper than re-doing a night.
    const auto = await cli(['ingest', '--db', db, '--input', nights[3], '--max-reject-rate', '1'], {
      env: { COMPLAINT_LENS_STANDBY: 'auto' },
    });
    expect(auto.code, auto.stderr).toBe(0);
    expect(auto.stderr).toMatch(/copying \(~0\.\d s\) is estimated cheaper than replaying 1 run/);
  }, 600_000);
});
