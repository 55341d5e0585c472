// `node bench/hotspot-summary.ts WAREHOUSE.duckdb`: what mart_batch_hotspots decided in one
// `complaint-lens run`, beside the simple baseline computed from the same warehouse — the numbers
// docs/benchmarks.md reports for real exports (issue 16): batches, tested / untested (by reason),
// the baseline level the rate test used, flagged (and by which route), and the simple baseline
// (batches with more than twice their product's median complaints, no statistics at all).
import { resolve } from 'node:path';
import { openDb } from '../pipeline/db.ts';

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: node bench/hotspot-summary.ts WAREHOUSE.duckdb\n');
  process.exit(2);
}
const db = await openDb(resolve(path), { readOnly: true });
try {
  const hasLevel = Number(
    await db.scalar(
      `select count(*) from information_schema.columns
       where table_name = 'mart_batch_hotspots' and column_name = 'rate_baseline_level'`,
    ),
  );
  const totals = await db.one(`
    select cast(count(*) as integer) as batches,
           cast(count(*) filter (where is_tested) as integer) as tested,
           cast(count(*) filter (where not is_tested) as integer) as untested,
           cast(count(*) filter (where is_hotspot) as integer) as flagged,
           cast(count(*) filter (where is_rate_signal) as integer) as by_rate,
           cast(count(*) filter (where is_mix_signal and not is_rate_signal and not is_cause_rate_signal) as integer) as by_mix_alone,
           max(dispersion_estimate) as max_phi_estimate
    from mart_batch_hotspots`);
  const untested = await db.all(`
    select untested_because, cast(count(*) as integer) as batches from mart_batch_hotspots
    where not is_tested group by all order by batches desc`);
  const levels = hasLevel
    ? await db.all(`
        select rate_baseline_level, cast(count(*) as integer) as batches, cast(count(*) filter (where is_hotspot) as integer) as flagged
        from mart_batch_hotspots where is_tested group by all order by batches desc`)
    : [];
  // The simple baseline: a batch with more than twice its product's median complaints.
  const baseline = await db.one(`
    with per_batch as (
        select product, batch, complaints, median(complaints) over (partition by product) as product_median
        from mart_batch_hotspots
    )
    select cast(count(*) filter (where complaints > 2 * product_median) as integer) as flagged,
           cast(count(*) filter (where complaints > 2 * product_median and batch in (
               select batch from mart_batch_hotspots h where h.product = per_batch.product and h.is_hotspot)) as integer) as also_by_model
    from per_batch`);
  process.stdout.write(
    `${JSON.stringify({ warehouse: resolve(path), ...totals, untested_by_reason: untested, levels, simple_baseline: baseline }, null, 2)}\n`,
  );
} finally {
  db.close();
}
