// `complaint-lens doctor`: the environment and warehouse checks of pipeline/doctor.ts, printed as
// text on stderr or --json on stdout; exit 1 when any check fails.
import { resolve } from 'node:path';
import { EXIT } from './common.ts';
import type { CommonOpts } from './options.ts';

export async function doctorCommand(o: CommonOpts): Promise<void> {
  const { doctor } = await import('../doctor.ts');
  const report = await doctor(resolve(o.db), o.config);
  if (o.json) process.stdout.write(JSON.stringify(report) + '\n');
  else
    for (const c of report.checks)
      process.stderr.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}\n`);
  process.exitCode = report.ok ? EXIT.ok : EXIT.failed;
}
