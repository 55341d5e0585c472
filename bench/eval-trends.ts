// npm run eval:trends [-- --reps 100 --seed 7]
//
// Evaluates the trend detectors (the real SQL models int_trend_baseline and int_trend_signals, run
// on synthetic series) for detection rate, detection delay and false alarms:
//   null series       Poisson at 2, 5, 20 and 100 per week, negative binomial (variance 2×mean)
//                     at 20, annual seasonality (±30 %) at 20 and 100, and monthly Poisson at 80;
//   spikes            one week ×2, ×3, ×5 at 20/week, ×3 at 5 and 100/week;
//   steps             +50 % and +100 % from week t0 on, at 20/week;
//   ramps             1× → 3× linearly over 26 weeks from t0, at 5 and 20/week, and over 6 months
//                     in monthly series at 80/month.
// Weekly series are 156 weeks long with the signal at week 110 (two years of history first, so
// the seasonal baseline is in use); monthly ones 48 months with the ramp from month 36. Detectors
// are sequential (an alert at t uses data up to t), so delay = first alerting period - t0.
// False alarms = alert onsets (a flag that was off the period before) per 100 null
// series-periods, counted from week 78 / month 18 (once a year of history gives the seasonal
// baseline); the first year (after the 8-period burn-in) is shown separately.
// All series of one grain are tested together, so Benjamini-Hochberg sees ~1,900 series per period.
// Prints a table; numbers go to docs/benchmarks.md "## Trend evaluation (eval:trends)".
import { parseArgs } from 'node:util';
import { openDb } from '../pipeline/db.ts';
import { configure, buildModels } from '../tests/helpers/trendWarehouse.ts';

const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '100' },
    seed: { type: 'string', default: '7' },
    settings: { type: 'string', default: '' },
  },
});
const REPS = Number(values.reps);

// --- random numbers -----------------------------------------------------------------------------
let state = Number(values.seed) >>> 0;
function uniform(): number {
  // mulberry32
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function poisson(mu: number): number {
  if (mu <= 0) return 0;
  if (mu > 25) {
    const parts = Math.ceil(mu / 25);
    let s = 0;
    for (let i = 0; i < parts; i++) s += poisson(mu / parts);
    return s;
  }
  const l = Math.exp(-mu);
  let k = 0;
  let p = uniform();
  while (p > l) {
    k++;
    p *= uniform();
  }
  return k;
}
function normal(): number {
  return Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}
function gamma(shape: number): number {
  // Marsaglia-Tsang
  if (shape < 1) return gamma(shape + 1) * Math.pow(uniform(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = uniform();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v)))
      return d * v;
  }
}
function count(mu: number, phi: number): number {
  if (phi <= 1) return poisson(mu);
  const r = mu / (phi - 1);
  return poisson((gamma(r) * mu) / r);
}

// --- scenarios ----------------------------------------------------------------------------------
type Kind = 'null' | 'spike' | 'step' | 'ramp';
interface Scenario {
  name: string;
  kind: Kind;
  grain: 'week' | 'month';
  mu: number;
  phi?: number;
  season?: number;
  /** spike multiplier, step multiplier, or ramp end multiplier */
  size?: number;
  /** ramp length in periods */
  length?: number;
}
const WEEKS = 156;
const MONTHS = 48;
const T0_WEEK = 110;
const T0_MONTH = 36;

const scenarios: Scenario[] = [
  { name: 'null Poisson 2/wk', kind: 'null', grain: 'week', mu: 2 },
  { name: 'null Poisson 5/wk', kind: 'null', grain: 'week', mu: 5 },
  { name: 'null Poisson 20/wk', kind: 'null', grain: 'week', mu: 20 },
  { name: 'null Poisson 100/wk', kind: 'null', grain: 'week', mu: 100 },
  { name: 'null NB(var 2×) 20/wk', kind: 'null', grain: 'week', mu: 20, phi: 2 },
  { name: 'null seasonal ±30% 20/wk', kind: 'null', grain: 'week', mu: 20, season: 0.3 },
  { name: 'null seasonal ±30% 100/wk', kind: 'null', grain: 'week', mu: 100, season: 0.3 },
  { name: 'null Poisson 80/month', kind: 'null', grain: 'month', mu: 80 },
  { name: 'spike ×2 at 20/wk', kind: 'spike', grain: 'week', mu: 20, size: 2 },
  { name: 'spike ×3 at 20/wk', kind: 'spike', grain: 'week', mu: 20, size: 3 },
  { name: 'spike ×5 at 20/wk', kind: 'spike', grain: 'week', mu: 20, size: 5 },
  { name: 'spike ×3 at 5/wk', kind: 'spike', grain: 'week', mu: 5, size: 3 },
  { name: 'spike ×3 at 100/wk', kind: 'spike', grain: 'week', mu: 100, size: 3 },
  {
    name: 'spike ×3 at 20/wk, seasonal',
    kind: 'spike',
    grain: 'week',
    mu: 20,
    size: 3,
    season: 0.3,
  },
  { name: 'step +50% at 20/wk', kind: 'step', grain: 'week', mu: 20, size: 1.5 },
  { name: 'step +100% at 20/wk', kind: 'step', grain: 'week', mu: 20, size: 2 },
  { name: 'ramp 1→3× / 26 wk at 5/wk', kind: 'ramp', grain: 'week', mu: 5, size: 3, length: 26 },
  { name: 'ramp 1→3× / 26 wk at 20/wk', kind: 'ramp', grain: 'week', mu: 20, size: 3, length: 26 },
  { name: 'ramp 1→3× / 6 mo at 80/mo', kind: 'ramp', grain: 'month', mu: 80, size: 3, length: 6 },
];

function multiplier(s: Scenario, t: number): number {
  const t0 = s.grain === 'week' ? T0_WEEK : T0_MONTH;
  const periodsPerYear = s.grain === 'week' ? 52 : 12;
  const season = s.season ? 1 + s.season * Math.sin((2 * Math.PI * t) / periodsPerYear) : 1;
  let m = 1;
  if (s.kind === 'spike' && t === t0) m = s.size!;
  if (s.kind === 'step' && t >= t0) m = s.size!;
  if (s.kind === 'ramp' && t >= t0) m = 1 + (s.size! - 1) * Math.min(1, (t - t0) / s.length!);
  return season * m;
}

// --- database -----------------------------------------------------------------------------------
const settings: Record<string, string> = {};
for (const kv of values.settings.split(',').filter(Boolean)) {
  const [k, v] = kv.split('=');
  settings[k] = v;
}
const db = await openDb(':memory:');
await configure(db, { asOf: '2030-01-01 00:00:00', settings });
await db.run(`create table int_series_filled (
  grain varchar, dimension varchar, member varchar, series_id varchar, period_start date, period_end date,
  period_index integer, is_complete boolean, is_current boolean, complaints bigint, complaints_with_volumes bigint,
  units bigint, rate_per_10k_units double)`);

const generated = performance.now();
const appender = await db.conn.createAppender('int_series_filled');
const WEEK0 = Date.UTC(2023, 0, 2); // a Monday
const WEEK0_INDEX = Math.round((WEEK0 - Date.UTC(1970, 0, 5)) / (7 * 86400000));
const MONTH0_INDEX = 2023 * 12;
let seriesCount = 0;
for (const s of scenarios) {
  for (let r = 0; r < REPS; r++) {
    const id = `${s.name}#${r}`;
    const n = s.grain === 'week' ? WEEKS : MONTHS;
    seriesCount++;
    for (let t = 0; t < n; t++) {
      const start =
        s.grain === 'week' ? new Date(WEEK0 + t * 7 * 86400000) : new Date(Date.UTC(2023, t, 1));
      const end =
        s.grain === 'week'
          ? new Date(start.getTime() + 6 * 86400000)
          : new Date(Date.UTC(2023, t + 1, 0));
      const y = count(s.mu * multiplier(s, t), s.phi ?? 1);
      appender.appendVarchar(s.grain);
      appender.appendVarchar(s.kind);
      appender.appendVarchar(id);
      appender.appendVarchar(id);
      appender.appendVarchar(start.toISOString().slice(0, 10));
      appender.appendVarchar(end.toISOString().slice(0, 10));
      appender.appendInteger((s.grain === 'week' ? WEEK0_INDEX : MONTH0_INDEX) + t);
      appender.appendBoolean(true);
      appender.appendBoolean(t === n - 1);
      appender.appendBigInt(BigInt(y));
      appender.appendBigInt(BigInt(y));
      appender.appendNull();
      appender.appendNull();
      appender.endRow();
    }
  }
}
appender.flushSync();
appender.closeSync();
const generateMs = performance.now() - generated;

const started = performance.now();
const timings = new Map<string, number>();
await buildModels(
  db,
  ['stg_settings', 'int_trend_settings', 'int_trend_baseline', 'int_trend_signals'],
  timings,
);
for (const [m, ms] of timings) console.error(`${m}: ${(ms / 1000).toFixed(1)} s`);
const detectMs = performance.now() - started;

// --- metrics ------------------------------------------------------------------------------------
await db.run(`
  create table eval_flags as
  select
      split_part(member, '#', 1) as scenario,
      member,
      grain,
      period_index - min(period_index) over (partition by member) as t,
      evaluable,
      spike_flag, drop_flag, shift_flag, trend_flag,
      spike_flag and not coalesce(lag(spike_flag) over w, false) as spike_on,
      drop_flag and not coalesce(lag(drop_flag) over w, false) as drop_on,
      shift_flag and not coalesce(lag(shift_flag) over w, false) as shift_on,
      trend_flag and not coalesce(lag(trend_flag) over w, false) as trend_on
  from int_trend_signals
  window w as (partition by member order by period_index)`);

interface Row {
  scenario: string;
  series: number;
  periods: number;
  fa_spike: number;
  fa_drop: number;
  fa_shift: number;
  fa_trend: number;
  fa_total: number;
  fa_first_year: number;
}
const nullRows = await db.all<Row & Record<string, unknown>>(`
  select
      scenario,
      count(distinct member) as series,
      count(*) as periods,
      100.0 * sum(spike_on::int) / count(*) as fa_spike,
      100.0 * sum(drop_on::int) / count(*) as fa_drop,
      100.0 * sum(shift_on::int) / count(*) as fa_shift,
      100.0 * sum(trend_on::int) / count(*) as fa_trend,
      100.0 * sum((spike_on or drop_on or shift_on or trend_on)::int) / count(*) as fa_total,
      any_value(fa_first_year) as fa_first_year
  from eval_flags
  inner join (
      select scenario as s, 100.0 * sum((spike_on or drop_on or shift_on or trend_on)::int) / count(*) as fa_first_year
      from eval_flags
      where evaluable and t < case grain when 'week' then 78 else 18 end
      group by scenario
  ) first_year on first_year.s = eval_flags.scenario
  where scenario like 'null%' and evaluable and t >= case grain when 'week' then 78 else 18 end
  group by scenario
  order by min(t), scenario`);

const sigRows = await db.all(`
  with t0 as (
      select member, scenario, grain, case grain when 'week' then ${T0_WEEK} else ${T0_MONTH} end as t0
      from eval_flags
      where scenario not like 'null%'
      group by all
  ),
  firsts as (
      select
          t0.scenario,
          t0.member,
          min(f.t - t0.t0) filter (where f.t >= t0.t0 and (f.spike_flag or f.shift_flag or f.trend_flag)) as delay,
          bool_or(f.spike_flag and f.t = t0.t0) as spike_at_t0
      from t0
      inner join eval_flags f on f.member = t0.member
      group by all
  )
  select
      scenario,
      count(*) as series,
      avg((spike_at_t0)::int) as spike_detected_same_week,
      avg((delay is not null and delay <= case when scenario like 'spike%' then 0 when scenario like '%month%' or scenario like '%/mo%' then 6 else 26 end)::int) as detected,
      avg((delay is not null and delay <= case when scenario like '%/mo%' then 2 else 8 end)::int) as within_8wk_or_2mo,
      median(delay) as median_delay
  from firsts
  group by scenario
  order by scenario`);

const fmt = (v: unknown, digits = 2) =>
  v === null || v === undefined ? '–' : Number(v).toFixed(digits);
console.log(
  `\nTrend detector evaluation: ${seriesCount} series, ${REPS} per scenario; generate ${(generateMs / 1000).toFixed(1)} s, detectors ${(detectMs / 1000).toFixed(1)} s`,
);
console.log(
  '\nNull series: false alarms (alert onsets) per 100 series-periods, from week 78 / month 18 (a year of seasonal history)',
);
console.log(
  '| scenario | series-periods | spike | drop | shift | trend | total | total in the first year |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of nullRows) {
  console.log(
    `| ${r.scenario} | ${r.periods} | ${fmt(r.fa_spike)} | ${fmt(r.fa_drop)} | ${fmt(r.fa_shift)} | ${fmt(r.fa_trend)} | ${fmt(r.fa_total)} | ${fmt(r.fa_first_year)} |`,
  );
}
console.log('\nPlanted signals: detection (spike/shift/trend) and delay in periods');
console.log(
  '| scenario | series | spike flagged in its week | detected | within 8 weeks / 2 months | median delay |',
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of sigRows) {
  console.log(
    `| ${r.scenario} | ${r.series} | ${fmt(r.spike_detected_same_week)} | ${fmt(r.detected)} | ${fmt(r.within_8wk_or_2mo)} | ${fmt(r.median_delay, 0)} |`,
  );
}
db.close();
