// bench:build — time `complaint-lens build` (the SQL model layer) on synthetic complaints.
//
//   npm run bench:build [-- --rows 1000000] [--repeat 3] [--all] [--fresh] [--no-write]
//
// Synthesises N complaint rows directly with SQL (range() + hash-based pseudo-random values, so
// every run builds the same data) into the base tables of a warehouse file, cached in bench/out/
// (--fresh rebuilds it), copies it to a temporary file and runs buildModels() --repeat times with
// the default configuration. Reports the full build time (best and median wall clock, and the CPU
// time of all DuckDB threads, since other processes on a shared machine inflate wall time), the
// time per model (best of the repeats), and the raw DuckDB floor for comparison: copying the
// complaints table, and one grouping-sets count per month over the seven KPI dimensions.
// By default only the core models (pipeline/models/coreModels.ts) are built, since other models
// may need inputs a synthetic warehouse lacks (e.g. complaint clusters); --all builds all of sql/.
// Results go to docs/benchmarks.md under "## Model build (bench:build)" unless --no-write.
// Target: ≤ 30 s for the KPI layer at 1M rows on the 2-core reference machine.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb, type Db } from '../pipeline/db.ts';
import { applyBaseTables } from '../pipeline/warehouse/init.ts';
import { resolveConfig } from '../pipeline/config.ts';
import {
  buildModels,
  coreSqlDir,
  DEFAULT_SQL_DIR,
  type BuildSummary,
} from '../pipeline/models/index.ts';
import { BENCH_DOC, writeBenchSection } from './doc.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SECTION = '## Model build (bench:build)';
const AS_OF = '2025-01-15 00:00:00';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const rows = Number(arg('--rows') ?? 1_000_000);
const repeat = Math.max(1, Number(arg('--repeat') ?? 3));
const write = !process.argv.includes('--no-write');
const allModels = process.argv.includes('--all');
const fresh = process.argv.includes('--fresh');
/** Bump when synthesise() changes, so cached warehouses are rebuilt. */
const SYNTH_VERSION = 2;

/** Fill the base tables with `n` deterministic synthetic complaints (and their lineage). */
export async function synthesise(db: Db, n: number): Promise<void> {
  await applyBaseTables(db);
  // h(k): a pseudo-random unsigned integer per row and purpose k.
  await db.run(`create or replace macro h(i, k) as hash(i * 1000003 + k)`);
  await db.run(
    `create or replace macro pick(xs, i, k) as xs[cast(h(i, k) % len(xs) as integer) + 1]`,
  );
  await db.run(`
    create or replace temp table synth as
    with base as (
      select
        i,
        timestamp '2022-01-01' + to_seconds(cast(h(i, 1) % (3 * 365 * 86400) as bigint)) as received_at,
        cast(h(i, 3) % 300 as integer) as product_no,
        h(i, 9) % 100 as status_roll
      from range(${Number(n)}) t(i)
    )
    select
      'C' || lpad(cast(i as varchar), 9, '0') as complaint_id,
      received_at,
      pick(['客服热线','客服热线','客服热线','在线客服','在线客服','官方APP','官方APP','京东','天猫','门店','邮件','12315','黑猫投诉','微博','媒体'], i, 2) as channel,
      'U' || cast(h(i, 4) % 400000 as varchar) as customer_id,
      'P' || lpad(cast(product_no as varchar), 3, '0') as product,
      ['洗衣机','冰箱','空调','热水器','燃气灶','油烟机','电视','手机','净水器','微波炉','电饭煲','扫地机'][product_no % 12 + 1] as product_category,
      'P' || lpad(cast(product_no as varchar), 3, '0') || '-B' || cast(h(i, 5) % 40 as varchar) as batch,
      pick(['广东','浙江','江苏','山东','河南','四川','湖北','湖南','河北','福建','上海','北京','安徽','辽宁','陕西','江西','重庆','广西','云南','山西','天津','贵州','吉林','黑龙江','内蒙古','新疆','甘肃','海南','宁夏','青海','西藏'], i, 6) as region,
      case when h(i, 7) % 10 < 6 then pick(['质量问题','产品质量','物流配送','送货延迟','服务态度','客服态度差','售后维修','安装问题','价格争议','乱收费','合同纠纷','退款问题','其他','Quality','Delivery','Repair','Billing','Rude staff','功能故障','虚假宣传'], i, 8) end as complaint_type,
      case when h(i, 10) % 10 < 2 then pick(['一般','重大','紧急','high','low','普通'], i, 11) end as severity,
      pick(['买的','刚收到的','使用半年的','去年买的','朋友推荐的'], i, 12) || ['洗衣机','冰箱','空调','热水器','燃气灶','油烟机','电视','手机','净水器','微波炉','电饭煲','扫地机'][product_no % 12 + 1]
        || pick(['用了几天就坏了，质量太差','不制冷，噪音很大','快递送货太慢了，等了一个星期','客服态度恶劣，挂电话','安装师傅迟迟不上门','价格比别家贵，要求补差价','订单被取消了，退款一直不到账','插头冒烟还漏电，差点起火','开机就黑屏，售后推诿','包装破损，物流压坏了','宣传和实物不符，虚假宣传','一直异响，维修了三次还是不行','收到就有划痕','说好的赠品没有给','电话打不通，没人管','显示屏有瑕疵','漏水把地板泡坏了','发票一直不给开','配送员态度很差','不知道怎么用'], i, 13)
        || '，' || pick(['希望尽快处理。','要求退货。','要求赔偿。','请给个说法。','再不处理就去12315投诉。','已经是第二次反映了。'], i, 14) as description,
      case when h(i, 15) % 4 = 0 then pick(['退货','换货','维修','赔偿','道歉'], i, 16) end as customer_demand,
      pick(['客服中心','售后服务部','物流部','质量部','销售部','华东大区','华南大区','华北大区','西南大区','电商部','安装服务部','财务部'], i, 17) as department,
      case when h(i, 18) % 20 = 0 then null else cast(1 + (h(i, 18) % 7) // 5 + (h(i, 18) % 23) // 22 as integer) end as dispatch_count,
      case when h(i, 19) % 20 = 0 then null else received_at + to_minutes(cast(h(i, 19) % (48 * 60) as bigint)) end as first_response_at,
      case when status_roll < 80 then received_at + to_minutes(cast(h(i, 20) % (12 * 24 * 60) as bigint)) end as resolved_at,
      case when status_roll < 60 then received_at + to_minutes(cast(h(i, 20) % (12 * 24 * 60) + 1440 as bigint)) end as closed_at,
      case
        when status_roll < 60 then 'closed'
        when status_roll < 80 then 'resolved'
        when status_roll < 88 then 'in_progress'
        when status_roll < 94 then 'open'
        when status_roll < 97 then 'withdrawn'
        else 'invalid'
      end as status,
      case when status_roll < 80 then pick(['已更换','已维修','已退款','已道歉并补偿','已解释说明'], i, 21) end as resolution,
      case when h(i, 22) % 10 < 3 then cast((h(i, 23) % 300000) / 100.0 as decimal(18, 2)) end as compensation,
      case when status_roll < 60 and h(i, 24) % 10 < 7 then [0.2, 0.4, 0.6, 0.8, 1.0][cast(h(i, 25) % 5 as integer) + 1] end as satisfaction
    from base
  `);
  // One current version per complaint (the complaints view shows the current ones).
  await db.run(`
    insert into complaint_versions by name
    select complaint_id, received_at, channel, customer_id, product, product_category, batch,
      cast(null as date) as production_date, region, complaint_type, severity, description, customer_demand, department,
      dispatch_count, first_response_at, resolved_at, closed_at, status, resolution, compensation, satisfaction,
      cast(satisfaction as varchar) as satisfaction_raw, coalesce(closed_at, resolved_at, received_at) as updated_at,
      md5(complaint_id) as row_hash, 1 as version_no, true as is_current, 1 as first_loaded_run, 1 as load_run_id,
      'synthetic.csv' as source_file
    from synth
  `);
  await db.run(`
    insert into volumes
    select 'P' || lpad(cast(p as varchar), 3, '0'), 'P' || lpad(cast(p as varchar), 3, '0') || '-B' || cast(b as varchar),
      date '2020-01-01' + cast(b * 30 + h(p, 30) % 30 as integer), 1000 + h(p * 100 + b, 31) % 20000, 'synthetic_volumes.csv'
    from range(300) a(p), range(40) c(b)
  `);
  const rejected = 250;
  await db.run(`
    insert into rejects
    select 1, 'synthetic.csv', i + 2, pick(['missing_complaint_id', 'unparseable_received_at', 'duplicate_in_file'], i, 40),
      'synthetic reject', 'raw,row,' || cast(i as varchar), null
    from range(${rejected}) t(i)
  `);
  await db.run(
    `insert into load_runs (run_id, file, started_at, finished_at, status, rows_read, rows_new, rows_updated, rows_unchanged, rows_rejected, format, encoding, bytes)
     values (1, 'synthetic.csv', $at::timestamp, $at::timestamp, 'success', $read, $n, 0, 0, $rejected, 'csv', 'utf-8', 0)`,
    { at: AS_OF, read: n + rejected, n, rejected },
  );
  await db.run(`
    insert into field_quality
    select 1, 'synthetic.csv', f, f, ${Number(n)}, 0, 0, null
    from unnest(['complaint_id','received_at','channel','customer_id','product','product_category','batch','region',
      'complaint_type','severity','description','department','dispatch_count','first_response_at','resolved_at',
      'closed_at','status','compensation','satisfaction']) t(f)
  `);
  await db.run('drop table synth');
  await db.run('checkpoint');
}

interface FloorTimes {
  copyMs: number;
  groupMs: number;
}

/** The raw DuckDB floor: copy the complaints table; one grouping-sets count per month and dimension. */
async function floor(db: Db): Promise<FloorTimes> {
  let t = performance.now();
  await db.run('create or replace temp table floor_copy as select * from complaints');
  const copyMs = performance.now() - t;
  t = performance.now();
  await db.run(`
    create or replace temp table floor_group as
    select date_trunc('month', received_at) as m, product_category, product, channel, region, department, complaint_type, count(*) as n
    from complaints
    group by grouping sets ((m), (m, product_category), (m, product), (m, channel), (m, region), (m, department), (m, complaint_type))
  `);
  const groupMs = performance.now() - t;
  await db.run('drop table floor_copy; drop table floor_group');
  return { copyMs, groupMs };
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

interface RunStats {
  wall: number;
  cpu: number;
  load: number;
  summary: BuildSummary;
}

function report(runs: RunStats[], n: number, synthMs: number | null, fl: FloorTimes): string {
  const walls = runs.map((r) => r.wall);
  const best = runs.reduce((a, b) => (b.wall < a.wall ? b : a));
  const models = best.summary.models.map((m) => {
    const all = runs.map((r) => r.summary.models.find((x) => x.model === m.model)!);
    return {
      ...m,
      wall: Math.min(...all.map((x) => x.milliseconds)),
      cpu: Math.min(...all.map((x) => x.cpuMilliseconds)),
    };
  });
  const kpiWall = (r: RunStats) =>
    r.summary.models
      .filter((m) => m.model !== 'mart_data_quality')
      .reduce((s, m) => s + m.milliseconds, 0);
  const lines = [
    SECTION,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:build -- --rows ${n}${repeat !== 3 ? ` --repeat ${repeat}` : ''}${allModels ? ' --all' : ''}\` (bench/build.ts):`,
    `${n.toLocaleString('en-US')} synthetic complaints (3 years, 300 products, 400k customers, 60% with a complaint_type,`,
    `12,000 volume batches), default configuration, ${allModels ? 'all models in sql/' : 'the core models'}, ${repeat} build${repeat === 1 ? '' : 's'} on a warehouse file,`,
    `Node ${process.versions.node}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB. The machine is shared: the 1-minute load average`,
    `during the builds was ${runs.map((r) => r.load.toFixed(1)).join(', ')} (2 = both cores busy), so wall-clock times`,
    'include waiting for CPU; the CPU column (all DuckDB threads) is the cost of the work itself.',
    '',
    '| step | wall (best) | wall (median) | CPU (best run) |',
    '|---|---:|---:|---:|',
    ...(synthMs === null
      ? []
      : [`| synthesise base tables (cached, not part of build) | ${secs(synthMs)} | | |`]),
    `| **full build** (cfg tables + ${best.summary.models.length} models + ${best.summary.tests.length} data tests) | **${secs(Math.min(...walls))}** | ${secs(median(walls))} | ${secs(best.cpu)} |`,
    `| KPI layer (all models except mart_data_quality) | ${secs(Math.min(...runs.map(kpiWall)))} | ${secs(median(runs.map(kpiWall)))} | |`,
    `| data tests | ${secs(Math.min(...runs.map((r) => r.summary.testsMilliseconds)))} | | |`,
    `| floor: \`create table as select * from complaints\` | ${secs(fl.copyMs)} | | |`,
    `| floor: one grouping-sets count per month × 7 dimensions | ${secs(fl.groupMs)} | | |`,
    '',
    '| model | materialised | rows | wall (best) | CPU (best) |',
    '|---|---|---:|---:|---:|',
    ...models.map(
      (m) =>
        `| ${m.model} | ${m.materialized} | ${(m.rows ?? 0).toLocaleString('en-US')} | ${secs(m.wall)} | ${secs(m.cpu)} |`,
    ),
    '',
    'Target: KPI layer ≤ 30 s at 1M rows on this 2-core machine.',
    '',
  ];
  return lines.join('\n');
}

/** Replace (or append) this benchmark's section of docs/benchmarks.md, leaving other sections alone. */

/** The cached synthetic warehouse for `n` rows (built on first use). */
async function cachedWarehouse(n: number): Promise<{ path: string; synthMs: number | null }> {
  const outDir = join(ROOT, 'bench/out');
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `build-synth-v${SYNTH_VERSION}-${n}.duckdb`);
  if (existsSync(path) && !fresh) return { path, synthMs: null };
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  console.log(`synthesising ${n.toLocaleString('en-US')} complaints into ${path} …`);
  const db = await openDb(path);
  const t = performance.now();
  try {
    await synthesise(db, n);
  } finally {
    db.close();
  }
  const synthMs = performance.now() - t;
  console.log(`  ${secs(synthMs)}`);
  return { path, synthMs };
}

async function main(): Promise<void> {
  const { path: cached, synthMs } = await cachedWarehouse(rows);
  const dir = mkdtempSync(join(tmpdir(), 'cl-bench-build-'));
  const path = join(dir, 'warehouse.duckdb');
  copyFileSync(cached, path);
  const sqlDir = allModels ? DEFAULT_SQL_DIR : coreSqlDir();
  const db = await openDb(path);
  try {
    const config = resolveConfig({ kpi: { asOf: AS_OF } }, 'bench');
    const runs: RunStats[] = [];
    for (let i = 0; i < repeat; i++) {
      console.log(`build ${i + 1} of ${repeat}`);
      const cpu0 = process.cpuUsage();
      const t = performance.now();
      const summary = await buildModels(db, { config, sqlDir, log: (m) => console.log(m) });
      const wall = performance.now() - t;
      const cpu = process.cpuUsage(cpu0);
      runs.push({ wall, cpu: (cpu.user + cpu.system) / 1000, load: loadavg()[0], summary });
    }
    const fl = await floor(db);
    const text = report(runs, rows, synthMs, fl);
    console.log(`\n${text}`);
    if (write) {
      writeBenchSection(SECTION, text);
      console.log(`written to ${BENCH_DOC}`);
    }
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    if (!allModels) rmSync(sqlDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
