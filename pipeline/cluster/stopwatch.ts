// Wall and CPU time per step. On the shared 2-core machine wall time depends on everyone else's
// load; the process CPU time (all threads, DuckDB's included) is what the step itself cost.

export class Stopwatch {
  private wall = performance.now();
  private cpu = process.cpuUsage();
  private readonly out: Record<string, number>;

  constructor(out: Record<string, number>) {
    this.out = out;
  }

  reset(): void {
    this.wall = performance.now();
    this.cpu = process.cpuUsage();
  }

  /** Records `name` (wall ms) and `cpu.name` (CPU ms) since the last lap or reset. */
  lap(name: string): void {
    const used = process.cpuUsage(this.cpu);
    this.out[name] = Math.round(performance.now() - this.wall);
    this.out[`cpu.${name}`] = Math.round((used.user + used.system) / 1000);
    this.reset();
  }
}
