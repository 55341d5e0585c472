// npm run bench:trends [-- --rows 1000000]
//
// Times the trend layer (all series, detectors, alerts and control charts) on N synthetic
// complaints (default 1,000,000) written straight into the base tables with SQL (range() and
// hash-based pseudo-random values: 2 years, 16 channels, 60 products in 12 categories, 31
// regions, 10 departments, 7 complaint types, 40 root-cause clusters on 60 % of complaints,
// weekly batches with volumes). The upstream models (staging, enrichment, KPI units) are built
// first and timed separately. The floor is a bare DuckDB grouping-sets count of the same series
// straight from the base table. CPU time (user + system) is printed too: the machine is shared.
// Not a test: numbers go to docs/benchmarks.md "## Trends (bench:trends)".
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import {
  buildModels,
  ensureClusters,
  openWarehouse,
  upstream,
} from '../tests/helpers/trendWarehouse.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
const rows = Number(values.rows);

const CHANNELS = [
  '客服热线',
  '在线客服',
  '官方APP',
  '京东',
  '天猫',
  '门店',
  '邮件',
  '12315',
  '12345',
  '黑猫投诉',
  '微博',
  '抖音',
  '小红书',
  '媒体',
  '传真',
  '信函',
];
const REGIONS = [
  '北京',
  '天津',
  '河北',
  '山西',
  '内蒙古',
  '辽宁',
  '吉林',
  '黑龙江',
  '上海',
  '江苏',
  '浙江',
  '安徽',
  '福建',
  '江西',
  '山东',
  '河南',
  '湖北',
  '湖南',
  '广东',
  '广西',
  '海南',
  '重庆',
  '四川',
  '贵州',
  '云南',
  '西藏',
  '陕西',
  '甘肃',
  '青海',
  '宁夏',
  '新疆',
];
const DEPARTMENTS = [
  '客服中心',
  '售后服务部',
  '物流部',
  '质量管理部',
  '销售部',
  '财务部',
  '法务部',
  '技术支持部',
  '市场部',
  '渠道管理部',
];
const TYPES = ['产品质量', '物流运输', '服务态度', '售后维修', '价格', '合同/购销', '其他'];
const list = (xs: string[]) => `[${xs.map((x) => `'${x}'`).join(', ')}]`;

const TREND_MODELS = (name: string) =>
  /^(int_series_|int_trend_|mart_series_|mart_trend_alerts|mart_control_chart|stg_complaint_clusters)/.test(
    name,
  );
const TARGETS = [
  'mart_series_weekly',
  'mart_series_monthly',
  'mart_trend_alerts',
  'mart_control_chart',
];

const db = await openWarehouse({ asOf: '2026-11-04 12:00:00' });
const cpu0 = process.cpuUsage();
let t = performance.now();
await db.run(`
  insert into complaint_versions by name
  select
      'BENCH' || i as complaint_id,
      timestamp '2024-11-01 00:00:00' + to_seconds(cast(hash(i) % (730 * 86400) as bigint)) as received_at,
      (${list(CHANNELS)})[1 + cast(hash(i, 1) % ${CHANNELS.length} as integer)] as channel,
      'M' || lpad(cast(hash(i, 2) % 60 as varchar), 2, '0') as product,
      'PC' || lpad(cast((hash(i, 2) % 60) % 12 as varchar), 2, '0') as product_category,
      (${list(REGIONS)})[1 + cast(hash(i, 3) % ${REGIONS.length} as integer)] as region,
      (${list(DEPARTMENTS)})[1 + cast(hash(i, 4) % ${DEPARTMENTS.length} as integer)] as department,
      (${list(TYPES)})[1 + cast(hash(i, 5) % ${TYPES.length} as integer)] as complaint_type,
      'closed' as status,
      'h' || i as row_hash, 1 as version_no, true as is_current, 1 as first_loaded_run, 1 as load_run_id, 'bench' as source_file
  from range(${rows}) as r(i)`);
await db.run(`
  insert into volumes
  select 'M' || lpad(cast(p as varchar), 2, '0'), 'W' || w, date '2024-06-03' + cast(7 * w as integer), 1000 + 10 * p, 'bench'
  from range(60) as a(p), range(125) as b(w)`);
await ensureClusters(db);
await db.run(`
  insert into complaint_clusters
  select complaint_id, 'K' || lpad(cast(hash(complaint_id, 7) % 40 as varchar), 2, '0'), 0.1
  from complaints
  where hash(complaint_id, 6) % 10 < 6`);
const synthMs = performance.now() - t;

// Floor: the series counts straight from the base table in one grouping-sets pass.
t = performance.now();
await db.run(`
  create temp table floor_counts as
  select
      date_trunc('week', received_at) as week_start, channel, product, product_category, region, department,
      complaint_type, count(*) as n
  from complaints
  group by grouping sets ((week_start), (week_start, channel), (week_start, product), (week_start, product_category),
      (week_start, region), (week_start, department), (week_start, complaint_type), (week_start, complaint_type, region))`);
const floorMs = performance.now() - t;

const order = await upstream(db, TARGETS);
const timings = new Map<string, number>();
const cpu1 = process.cpuUsage();
t = performance.now();
await buildModels(db, order, timings);
const buildMs = performance.now() - t;
const cpu = process.cpuUsage(cpu1);

const ours = [...timings].filter(([m]) => TREND_MODELS(m));
const upstreamModels = [...timings].filter(([m]) => !TREND_MODELS(m));
const sum = (xs: [string, number][]) => xs.reduce((a, [, ms]) => a + ms, 0);
const counts = await db.all<{ grain: string; series: number; rows: number }>(
  `select grain, count(distinct series_id)::int as series, count(*)::int as rows from int_series_filled group by grain order by grain`,
);
const alerts = await db.all<{ kind: string; n: number }>(
  `select kind, count(*)::int as n from mart_trend_alerts group by kind order by kind`,
);

console.log(
  `\nbench:trends — ${rows.toLocaleString('en')} complaints, ${cpus().length} cores (shared)`,
);
console.log(
  `synthesise: ${(synthMs / 1000).toFixed(1)} s; floor (one grouping-sets count of the weekly series): ${(floorMs / 1000).toFixed(2)} s`,
);
console.log(
  `series: ${counts.map((c) => `${c.grain} ${c.series} series / ${c.rows} rows`).join('; ')}`,
);
console.log(`alerts: ${alerts.map((a) => `${a.kind} ${a.n}`).join(', ') || 'none'}`);
console.log('\n| model | seconds |');
console.log('|---|---:|');
for (const [m, ms] of ours) console.log(`| ${m} | ${(ms / 1000).toFixed(2)} |`);
console.log(`| **trend layer total** | **${(sum(ours) / 1000).toFixed(2)}** |`);
console.log(
  `| upstream models (staging, enrichment, KPI units) | ${(sum(upstreamModels) / 1000).toFixed(2)} |`,
);
console.log(
  `\nwall ${(buildMs / 1000).toFixed(1)} s for all models; CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; process CPU since start ${((process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1e6).toFixed(1)} s`,
);
console.log(`trend layer / floor: ${(sum(ours) / floorMs).toFixed(1)}×`);
db.close();
