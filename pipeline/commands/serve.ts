// `complaint-lens serve` and `start`: the dashboard over a warehouse. `start` first builds the
// sample warehouse when there is none (npm start), and rebuilds the models of a warehouse built
// by another version; `serve` refuses such a warehouse with the command that fixes it.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ensureFirstAdmin } from '../auth/userCommands.ts';
import { usersFileFor } from '../auth/users.ts';
import { checkMartContracts, outdatedMessage } from '../contract/check.ts';
import { openDb } from '../db.ts';
import { createLogger, type Logger } from '../log.ts';
import { buildModels } from './build.ts';
import { EXIT, UsageError } from './common.ts';
import type { ServeOpts } from './options.ts';
import { runPipeline } from './run.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export async function serveCommand(o: ServeOpts): Promise<void> {
  const log = createLogger();
  await checkWarehouse(o, log, false);
  await serve(o, log);
}

export async function startCommand(o: ServeOpts): Promise<void> {
  const log = createLogger();
  if (!existsSync(resolve(o.db))) {
    log.info('no warehouse yet: building it from sample-data/', { db: o.db });
    const code = await runPipeline(
      {
        db: o.db,
        input: [resolve(ROOT, 'sample-data/complaints.csv')],
        volumes: [resolve(ROOT, 'sample-data/volumes.csv')],
        actions: [],
      },
      log,
      true,
    );
    if (code !== EXIT.ok) log.warn('sample load finished with warnings', { exit_code: code });
  }
  await checkWarehouse(o, log, true);
  await serve(o, log);
}

/**
 * The marts of an existing warehouse against this version's contracts. `start` rebuilds the models
 * of a warehouse built by another version (the first-time path must just work); `serve` refuses it
 * with the command that fixes it, rather than serving pages that fail one query at a time.
 */
async function checkWarehouse(o: ServeOpts, log: Logger, rebuild: boolean): Promise<void> {
  const dbPath = resolve(o.db);
  if (!existsSync(dbPath)) return;
  const db = await openDb(dbPath, { readOnly: true });
  let check;
  try {
    check = await checkMartContracts(db);
  } finally {
    db.close();
  }
  if (check.state === 'unbuilt') {
    log.warn(
      'the warehouse has no models yet: run `complaint-lens build` to see KPIs, hot spots and root causes',
      { db: dbPath },
    );
  }
  if (check.state !== 'outdated') return;
  if (!rebuild) throw new UsageError(outdatedMessage(dbPath, check));
  log.warn('the warehouse was built by another version: rebuilding its models', {
    problems: check.problems.join('; '),
  });
  await buildModels({ db: o.db }, log, {});
}

async function serve(o: ServeOpts, log: Logger): Promise<void> {
  const { serveDashboard } = await import('../serve.ts');
  const usersFile = o.users ? resolve(o.users) : usersFileFor(o.db);
  if (o.auth) await ensureFirstAdmin(usersFile, (m) => log.info(m));
  const server = await serveDashboard({
    db: resolve(o.db),
    host: o.host,
    port: o.port,
    log: (m: string) => log.info(m),
    auth: o.auth ? 'on' : 'none',
    usersFile,
    allowedHosts: o.allowedHost,
  });
  log.info('dashboard ready', { url: server.url });
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
