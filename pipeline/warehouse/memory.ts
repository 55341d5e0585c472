// DuckDB's memory limit for a run: beyond it DuckDB spills to a temporary directory beside the
// warehouse. A quarter of the machine's memory, at least 1 GiB: a fixed 1 GB was too little for
// the wide steps of a 10M-complaint first build (the hot-spot mix tests' grid expansion ran out of
// it; docs/benchmarks.md), while a quarter leaves the rest to the clustering's own memory (outside
// DuckDB: ~6 GB peak RSS at 10M) and to the dashboard on the same machine.
// COMPLAINT_LENS_MEMORY_LIMIT overrides it (any DuckDB size: '2GB', '512MB').
import { totalmem } from 'node:os';

const MIB = 1024 * 1024;

/** The default limit for a machine with `total` bytes of memory, as a DuckDB size string. */
export function defaultMemoryLimit(total: number = totalmem()): string {
  return `${Math.max(1024, Math.floor(total / 4 / MIB))}MB`;
}

/** The limit a run uses: the override, else the default. */
export function runMemoryLimit(env: NodeJS.ProcessEnv = process.env): string {
  return env.COMPLAINT_LENS_MEMORY_LIMIT || defaultMemoryLimit();
}
