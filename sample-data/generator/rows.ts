// The complaint generator: decides, day by day, how many complaints arrive, which batch / root cause /
// region / channel each is about, and its handling timeline. Yields one day's complaints at a time
// (sorted by receipt time), so memory is bounded by one day plus the pending repeat complaints.
//
// Model. For each day d, every production batch b contributes expected complaints
//   fault:  units_b · qualityRate_cat · rateFactor_model · h(d − production_b) · faultSeason_cat(d) · multiplier_b
//   sales:  units_b · salesRate_cat · g(d − production_b) · promotionMix_cat(d)
// (h, g: delays.ts). Planted extras are added as two more sources: the 四川 logistics ramp and the 微博
// spike week. The day's total weight times a weekday/holiday factor fixes the day's share; the exact row
// count is split over the days by a chain of binomials (a multinomial), then each row picks its source
// in proportion to the weights. Repeat complaints (same customer and product within 30 days) and the
// forced complaints of the decoy batches take slots of the day they fall on.

import {
  addMonths,
  civil,
  isoWeek,
  isoWeekLabel,
  isoWeekMonday,
  SECONDS_PER_DAY,
  springFestival,
} from './calendar.ts';
import type { Batch, Catalogue } from './batches.ts';
import { causeIndex, ROOT_CAUSES, type RootCause } from './causes.ts';
import { delayProfiles, MAX_AGE_DAYS } from './delays.ts';
import { CATEGORIES, CATEGORY_INDEX, MODELS } from './products.ts';
import { Rng, searchCumulative, Weighted } from './prng.ts';
import {
  CHANNEL_WEIBO,
  CHANNELS,
  DEPT_KEYS,
  DEPT_ROUTING,
  ESCALATION_CHANNELS,
  PROVINCE_SICHUAN,
  PROVINCES,
  type DeptKey,
  type StatusKey,
  type TypeKey,
} from './taxonomy.ts';

export interface ComplaintRecord {
  received: number; // seconds since 1970-01-01 local
  channel: number;
  customer: number;
  model: number; // -1: product not recorded
  batch: number; // index into catalogue.batches, -1: not tied to a batch
  showBatch: boolean;
  region: number;
  cause: number;
  typeShown: boolean;
  dept: number; // index into DEPT_KEYS, -1: blank
  dispatch: number;
  firstResponse: number; // NaN: none yet
  resolved: number;
  closed: number;
  status: StatusKey;
  compensation: number; // 0: none
  satisfaction: number; // 1-5, 0: not surveyed
  updated: number;
  slash: boolean; // this row's timestamps use the '2026/3/5 14:03' style
  repeatNo: number;
  saleDay: number;
  denied: boolean;
  /** The compensation is a full refund of the product price. */
  refund: boolean;
  defectExcess: boolean;
}

/** Spike and ramp parameters (also written to planted.json). */
export interface SignalPlan {
  rampStartDay: number;
  rampEndDay: number;
  rampFrom: number;
  rampTo: number;
  spikeWeekMonday: number;
  spikeMultiplier: number;
}

export interface EngineOptions {
  seed: number;
  rows: number;
  startDay: number;
  endDay: number;
  catalogue: Catalogue;
}

interface Scheduled {
  forced: boolean;
  batch: number;
  model: number;
  customer: number;
  region: number;
  cause: number;
  channel: number;
  saleDay: number;
  repeatNo: number;
  showBatch: boolean;
  defectExcess: boolean;
}

/** Moves a time that falls outside [from, to) hours to the next opening (people answer and fix in working hours). */
function withinHours(t: number, from: number, to: number, rng: Rng): number {
  const day = Math.floor(t / SECONDS_PER_DAY);
  const sec = t - day * SECONDS_PER_DAY;
  if (sec < from * 3600) return day * SECONDS_PER_DAY + from * 3600 + rng.int(5400);
  if (sec >= to * 3600) return (day + 1) * SECONDS_PER_DAY + from * 3600 + rng.int(7200);
  return t;
}

const WEEKDAY_FACTOR = [1.12, 1.08, 1.04, 1.0, 0.96, 0.9, 0.88];
const WEIBO_SHARE = CHANNELS[CHANNEL_WEIBO].share / CHANNELS.reduce((s, c) => s + c.share, 0);
const REPEAT_FIRST = 0.055;
const REPEAT_AGAIN = 0.22;
const SLASH_SHARE = 0.12;

/** Channel mix by complaint type; 微博 keeps the same share everywhere so the spike multiplier is exact. */
function channelTable(type: TypeKey): Weighted<number> {
  const boost: Record<string, number> = {};
  if (type === 'logistics' || type === 'price' || type === 'contract')
    Object.assign(boost, { 3: 1.7, 4: 1.7, 5: 0.6 });
  if (type === 'quality' || type === 'repair') Object.assign(boost, { 0: 1.25, 2: 1.2 });
  if (type === 'attitude') Object.assign(boost, { 7: 1.5, 8: 1.5 });
  const raw = CHANNELS.map((c, i) => (i === CHANNEL_WEIBO ? 0 : c.share * (boost[i] ?? 1)));
  const rest = raw.reduce((s, v) => s + v, 0);
  const weights = raw.map((v, i) =>
    i === CHANNEL_WEIBO ? WEIBO_SHARE : (v / rest) * (1 - WEIBO_SHARE),
  );
  return new Weighted(
    CHANNELS.map((_, i) => i),
    weights,
  );
}

function routing(cause: RootCause): Weighted<number> {
  const table = cause.dept ?? DEPT_ROUTING[cause.type];
  const keys = Object.keys(table) as DeptKey[];
  return new Weighted(
    keys.map((k) => DEPT_KEYS.indexOf(k)),
    keys.map((k) => table[k] ?? 0),
  );
}

export function isPromotionDay(dayNo: number): boolean {
  const c = civil(dayNo);
  return (c.month === 6 && c.day >= 16) || (c.month === 11 && c.day >= 10 && c.day <= 25);
}

/** Weekday pattern (Mondays busiest), Spring Festival and National Day lulls. */
function dayFactor(dayNo: number): number {
  const c = civil(dayNo);
  let f = WEEKDAY_FACTOR[(((dayNo + 3) % 7) + 7) % 7];
  for (const y of [c.year, c.year + 1]) {
    const s = springFestival(y);
    if (s !== null && dayNo >= s - 2 && dayNo <= s + 6) f *= 0.5;
  }
  if (c.month === 10 && c.day <= 7) f *= 0.8;
  return f;
}

/** The 微博 spike week is the ISO week about two months before endDate (mid-window for windows under 4 months); the 四川 ramp covers the last 6 months. */
export function signalPlan(startDay: number, endDay: number): SignalPlan {
  const spikeDay = endDay - Math.min(60, Math.floor((endDay - startDay) / 2));
  const w = isoWeek(spikeDay);
  return {
    rampStartDay: Math.max(startDay, addMonths(endDay, -6) + 1),
    rampEndDay: endDay,
    rampFrom: 1,
    rampTo: 3,
    spikeWeekMonday: isoWeekMonday(w.year, w.week),
    spikeMultiplier: 4,
  };
}

export interface EngineStats {
  batchVisible: Int32Array; // complaints showing the batch code
  batchAll: Int32Array; // complaints tied to the batch, shown or not
  batchExcess: Int32Array; // excess complaints of defective batches
  batchExpectedNormal: Float64Array; // expected fault complaints at the model's normal rate (planted batches only)
  channelWeekly: Map<string, Int32Array>; // ISO week → counts by channel
  regionTypeMonthly: Map<string, { sichuan: number; other: number }>; // month → true-logistics counts
  causeCounts: Int32Array;
  typeShown: number;
  repeats: number;
  rows: number;
  scale: number; // complaints per unit of weight
}

export class ComplaintEngine {
  readonly opts: EngineOptions;
  readonly signals: SignalPlan;
  readonly rng: Rng;
  readonly batches: Batch[];
  readonly nDays: number;
  readonly counts: Int32Array;
  readonly stats: EngineStats;
  readonly extractAt: number;

  // Day weights by source: fault (Q), sales (S), 四川 logistics ramp (E), 微博 spike (X).
  private readonly dayQ: Float64Array;
  private readonly dayS: Float64Array;
  private readonly dayE: Float64Array;
  private readonly dayX: Float64Array;
  private readonly dayFactors: Float64Array;

  private readonly cumQ: Float64Array;
  private readonly cumS: Float64Array;
  // Per-batch constants of the weight formulas (units × rates), and the batch's category index.
  private readonly batchCat: Int32Array;
  private readonly batchDay: Int32Array; // production day numbers, ascending
  private readonly batchFault: Float64Array; // at the batch's multiplier
  private readonly batchFaultNormal: Float64Array; // at multiplier 1
  private readonly batchSales: Float64Array; // 0 for decoys that only get forced complaints
  // Per-day values used by every row of the day.
  private dayPromo = 0;
  private dayWeek = '';
  private dayMonth = '';
  private aliveLo = 0;
  private aliveHi = 0;

  private readonly faultTables: Weighted<number>[];
  private readonly salesTables: Weighted<number>[][]; // [category][promo 0/1]
  private readonly logisticsTables: Weighted<number>[][];
  private readonly promoScale: number[][]; // sales mix total relative to a normal day
  private readonly logisticsShare: number[][];
  private readonly channelTables: Record<TypeKey, Weighted<number>>;
  private readonly routingTables: Weighted<number>[];
  private readonly regionGeneral: Weighted<number>;
  private readonly regionSouth: Weighted<number>;
  private readonly regionLogistics: Weighted<number>;
  private readonly hourTables: Weighted<number>[];
  private readonly sichuanLogisticsShare: number;

  private readonly schedule: Scheduled[][];
  private nextCustomer = 0;
  private readonly repairRepeat = causeIndex('repair_repeat');
  private readonly runaround = causeIndex('service_runaround');
  private readonly escalation = new Weighted([...ESCALATION_CHANNELS], [0.5, 0.2, 0.15, 0.15]);

  constructor(opts: EngineOptions) {
    this.opts = opts;
    this.rng = new Rng(opts.seed, 'rows');
    this.batches = opts.catalogue.batches;
    this.signals = signalPlan(opts.startDay, opts.endDay);
    this.nDays = opts.endDay - opts.startDay + 1;
    if (this.nDays < 1) throw new Error('endDate must be after the start of the window');
    this.extractAt = (opts.endDay + 1) * SECONDS_PER_DAY - 1;

    this.faultTables = CATEGORIES.map((cat) => {
      const idx: number[] = [];
      const w: number[] = [];
      ROOT_CAUSES.forEach((c, i) => {
        if (c.group === 'fault' && (c.category === undefined || c.category === cat.key)) {
          idx.push(i);
          w.push(c.weight);
        }
      });
      return new Weighted(idx, w);
    });
    this.salesTables = [];
    this.logisticsTables = [];
    this.promoScale = [];
    this.logisticsShare = [];
    for (const cat of CATEGORIES) {
      const tables: Weighted<number>[] = [];
      const logi: Weighted<number>[] = [];
      const totals: number[] = [];
      const logiTotals: number[] = [];
      for (const promo of [false, true]) {
        const idx: number[] = [];
        const w: number[] = [];
        const li: number[] = [];
        const lw: number[] = [];
        ROOT_CAUSES.forEach((c, i) => {
          if (c.group !== 'sales') return;
          const weight =
            c.weight * (c.install ? cat.installWeight : 1) * (promo ? (c.promoBoost ?? 1) : 1);
          idx.push(i);
          w.push(weight);
          if (c.type === 'logistics') {
            li.push(i);
            lw.push(weight);
          }
        });
        tables.push(new Weighted(idx, w));
        logi.push(new Weighted(li, lw));
        totals.push(w.reduce((s, v) => s + v, 0));
        logiTotals.push(lw.reduce((s, v) => s + v, 0));
      }
      this.salesTables.push(tables);
      this.logisticsTables.push(logi);
      this.promoScale.push([1, totals[1] / totals[0]]);
      this.logisticsShare.push([logiTotals[0] / totals[0], logiTotals[1] / totals[0]]);
    }
    this.channelTables = Object.fromEntries(
      (
        ['quality', 'logistics', 'attitude', 'repair', 'price', 'contract', 'other'] as TypeKey[]
      ).map((t) => [t, channelTable(t)]),
    ) as Record<TypeKey, Weighted<number>>;
    this.routingTables = ROOT_CAUSES.map(routing);
    const provinces = PROVINCES.map((_, i) => i);
    this.regionGeneral = new Weighted(
      provinces,
      PROVINCES.map((p) => p.population),
    );
    this.regionSouth = new Weighted(
      provinces,
      PROVINCES.map((p) => p.population * (p.south ? 1.5 : 0.8)),
    );
    this.regionLogistics = new Weighted(
      provinces,
      PROVINCES.map((p) => p.population * (p.remote ? 2 : 1)),
    );
    this.sichuanLogisticsShare = this.regionLogistics.probability(PROVINCE_SICHUAN);
    this.hourTables = CHANNELS.map(
      (c) =>
        new Weighted(
          c.hours.map((_, h) => h),
          c.hours,
        ),
    );

    this.dayQ = new Float64Array(this.nDays);
    this.dayS = new Float64Array(this.nDays);
    this.dayE = new Float64Array(this.nDays);
    this.dayX = new Float64Array(this.nDays);
    this.dayFactors = new Float64Array(this.nDays);
    this.cumQ = new Float64Array(this.batches.length);
    this.cumS = new Float64Array(this.batches.length);
    this.batchCat = new Int32Array(this.batches.length);
    this.batchDay = new Int32Array(this.batches.map((b) => b.productionDay));
    this.batchFault = new Float64Array(this.batches.length);
    this.batchFaultNormal = new Float64Array(this.batches.length);
    this.batchSales = new Float64Array(this.batches.length);
    this.batches.forEach((b, j) => {
      const model = MODELS[b.model];
      const ci = CATEGORY_INDEX[model.category];
      const cat = CATEGORIES[ci];
      this.batchCat[j] = ci;
      this.batchFaultNormal[j] = b.units * cat.qualityRate * model.rateFactor;
      this.batchFault[j] = this.batchFaultNormal[j] * b.multiplier;
      this.batchSales[j] = b.multiplier === 0 ? 0 : b.units * cat.salesRate;
    });
    this.schedule = Array.from({ length: this.nDays + 1 }, () => []);
    this.stats = {
      batchVisible: new Int32Array(this.batches.length),
      batchAll: new Int32Array(this.batches.length),
      batchExcess: new Int32Array(this.batches.length),
      batchExpectedNormal: new Float64Array(this.batches.length),
      channelWeekly: new Map(),
      regionTypeMonthly: new Map(),
      causeCounts: new Int32Array(ROOT_CAUSES.length),
      typeShown: 0,
      repeats: 0,
      rows: 0,
      scale: 0,
    };
    this.counts = this.planDays();
    this.placeForced();
  }

  /** Pass 1: weights per day and source, then the exact multinomial split of the rows over the days. */
  private planDays(): Int32Array {
    const { fault, sales } = delayProfiles();
    const planted = Uint8Array.from(this.batches, (b) => (b.role === 'normal' ? 0 : 1));
    const plantedFault = new Float64Array(this.batches.length);
    let lo = 0;
    let hi = 0;
    let total = 0;
    for (let i = 0; i < this.nDays; i++) {
      const d = this.opts.startDay + i;
      while (hi < this.batches.length && this.batchDay[hi] <= d) hi++;
      while (lo < hi && this.batchDay[lo] < d - MAX_AGE_DAYS + 1) lo++;
      const month = civil(d).month - 1;
      const promo = isPromotionDay(d) ? 1 : 0;
      let q = 0;
      let s = 0;
      let logistics = 0;
      const factor = this.dayFactorCached(i, d);
      const season = this.seasonFactors(month);
      const scale = this.promoScale.map((p) => p[promo]);
      const logiShare = this.logisticsShare.map((p) => p[promo]);
      const batchDay = this.batchDay;
      const batchCat = this.batchCat;
      const batchFault = this.batchFault;
      const batchSales = this.batchSales;
      for (let j = lo; j < hi; j++) {
        const age = d - batchDay[j];
        const ci = batchCat[j];
        const h = fault[age] * season[ci];
        q += batchFault[j] * h;
        if (planted[j]) plantedFault[j] += this.batchFaultNormal[j] * h * factor;
        const sRaw = batchSales[j] * sales[age];
        s += sRaw * scale[ci];
        logistics += sRaw * logiShare[ci];
      }
      const ramp = this.rampMultiplier(d);
      const e = logistics * this.sichuanLogisticsShare * (ramp - 1);
      const x = this.inSpikeWeek(d)
        ? (q + s + e) * WEIBO_SHARE * (this.signals.spikeMultiplier - 1)
        : 0;
      this.dayQ[i] = q;
      this.dayS[i] = s;
      this.dayE[i] = e;
      this.dayX[i] = x;
      total += this.dayFactorCached(i, d) * (q + s + e + x);
    }
    const counts = new Int32Array(this.nDays);
    let remaining = this.opts.rows;
    let remainingWeight = total;
    const countRng = new Rng(this.opts.seed, 'day-counts');
    for (let i = 0; i < this.nDays; i++) {
      const w = this.dayFactors[i] * (this.dayQ[i] + this.dayS[i] + this.dayE[i] + this.dayX[i]);
      const k =
        i === this.nDays - 1 || remainingWeight <= 0
          ? remaining
          : countRng.binomial(remaining, Math.min(1, w / remainingWeight));
      counts[i] = k;
      remaining -= k;
      remainingWeight -= w;
    }
    this.stats.scale = total > 0 ? this.opts.rows / total : 0;
    for (let j = 0; j < this.batches.length; j++)
      if (planted[j]) this.stats.batchExpectedNormal[j] = plantedFault[j] * this.stats.scale;
    return counts;
  }

  private dayFactorCached(i: number, d: number): number {
    if (this.dayFactors[i] === 0) this.dayFactors[i] = dayFactor(d);
    return this.dayFactors[i];
  }

  rampMultiplier(d: number): number {
    const { rampStartDay, rampEndDay, rampFrom, rampTo } = this.signals;
    if (d < rampStartDay) return rampFrom;
    return (
      rampFrom +
      (rampTo - rampFrom) * Math.min(1, (d - rampStartDay) / Math.max(1, rampEndDay - rampStartDay))
    );
  }

  inSpikeWeek(d: number): boolean {
    return d >= this.signals.spikeWeekMonday && d < this.signals.spikeWeekMonday + 7;
  }

  private placeForced(): void {
    const frng = new Rng(this.opts.seed, 'forced');
    this.batches.forEach((b, j) => {
      for (const day of b.forcedDays) {
        const i = day - this.opts.startDay;
        if (i < 0 || i >= this.nDays) continue;
        const cat = CATEGORY_INDEX[MODELS[b.model].category];
        this.schedule[i].push({
          forced: true,
          batch: j,
          model: b.model,
          customer: this.nextCustomer++,
          region: this.regionGeneral.pick(frng),
          cause: this.faultTables[cat].pick(frng),
          channel: this.channelTables.quality.pick(frng),
          saleDay: Math.min(day - 1, b.productionDay + 2),
          repeatNo: 0,
          showBatch: true,
          defectExcess: false,
        });
      }
    });
  }

  /** Pass 2: the complaints of each day, sorted by receipt time. */
  *days(): Generator<ComplaintRecord[]> {
    for (let i = 0; i < this.nDays; i++) {
      const d = this.opts.startDay + i;
      this.buildSamplers(d);
      const k = this.counts[i];
      const due = this.schedule[i];
      this.schedule[i] = [];
      due.sort((a, b) => Number(b.forced) - Number(a.forced)); // forced first (stable for the rest)
      const taken = Math.min(k, due.length);
      if (taken < due.length) this.schedule[i + 1].unshift(...due.slice(taken)); // carry over, keep priority
      const records: ComplaintRecord[] = [];
      for (let n = 0; n < taken; n++) records.push(this.fromSchedule(due[n], d));
      const weights = [this.dayQ[i], this.dayS[i], this.dayE[i], this.dayX[i]];
      const sum = weights[0] + weights[1] + weights[2] + weights[3];
      for (let n = taken; n < k; n++) records.push(this.fresh(d, weights, sum));
      records.sort((a, b) => a.received - b.received);
      for (const r of records) this.count(r);
      yield records;
    }
  }

  private buildSamplers(d: number): void {
    const { fault, sales } = delayProfiles();
    while (this.aliveHi < this.batches.length && this.batchDay[this.aliveHi] <= d) this.aliveHi++;
    while (this.aliveLo < this.aliveHi && this.batchDay[this.aliveLo] < d - MAX_AGE_DAYS + 1)
      this.aliveLo++;
    const c = civil(d);
    const month = c.month - 1;
    const promo = isPromotionDay(d) ? 1 : 0;
    this.dayPromo = promo;
    this.dayWeek = isoWeekLabel(isoWeek(d));
    this.dayMonth = `${c.year}-${String(c.month).padStart(2, '0')}`;
    const season = this.seasonFactors(month);
    const scale = this.promoScale.map((p) => p[promo]);
    const { batchDay, batchCat, batchFault, batchSales, cumQ, cumS } = this;
    const lo = this.aliveLo;
    let q = 0;
    let s = 0;
    for (let j = lo; j < this.aliveHi; j++) {
      const age = d - batchDay[j];
      const ci = batchCat[j];
      q += batchFault[j] * fault[age] * season[ci];
      s += batchSales[j] * sales[age] * scale[ci];
      cumQ[j - lo] = q;
      cumS[j - lo] = s;
    }
  }

  private seasonFactors(month: number): Float64Array {
    return Float64Array.from(CATEGORIES, (cat) => cat.faultSeason[month]);
  }

  private pickBatch(cum: Float64Array): number {
    const n = this.aliveHi - this.aliveLo;
    if (n <= 0 || cum[n - 1] <= 0) return -1;
    return this.aliveLo + searchCumulative(cum, n, this.rng.next() * cum[n - 1]);
  }

  private fresh(d: number, w: number[], sum: number): ComplaintRecord {
    const rng = this.rng;
    let x = rng.next() * sum;
    let source = 0;
    while (source < 3 && x >= w[source]) {
      x -= w[source];
      source++;
    }
    let channel = -1;
    if (source === 3) {
      channel = CHANNEL_WEIBO;
      source = rng.next() * (w[0] + w[1]) < w[0] ? 0 : 1;
    }
    const promo = this.dayPromo;
    const fromFault = source === 0;
    let bi = this.pickBatch(fromFault ? this.cumQ : this.cumS);
    if (bi < 0) bi = this.pickBatch(fromFault ? this.cumS : this.cumQ);
    if (bi < 0) throw new Error(`no production batch can explain a complaint on day ${d}`);
    const b = this.batches[bi];
    const ci = CATEGORY_INDEX[MODELS[b.model].category];
    let cause: number;
    let defectExcess = false;
    if (fromFault) {
      if (b.role === 'defective' && rng.next() < (b.multiplier - 1) / b.multiplier) {
        cause = b.defectCause;
        defectExcess = true;
      } else cause = this.faultTables[ci].pick(rng);
    } else if (source === 2) cause = this.logisticsTables[ci][promo].pick(rng);
    else cause = this.salesTables[ci][promo].pick(rng);
    const rc = ROOT_CAUSES[cause];
    const age = d - b.productionDay;
    let saleDay: number;
    if (rc.group === 'fault')
      saleDay =
        b.productionDay +
        Math.min(age - 1, Math.round(3 + rng.exponential(16) + rng.exponential(16)));
    else saleDay = d - Math.min(age - 2, Math.round(rng.exponential(8)));
    saleDay = Math.max(b.productionDay + 1, Math.min(saleDay, d));
    const showProduct = rng.next() < rc.keepProduct;
    const showBatch = showProduct && rng.next() < rc.keepBatch;
    let region: number;
    if (source === 2) region = PROVINCE_SICHUAN;
    else if (rc.type === 'logistics') region = this.regionLogistics.pick(rng);
    else if (MODELS[b.model].category === 'ac' && rc.group === 'fault')
      region = this.regionSouth.pick(rng);
    else region = this.regionGeneral.pick(rng);
    if (channel < 0) channel = this.channelTables[rc.type].pick(rng);
    const rec = this.timeline(d, {
      forced: false,
      batch: bi,
      model: showProduct ? b.model : -1,
      customer: this.nextCustomer++,
      region,
      cause,
      channel,
      saleDay,
      repeatNo: 0,
      showBatch,
      defectExcess,
    });
    this.maybeRepeat(rec, d, bi);
    return rec;
  }

  private fromSchedule(s: Scheduled, d: number): ComplaintRecord {
    if (s.forced) return this.timeline(d, s);
    const rng = this.rng;
    let cause = s.cause;
    let defectExcess = s.defectExcess;
    if (rng.next() >= 0.65) {
      cause = ROOT_CAUSES[s.cause].group === 'fault' ? this.repairRepeat : this.runaround;
      defectExcess = false;
    }
    const channel = rng.next() < 0.5 ? s.channel : this.escalation.pick(rng);
    const rec = this.timeline(d, { ...s, cause, channel, defectExcess });
    this.stats.repeats++;
    this.maybeRepeat(rec, d, s.batch);
    return rec;
  }

  private maybeRepeat(rec: ComplaintRecord, d: number, batch: number): void {
    const rng = this.rng;
    if (rng.next() >= (rec.repeatNo === 0 ? REPEAT_FIRST : REPEAT_AGAIN)) return;
    const day = d + rng.between(2, 30);
    const i = day - this.opts.startDay;
    if (i >= this.nDays) return;
    this.schedule[i].push({
      forced: false,
      batch,
      model: rec.model,
      customer: rec.customer,
      region: rec.region,
      cause: rec.cause,
      channel: rec.channel,
      saleDay: rec.saleDay,
      repeatNo: rec.repeatNo + 1,
      showBatch: rec.showBatch,
      defectExcess: rec.defectExcess,
    });
  }

  /** Receipt time, routing and the handling timeline up to the extract time (end of endDate). */
  private timeline(d: number, s: Scheduled): ComplaintRecord {
    const rng = this.rng;
    const rc = ROOT_CAUSES[s.cause];
    const ch = CHANNELS[s.channel];
    const received =
      d * SECONDS_PER_DAY + this.hourTables[s.channel].pick(rng) * 3600 + rng.int(3600);
    const typeShown = rng.next() >= ch.untypedShare;
    let dept = this.routingTables[s.cause].pick(rng);
    let dispatch = 1;
    if (rng.next() < (rc.group === 'fault' ? 0.32 : 0.2)) {
      const u = rng.next();
      dispatch = u < 0.6 ? 2 : u < 0.88 ? 3 : 4;
    }
    const responseTail = rng.next() < 0.07 ? rng.uniform(3, 10) : 1;
    let firstResponse = withinHours(
      received + Math.max(60, rng.logNormal(ch.responseHours, 0.9) * 3600 * responseTail),
      ch.staffed[0],
      ch.staffed[1],
      rng,
    );
    const stuck = rng.next() < 0.015 ? rng.uniform(15, 40) : 1;
    const resolveDays =
      rng.logNormal(rc.resolveDays, 0.75) *
      (1 + 0.45 * (dispatch - 1)) *
      (s.defectExcess ? 1.3 : 1) *
      stuck;
    let resolved = withinHours(
      Math.max(received + resolveDays * SECONDS_PER_DAY, firstResponse + 600 + rng.int(3600)),
      8,
      20,
      rng,
    );
    let closed =
      resolved +
      (rng.next() < 0.2
        ? rng.uniform(60, 7200)
        : withinHours(rng.logNormal(1.5, 0.8) * SECONDS_PER_DAY + resolved, 9, 19, rng) - resolved);
    const T = this.extractAt;
    let status: StatusKey;
    if (closed <= T) status = 'closed';
    else if (resolved <= T) status = 'resolved';
    else if (firstResponse <= T) status = 'inProgress';
    else status = 'pending';
    if (status !== 'closed') closed = Number.NaN;
    if (status === 'inProgress' || status === 'pending') resolved = Number.NaN;
    if (status === 'pending') {
      firstResponse = Number.NaN;
      dispatch = 0;
      if (rng.next() < 0.5) dept = -1;
    }
    const done = status === 'closed' || status === 'resolved';
    const denied = done && rc.type === 'quality' && !s.defectExcess && rng.next() < 0.08;
    let compensation = 0;
    let refund = false;
    const comp = rc.compensation;
    if (done && !denied && comp.p > 0 && rng.next() < comp.p * (s.defectExcess ? 1.5 : 1)) {
      if (comp.refund && rng.next() < comp.refund && s.model >= 0) {
        compensation = MODELS[s.model].price;
        refund = true;
      } else if (comp.max > 0)
        compensation = Math.round(rng.uniform(comp.min, comp.max) / comp.step) * comp.step;
    }
    let satisfaction = 0;
    if ((status === 'closed' && rng.next() < 0.62) || (status === 'resolved' && rng.next() < 0.1)) {
      const daysTaken = (resolved - received) / SECONDS_PER_DAY;
      let score = 4.25 - 0.35 * (dispatch - 1) - Math.min(1.5, 0.12 * Math.max(0, daysTaken - 3));
      if (rc.type === 'attitude') score -= 0.5;
      if (denied) score -= 1.2;
      if (s.defectExcess) score -= 0.4;
      if (compensation > 0) score += 0.3;
      if (s.repeatNo > 0) score -= 0.6;
      score += 0.85 * rng.normal();
      satisfaction = Math.min(5, Math.max(1, Math.round(score)));
    }
    let updated: number;
    if (status === 'closed')
      updated =
        closed + (rng.next() < 0.03 ? rng.uniform(0, 30 * SECONDS_PER_DAY) : rng.uniform(0, 600));
    else if (status === 'resolved') updated = resolved + rng.uniform(0, 1800);
    else if (status === 'inProgress')
      updated = firstResponse + rng.exponential(2 * SECONDS_PER_DAY);
    else updated = received + rng.uniform(0, 300);
    updated = Math.min(T, updated);
    return {
      received,
      channel: s.channel,
      customer: s.customer,
      model: s.model,
      batch: s.model >= 0 ? s.batch : -1,
      showBatch: s.model >= 0 && s.showBatch,
      region: s.region,
      cause: s.cause,
      typeShown,
      dept,
      dispatch,
      firstResponse,
      resolved,
      closed,
      status,
      compensation,
      satisfaction,
      updated,
      slash: rng.next() < SLASH_SHARE,
      repeatNo: s.repeatNo,
      saleDay: s.saleDay,
      denied,
      refund,
      defectExcess: s.defectExcess,
    };
  }

  private count(r: ComplaintRecord): void {
    const st = this.stats;
    st.rows++;
    if (r.batch >= 0) {
      st.batchAll[r.batch]++;
      if (r.showBatch) st.batchVisible[r.batch]++;
      if (r.defectExcess) st.batchExcess[r.batch]++;
    }
    st.causeCounts[r.cause]++;
    if (r.typeShown) st.typeShown++;
    let wk = st.channelWeekly.get(this.dayWeek);
    if (!wk) st.channelWeekly.set(this.dayWeek, (wk = new Int32Array(CHANNELS.length)));
    wk[r.channel]++;
    if (ROOT_CAUSES[r.cause].type === 'logistics') {
      let m = st.regionTypeMonthly.get(this.dayMonth);
      if (!m) st.regionTypeMonthly.set(this.dayMonth, (m = { sichuan: 0, other: 0 }));
      if (r.region === PROVINCE_SICHUAN) m.sichuan++;
      else m.other++;
    }
  }
}
