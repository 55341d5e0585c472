// The one question the dashboard asks about a warehouse's shape: have its models been built?
// `complaint-lens serve` refuses a warehouse built by another version (pipeline/contract/check.ts)
// and a build publishes its marts all together (a swap), so a served warehouse has either every
// table this version reads or none of the model tables (loaded, never built: `unbuilt` in
// check.ts). Pages ask once and show their "not built yet — run complaint-lens build" state; the
// readers in this folder then read marts unguarded.
import { marts } from '../../../../pipeline/contract/marts.ts';
import { queryRows, warehouseGeneration } from './db.ts';

const martNames = Object.keys(marts);

let known: { generation: string; built: Promise<boolean> } | undefined;

/** Whether the served warehouse's models are built (any mart exists, as check.ts decides). */
export async function modelsBuilt(): Promise<boolean> {
  const generation = await warehouseGeneration();
  if (known?.generation !== generation) {
    const built = queryRows(
      { n: 'integer' },
      `select count(*) as n
       from information_schema.tables
       where table_schema = current_schema() and table_name in (${martNames.map((n) => `'${n}'`).join(', ')})`,
      {},
      { cache: false },
    ).then((rows) => (rows[0]?.n ?? 0) > 0);
    known = { generation, built };
    // a failed check is asked again, not remembered for the generation
    built.catch(() => {
      if (known?.built === built) known = undefined;
    });
  }
  return known.built;
}
