// Runs one CLI command as cron would (a new process) and measures it: wall time, CPU time of the
// process and all its threads (utime + stime from /proc, polled every 50 ms) and peak RSS (VmHWM).
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface Measured {
  code: number;
  millis: number;
  cpuMillis: number;
  peakRssMb: number;
  stdout: string;
}

async function sample(pid: number): Promise<{ cpuTicks: number; hwmKb: number } | null> {
  try {
    const [stat, status] = await Promise.all([
      readFile(`/proc/${pid}/stat`, 'utf8'),
      readFile(`/proc/${pid}/status`, 'utf8'),
    ]);
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuTicks = Number(fields[11]) + Number(fields[12]); // utime, stime
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    return { cpuTicks, hwmKb: hwm ? Number(hwm[1]) : 0 };
  } catch {
    return null; // process already gone
  }
}

/** The complaint-lens CLI (pipeline/cli.ts) with these arguments. */
export function runCliMeasured(
  args: string[],
  env: Record<string, string> = {},
): Promise<Measured> {
  return runMeasured(process.execPath, [join(ROOT, 'pipeline/cli.ts'), ...args], env);
}

/** Any program (the bench:e2e peer); children it spawns are not counted. */
export function runMeasured(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<Measured> {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let peakKb = 0;
    let cpuTicks = 0;
    const poll = setInterval(async () => {
      const s = await sample(child.pid!);
      if (s) {
        peakKb = Math.max(peakKb, s.hwmKb);
        cpuTicks = Math.max(cpuTicks, s.cpuTicks);
      }
    }, 50);
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', rej);
    child.on('close', (code) => {
      clearInterval(poll);
      res({
        code: code ?? -1,
        millis: performance.now() - t0,
        cpuMillis: (cpuTicks / TICKS_PER_SECOND) * 1000,
        peakRssMb: peakKb / 1024,
        stdout,
      });
    });
  });
}
