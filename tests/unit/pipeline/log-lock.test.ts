import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, logfmt } from '../../../pipeline/log.ts';
import { acquireLock, LockError } from '../../../pipeline/warehouse/lock.ts';

function sink() {
  let out = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      out += chunk;
      cb();
    },
  });
  return { stream, text: () => out };
}

describe('logging', () => {
  it('writes logfmt lines off a terminal, quoting values with spaces', () => {
    const line = logfmt('info', 'run finished', { rows: 3, file: 'a b.csv' });
    expect(line).toMatch(/^time=\S+ level=info msg="run finished" rows=3 file="a b.csv"$/);
  });

  it('draws a progress bar only on a terminal and clears it before the next line', () => {
    const tty = sink();
    const log = createLogger({ tty: true, stream: tty.stream });
    log.progress('big.csv', 0.5, '120,000 rows/s');
    log.info('loaded');
    expect(tty.text()).toContain('[##############              ]  50% big.csv 120,000 rows/s');
    expect(tty.text()).toContain('\r\x1b[2Kloaded\n');
    const plain = sink();
    const log2 = createLogger({ tty: false, stream: plain.stream });
    log2.progress('big.csv', 0.5);
    log2.warn('careful', { n: 1 });
    expect(plain.text()).toMatch(/^time=\S+ level=warn msg=careful n=1\n$/);
  });

  it('--quiet keeps warnings and errors only', () => {
    const s = sink();
    const log = createLogger({ quiet: true, tty: false, stream: s.stream });
    log.info('hidden');
    log.error('shown');
    expect(s.text()).not.toContain('hidden');
    expect(s.text()).toContain('shown');
  });
});

describe('lock', () => {
  it('is exclusive while the owner lives, and taken over when it died', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cl-lock-'));
    const db = join(dir, 'w.duckdb');
    const lock = await acquireLock(db);
    expect(JSON.parse(await readFile(`${db}.lock`, 'utf8')).pid).toBe(process.pid);
    await writeFile(`${db}.lock`, JSON.stringify({ pid: 1, started: 'x' })); // pid 1 is alive (init)
    await expect(acquireLock(db)).rejects.toThrow(LockError);
    await writeFile(`${db}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345 })); // no such process
    let stale = -1;
    const again = await acquireLock(db, (pid) => (stale = pid));
    expect(stale).toBe(2 ** 22 + 12345);
    await again.release();
    await lock.release();
  });

  it('never takes over a lock that is still being written or belongs to another host', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cl-lock-'));
    const db = join(dir, 'w.duckdb');
    // Defect 1: an empty lock file (its writer between create and write) was deleted as stale.
    await writeFile(`${db}.lock`, '');
    await expect(acquireLock(db)).rejects.toThrow(/cannot be read as a complaint-lens lock/);
    await writeFile(`${db}.lock`, JSON.stringify({ pid: 2 ** 22 + 1, host: 'elsewhere' }));
    await expect(acquireLock(db)).rejects.toThrow(/on host elsewhere/);
  });
});
