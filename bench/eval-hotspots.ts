// `npm run eval:hotspots`: how well the batch hot-spot models find planted defective batches.
//
// A lightweight planted-signal generator (faster and more controllable than the sample generator)
// writes, per seed, the int_complaints_enriched columns the hot-spot models read, a volumes table
// and simulated root-cause clusters; the real model SQL (sql/intermediate/int_batch_*,
// sql/marts/mart_batch_hotspots) is built on it and its flags are compared with the truth. The
// models never see the truth: it stays in this process.
//
// Per seed: 16 products in 5 categories, weekly batches over 36 months (24 months of complaints,
// production from 12 months earlier), quality complaints per unit following the sample
// generator's fault delay profile (sample-data/generator/delays.ts) with a gamma batch-to-batch random
// effect (CV 15 %) and summer seasonality for one category, plus sales complaints; 10 planted
// defective batches with rate ratios 1.5–6 and sizes 0.3–2.5× (the excess is one root cause), and
// the three decoys of the sample (a normal batch 8× the usual size, a 40-unit batch with 2
// complaints, a batch 5–13 days old with 2 complaints). Clusters are simulated at 85 % accuracy.
// Lead time: a simulated quality team opens a containment action a week after a defective batch's
// 10th defect complaint; the action goes in through the actions table and the mart's
// lead_time_days (action date − first_flagged_on) says how much earlier the model warned.
//
// Null scenarios (bench/hotspot-nulls.ts: no defect, realistic structure, no volumes file) report
// the share of batches flagged, beside the planted recall.
//
// Usage: node bench/eval-hotspots.ts [--seeds 20] [--first-seed 1] [--modes units,batch,units-nocluster]
//        [--null-seeds 3] [--json out.json] [--quiet]   (--modes '' --null-seeds N: nulls only)
import { delayProfiles } from '../sample-data/generator/delays.ts';
import { Rng } from '../sample-data/generator/prng.ts';
import type { Db } from '../pipeline/db.ts';
import { gammaDraw, pickWeighted } from './sim-random.ts';
import { generateNullSeed, NULL_SCENARIOS } from './hotspot-nulls.ts';
import {
  BATCH_MODELS,
  buildModels,
  loadClusters,
  loadActionRows,
  loadComplaints,
  loadVolumes,
  openHotspotDb,
  type EnrichedRow,
  type VolumeRow,
} from '../tests/helpers/hotspotWarehouse.ts';

// ---------------------------------------------------------------------------------------------
// Generator

const DAY_MS = 86_400_000;
const DATA_START = Date.UTC(2024, 0, 1) / DAY_MS;
const DATA_END = Date.UTC(2025, 11, 31) / DAY_MS;
const PRODUCTION_START = Date.UTC(2023, 0, 2) / DAY_MS;

function iso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

interface CategorySpec {
  name: string;
  causes: string[];
  weights: number[];
  season?: number[];
}

const CATEGORIES: CategorySpec[] = [
  {
    name: '冰箱',
    causes: ['压缩机 · 噪音', '不制冷', '冷藏室漏水', '门封结霜'],
    weights: [3, 3.5, 2.5, 1.5],
  },
  {
    name: '洗衣机',
    causes: ['脱水震动', '进水阀漏水', '不排水', '门锁故障'],
    weights: [3.5, 2, 2.5, 1.5],
  },
  {
    name: '空调',
    causes: ['制冷差缺氟', '外机噪音', '室内机滴水', '制热差'],
    weights: [4, 2, 2.5, 1.5],
    season: [0.8, 0.75, 0.7, 0.8, 1.1, 1.55, 1.7, 1.6, 1.1, 0.8, 0.8, 0.85],
  },
  {
    name: '热水器',
    causes: ['不加热', '漏电跳闸', '内胆漏水', '温控失灵'],
    weights: [3.5, 1.5, 2, 2],
  },
  {
    name: '燃气灶',
    causes: ['打不着火', '燃气泄漏气味', '熄火保护异常', '玻璃面板爆裂'],
    weights: [4, 1.5, 2, 1],
  },
];

const SALES_CATEGORIES = ['物流运输', '价格', '服务态度', '合同/购销', '售后维修'];
const SALES_WEIGHTS = [5, 2, 2, 1.5, 2];
const REGIONS = [
  '广东',
  '江苏',
  '浙江',
  '山东',
  '河南',
  '四川',
  '湖北',
  '湖南',
  '河北',
  '福建',
  '上海',
  '北京',
];
const REGION_WEIGHTS = [12, 9, 8, 8, 7, 7, 6, 6, 5, 5, 4, 4];

/** Lifetime quality (fault) complaints per unit at rate factor 1, and sales complaints that keep the batch. */
const QUALITY_RATE = 0.004;
const SALES_RATE = 0.0015;
const RANDOM_EFFECT_CV = 0.15;
const CLUSTER_ACCURACY = 0.85;
/** Defect complaints after which the simulated quality team acts (a week later) without the model. */
const ACTION_TRIGGER = 10;

export type Role = 'normal' | 'defective' | 'large' | 'tiny' | 'young';

export interface TruthBatch {
  product: string;
  batch: string;
  productionDay: number;
  units: number;
  role: Role;
  multiplier: number;
  /** Batch-to-batch random effect on the normal complaint rate (mean 1). */
  randomEffect: number;
  /** Expected in-window quality complaints at the normal rate, and the planted excess. */
  expectedNormal: number;
  expectedExcess: number;
  /** Excess complaints actually generated (the planted.json sense of "excess complaints"). */
  excessComplaints: number;
  observedQuality: number;
  /** Defective batches: the day the simulated team opened its containment action, if it did. */
  actionDay?: number;
}

export interface GeneratedSeed {
  complaints: EnrichedRow[];
  volumes: VolumeRow[];
  clusters: { complaint_id: string; cluster_id: string; cluster_label: string }[];
  truth: TruthBatch[];
}

/** Planted defects: rate ratio × size factor × age at data end (days), cycling through the plan. */
const DEFECT_RATIOS = [1.5, 2, 3, 3, 4, 4, 6, 3, 2.5, 5];
const DEFECT_SIZES = [1, 0.3, 1, 2.5, 0.5, 1, 0.3, 0.6, 2, 1];

export function generateSeed(seed: number): GeneratedSeed {
  const rng = new Rng(seed, 'eval-hotspots');
  const { fault, sales } = delayProfiles();
  const complaints: EnrichedRow[] = [];
  const clusters: GeneratedSeed['clusters'] = [];
  const volumes: VolumeRow[] = [];
  const truth: TruthBatch[] = [];
  let nextId = 0;

  interface Product {
    code: string;
    category: number;
    weeklyUnits: number;
    rateFactor: number;
  }
  const products: Product[] = [];
  CATEGORIES.forEach((_, c) => {
    const n = c < 1 ? 4 : 3;
    for (let i = 0; i < n; i++) {
      products.push({
        code: `P${c}${i}-${seed}`,
        category: c,
        weeklyUnits: Math.round(rng.uniform(600, 2400)),
        rateFactor: rng.uniform(0.8, 1.2),
      });
    }
  });

  interface PlannedBatch extends TruthBatch {
    category: number;
    rateFactor: number;
    randomEffect: number;
    defectCause: number;
    forced: number[];
    region: number;
  }
  const batches: PlannedBatch[] = [];
  for (const p of products) {
    for (let day = PRODUCTION_START + rng.between(0, 3); day <= DATA_END; day += 7) {
      const units = Math.max(10, Math.round((p.weeklyUnits * rng.logNormal(1, 0.22)) / 10) * 10);
      const re =
        RANDOM_EFFECT_CV > 0
          ? gammaDraw(rng, 1 / (RANDOM_EFFECT_CV * RANDOM_EFFECT_CV)) *
            RANDOM_EFFECT_CV *
            RANDOM_EFFECT_CV
          : 1;
      batches.push({
        product: p.code,
        batch: `B${iso(day).replaceAll('-', '')}-${p.code}`,
        productionDay: day,
        units,
        role: 'normal',
        multiplier: 1,
        expectedNormal: 0,
        expectedExcess: 0,
        excessComplaints: 0,
        observedQuality: 0,
        category: p.category,
        rateFactor: p.rateFactor,
        randomEffect: re,
        defectCause: -1,
        forced: [],
        region: -1,
      });
    }
  }

  // Planted signals on distinct products' normal batches.
  const used = new Set<PlannedBatch>();
  const pickBatch = (product: string, ageAtEnd: number): PlannedBatch => {
    let best: PlannedBatch | null = null;
    for (const b of batches) {
      if (b.product !== product || used.has(b)) continue;
      if (
        !best ||
        Math.abs(DATA_END - b.productionDay - ageAtEnd) <
          Math.abs(DATA_END - best.productionDay - ageAtEnd)
      )
        best = b;
    }
    used.add(best!);
    return best!;
  };
  const order = products.map((_, i) => i).sort(() => rng.next() - 0.5);
  DEFECT_RATIOS.forEach((ratio, i) => {
    const p = products[order[i % order.length]];
    const b = pickBatch(p.code, rng.between(60, 640));
    b.role = 'defective';
    b.multiplier = ratio;
    b.units = Math.max(50, Math.round((b.units * DEFECT_SIZES[i]) / 10) * 10);
    b.defectCause = pickWeighted(rng, CATEGORIES[p.category].weights);
    b.region = rng.chance(0.5) ? pickWeighted(rng, REGION_WEIGHTS) : -1; // half are shipped mostly to one region
  });
  const large = pickBatch(products[order[10 % order.length]].code, rng.between(200, 500));
  large.role = 'large';
  large.units =
    Math.round((products.find((p) => p.code === large.product)!.weeklyUnits * 8) / 10) * 10;
  const tiny = pickBatch(products[order[11 % order.length]].code, rng.between(150, 400));
  tiny.role = 'tiny';
  tiny.units = rng.between(3, 5) * 10;
  tiny.multiplier = 0;
  for (let i = 0; i < 2; i++)
    tiny.forced.push(Math.min(DATA_END, tiny.productionDay + rng.between(45, 240)));
  const young = pickBatch(products[order[12 % order.length]].code, rng.between(5, 13));
  young.role = 'young';
  young.multiplier = 0;
  for (let i = 0; i < 2; i++)
    young.forced.push(young.productionDay + rng.between(2, DATA_END - young.productionDay));

  const addComplaint = (
    b: PlannedBatch,
    day: number,
    category: string,
    cause: number,
    region: number,
  ) => {
    const id = `S${seed}-${nextId++}`;
    complaints.push({
      complaint_id: id,
      received_date: iso(day),
      product: b.product,
      product_category: CATEGORIES[b.category].name,
      batch: b.batch,
      production_date: iso(b.productionDay),
      region: REGIONS[region],
      category,
    });
    if (cause >= 0) {
      const spec = CATEGORIES[b.category];
      const shown = rng.chance(CLUSTER_ACCURACY) ? cause : pickWeighted(rng, spec.weights);
      clusters.push({
        complaint_id: id,
        cluster_id: `${b.category}-${shown}`,
        cluster_label: spec.causes[shown],
      });
    } else {
      clusters.push({ complaint_id: id, cluster_id: `sales-${category}`, cluster_label: category });
    }
    if (category === '产品质量') b.observedQuality++;
  };

  for (const b of batches) {
    volumes.push({
      product: b.product,
      batch: b.batch,
      production_date: iso(b.productionDay),
      units: b.units,
    });
    const spec = CATEGORIES[b.category];
    const first = Math.max(b.productionDay, DATA_START);
    for (let day = first; day <= DATA_END; day++) {
      const age = day - b.productionDay;
      const month = new Date(day * DAY_MS).getUTCMonth();
      const season = spec.season ? spec.season[month] : 1;
      const base =
        b.multiplier === 0 ? 0 : b.units * QUALITY_RATE * b.rateFactor * (fault[age] ?? 0) * season;
      b.expectedNormal += base;
      // The random effect varies the normal complaints; a defect adds (multiplier − 1) × the
      // normal expectation on top, so the planted rate ratio is the ratio the batch really has.
      const lambda = base * b.randomEffect;
      const normal = rng.poisson(lambda);
      for (let k = 0; k < normal; k++) {
        addComplaint(
          b,
          day,
          '产品质量',
          pickWeighted(rng, spec.weights),
          pickWeighted(rng, REGION_WEIGHTS),
        );
      }
      if (b.role === 'defective') {
        const excessMean = base * (b.multiplier - 1);
        b.expectedExcess += base * (b.multiplier - 1);
        const excess = rng.poisson(excessMean);
        b.excessComplaints += excess;
        // The team's own trigger: a containment a week after the 10th defect complaint.
        if (b.actionDay === undefined && b.excessComplaints >= ACTION_TRIGGER)
          b.actionDay = day + 7;
        for (let k = 0; k < excess; k++) {
          const region =
            b.region >= 0 && rng.chance(0.7) ? b.region : pickWeighted(rng, REGION_WEIGHTS);
          addComplaint(b, day, '产品质量', b.defectCause, region);
        }
      }
      const salesLambda = b.multiplier === 0 ? 0 : b.units * SALES_RATE * (sales[age] ?? 0);
      const s = rng.poisson(salesLambda);
      for (let k = 0; k < s; k++) {
        addComplaint(
          b,
          day,
          SALES_CATEGORIES[pickWeighted(rng, SALES_WEIGHTS)],
          -1,
          pickWeighted(rng, REGION_WEIGHTS),
        );
      }
    }
    for (const day of b.forced)
      addComplaint(
        b,
        day,
        '产品质量',
        pickWeighted(rng, spec.weights),
        pickWeighted(rng, REGION_WEIGHTS),
      );
    truth.push({
      product: b.product,
      batch: b.batch,
      productionDay: b.productionDay,
      units: b.units,
      role: b.role,
      multiplier: b.multiplier,
      randomEffect: b.randomEffect,
      expectedNormal: b.expectedNormal,
      expectedExcess: b.expectedExcess,
      excessComplaints: b.excessComplaints,
      observedQuality: b.observedQuality,
      actionDay: b.actionDay,
    });
  }
  return { complaints, volumes, clusters, truth };
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export type Mode = 'units' | 'batch' | 'units-nocluster';

export interface BatchResult {
  seed: number;
  mode: Mode;
  product: string;
  batch: string;
  role: Role;
  multiplier: number;
  expectedExcess: number;
  excessComplaints: number;
  tested: boolean;
  /** The rate test's baseline (a code): 'product', or the fallback's 'product_line' / 'all_products'. */
  rateBaselineLevel: string | null;
  flagged: boolean;
  /** The flag's routes as codes, "rate + cause_rate" (mart_batch_hotspots.flag_basis is a list). */
  flagBasis: string | null;
  daysToFirstFlag: number | null;
  /** Days from first_flagged_on to the simulated team's action (positive: the model was earlier). */
  leadTimeDays: number | null;
}

export async function evaluateSeed(
  seed: number,
  mode: Mode,
  data: GeneratedSeed,
): Promise<{ results: BatchResult[]; ms: number }> {
  const db = await openHotspotDb({ as_of: `${iso(DATA_END)} 23:59:59` });
  try {
    await loadComplaints(db, data.complaints);
    if (mode !== 'batch') await loadVolumes(db, data.volumes);
    // the simulated team's actions go in through the --actions table, as a user's would
    await loadActionRows(
      db,
      data.truth
        .filter((t) => t.actionDay !== undefined && t.actionDay <= DATA_END)
        .map((t) => ({
          product: t.product,
          batch: t.batch,
          action_type: 'containment',
          opened_on: iso(t.actionDay!),
        })),
    );
    const skip: string[] = [];
    if (mode !== 'units-nocluster') {
      await loadClusters(db, data.clusters);
      skip.push('int_batch_complaint_clusters');
    }
    const started = performance.now();
    await buildModels(db, BATCH_MODELS, skip);
    const ms = performance.now() - started;
    const rows = await flaggedRows(db);
    const byKey = new Map(rows.map((r) => [`${r.product}\u0000${r.batch}`, r]));
    const results = data.truth.map((t): BatchResult => {
      const r = byKey.get(`${t.product}\u0000${t.batch}`);
      return {
        seed,
        mode,
        product: t.product,
        batch: t.batch,
        role: t.role,
        multiplier: t.multiplier,
        expectedExcess: t.expectedExcess,
        excessComplaints: t.excessComplaints,
        tested: r?.is_tested === true,
        rateBaselineLevel: r?.rate_baseline_level ?? null,
        flagged: r?.is_hotspot === true,
        flagBasis: (r?.flag_basis as string | null) ?? null,
        daysToFirstFlag: r?.first_flagged_on
          ? Math.round(Date.parse(String(r.first_flagged_on)) / DAY_MS) - t.productionDay
          : null,
        leadTimeDays:
          r?.lead_time_days === null || r?.lead_time_days === undefined
            ? null
            : Number(r.lead_time_days),
      };
    });
    return { results, ms };
  } finally {
    db.close();
  }
}

async function flaggedRows(db: Db) {
  return db.all<{
    product: string;
    batch: string;
    is_tested: boolean;
    rate_baseline_level: string | null;
    is_hotspot: boolean;
    flag_basis: string | null;
    first_flagged_on: string | null;
    lead_time_days: number | null;
  }>(
    `select product, batch, is_tested, rate_baseline_level, is_hotspot,
            array_to_string(flag_basis, ' + ') as flag_basis, first_flagged_on, lead_time_days
     from mart_batch_hotspots`,
  );
}

/** Per seed: found / planted over the batches `inStratum` selects (seeds with none are left out). */
function recallPerSeed(results: BatchResult[], inStratum: (r: BatchResult) => boolean): number[] {
  const bySeed = new Map<number, BatchResult[]>();
  for (const r of results.filter(inStratum)) bySeed.set(r.seed, [...(bySeed.get(r.seed) ?? []), r]);
  return [...bySeed.values()].map((g) => g.filter((r) => r.flagged).length / g.length);
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface ModeSummary {
  mode: Mode;
  seeds: number;
  batches: number;
  tested: number;
  planted: number;
  /** Planted with rate ratio ≥ 3 and ≥ 10 excess complaints actually generated (the target stratum). */
  strongPlanted: number;
  strongRecall: number;
  /** The same recall per seed (seeds with at least one such batch): mean and worst seed. */
  strongRecallMean: number;
  strongRecallMin: number;
  /** The same with ≥ 10 expected excess complaints (draws below expectation included). */
  strongExpectedPlanted: number;
  strongExpectedRecall: number;
  recallAll: number;
  precision: number;
  falseFlags: number;
  falsePer1000: number;
  medianDaysToFlag: number | null;
  /** Flagged planted batches whose simulated team acted: median lead time and how many were earlier. */
  leadTimes: number;
  medianLeadTime: number | null;
  earlierThanTeam: number;
  largeFlagged: number;
  tinyFlagged: number;
  youngFlagged: number;
  recallByRatio: Record<string, string>;
  /** Recall for planted RR ≥ 3 by excess complaints actually generated. */
  recallByExcess: Record<string, string>;
  msPerSeed: number;
}

export function summarise(mode: Mode, results: BatchResult[], ms: number[]): ModeSummary {
  const planted = results.filter((r) => r.role === 'defective');
  const isStrong = (r: BatchResult) =>
    r.role === 'defective' && r.multiplier >= 3 && r.excessComplaints >= 10;
  const strong = planted.filter(isStrong);
  const strongBySeed = recallPerSeed(results, isStrong);
  const strongExpected = planted.filter((r) => r.multiplier >= 3 && r.expectedExcess >= 10);
  const flagged = results.filter((r) => r.flagged);
  const trueFlags = flagged.filter((r) => r.role === 'defective');
  const falseFlags = flagged.filter((r) => r.role !== 'defective');
  const byRatio: Record<string, string> = {};
  for (const ratio of [...new Set(planted.map((r) => r.multiplier))].sort((a, b) => a - b)) {
    const g = planted.filter((r) => r.multiplier === ratio);
    byRatio[String(ratio)] = `${g.filter((r) => r.flagged).length}/${g.length}`;
  }
  const bands: [string, number, number][] = [
    ['0–4', 0, 4],
    ['5–9', 5, 9],
    ['10–14', 10, 14],
    ['15–19', 15, 19],
    ['20–29', 20, 29],
    ['≥ 30', 30, Infinity],
  ];
  const byExcess: Record<string, string> = {};
  for (const [label, lo, hi] of bands) {
    const g = planted.filter(
      (r) => r.multiplier >= 3 && r.excessComplaints >= lo && r.excessComplaints <= hi,
    );
    byExcess[label] = `${g.filter((r) => r.flagged).length}/${g.length}`;
  }
  return {
    mode,
    seeds: new Set(results.map((r) => r.seed)).size,
    batches: results.length,
    tested: results.filter((r) => r.tested).length,
    planted: planted.length,
    strongPlanted: strong.length,
    strongRecall: strong.length ? strong.filter((r) => r.flagged).length / strong.length : NaN,
    strongRecallMean: mean(strongBySeed),
    strongRecallMin: strongBySeed.length ? Math.min(...strongBySeed) : NaN,
    strongExpectedPlanted: strongExpected.length,
    strongExpectedRecall: strongExpected.length
      ? strongExpected.filter((r) => r.flagged).length / strongExpected.length
      : NaN,
    recallAll: planted.length ? trueFlags.length / planted.length : NaN,
    precision: flagged.length ? trueFlags.length / flagged.length : NaN,
    falseFlags: falseFlags.length,
    falsePer1000:
      (falseFlags.length /
        Math.max(1, results.filter((r) => r.tested && r.role !== 'defective').length)) *
      1000,
    medianDaysToFlag: median(
      trueFlags.map((r) => r.daysToFirstFlag).filter((d): d is number => d !== null),
    ),
    leadTimes: trueFlags.filter((r) => r.leadTimeDays !== null).length,
    medianLeadTime: median(
      trueFlags.map((r) => r.leadTimeDays).filter((d): d is number => d !== null),
    ),
    earlierThanTeam: trueFlags.filter((r) => r.leadTimeDays !== null && r.leadTimeDays > 0).length,
    largeFlagged: results.filter((r) => r.role === 'large' && r.flagged).length,
    tinyFlagged: results.filter((r) => r.role === 'tiny' && r.flagged).length,
    youngFlagged: results.filter((r) => r.role === 'young' && r.flagged).length,
    recallByRatio: byRatio,
    recallByExcess: byExcess,
    msPerSeed: ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length),
  };
}

const MODE_LABEL: Record<Mode, string> = {
  units: 'volumes + clusters',
  batch: 'no volumes + clusters',
  'units-nocluster': 'volumes, no clusters',
};

export function formatTable(summaries: ModeSummary[]): string {
  const f = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '–');
  const frac = (x: number, n: number) => `${f(x)} (${Math.round(x * n)}/${n})`;
  const lines = [
    '| mode | seeds | batches (tested) | recall: RR ≥ 3, ≥ 10 excess complaints | per seed: mean / min | recall: RR ≥ 3, ≥ 10 expected excess | recall: all planted | precision | false hot spots / 1,000 batches | median days production → first flag | lead time vs the team (median days; earlier / with action) | decoys flagged: large / tiny / young |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of summaries) {
    lines.push(
      `| ${MODE_LABEL[s.mode]} | ${s.seeds} | ${s.batches} (${s.tested}) | ${frac(s.strongRecall, s.strongPlanted)} | ${f(s.strongRecallMean)} / ${f(s.strongRecallMin)} | ${frac(s.strongExpectedRecall, s.strongExpectedPlanted)} | ${f(s.recallAll)} | ${f(s.precision)} | ${f(s.falsePer1000, 2)} (${s.falseFlags}) | ${s.medianDaysToFlag ?? '–'} | ${s.medianLeadTime ?? '–'}; ${s.earlierThanTeam} / ${s.leadTimes} | ${s.largeFlagged} / ${s.tinyFlagged} / ${s.youngFlagged} of ${s.seeds} |`,
    );
  }
  const ratios = [...new Set(summaries.flatMap((s) => Object.keys(s.recallByRatio)))].sort(
    (a, b) => Number(a) - Number(b),
  );
  lines.push(
    '',
    `| recall by planted rate ratio | ${ratios.map((r) => `${r}×`).join(' | ')} | build s / seed |`,
  );
  lines.push(`|---|${ratios.map(() => '---:').join('|')}|---:|`);
  for (const s of summaries) {
    lines.push(
      `| ${MODE_LABEL[s.mode]} | ${ratios.map((r) => s.recallByRatio[r] ?? '–').join(' | ')} | ${f(s.msPerSeed / 1000, 1)} |`,
    );
  }
  const bands = Object.keys(summaries[0]?.recallByExcess ?? {});
  lines.push('', `| recall for planted RR ≥ 3, by excess complaints | ${bands.join(' | ')} |`);
  lines.push(`|---|${bands.map(() => '---:').join('|')}|`);
  for (const s of summaries) {
    lines.push(`| ${MODE_LABEL[s.mode]} | ${bands.map((b) => s.recallByExcess[b]).join(' | ')} |`);
  }
  return lines.join('\n');
}

export interface NullSummary {
  scenario: string;
  seeds: number;
  batches: number;
  tested: number;
  flagged: number;
  /** Share of all batches flagged as a (defect) hot spot: every flag is false here. */
  flagShare: number;
  /** The share per seed: mean and worst seed. */
  flagShareMean: number;
  flagShareMax: number;
  byBasis: Record<string, number>;
  /** Rate-tested batches and flagged batches by the rate test's baseline level. */
  testedByLevel: Record<string, number>;
  flaggedByLevel: Record<string, number>;
}

export async function evaluateNulls(
  seeds: number,
  firstSeed: number,
  quiet: boolean,
): Promise<NullSummary[]> {
  const out: NullSummary[] = [];
  for (const scenario of NULL_SCENARIOS) {
    const results: BatchResult[] = [];
    const shares: number[] = [];
    for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
      const data = generateNullSeed(seed, scenario);
      const r = await evaluateSeed(seed, 'batch', data);
      results.push(...r.results);
      shares.push(r.results.filter((x) => x.flagged).length / Math.max(1, r.results.length));
      if (!quiet) {
        process.stderr.write(
          `${scenario.name} seed ${seed}: ${data.complaints.length} complaints, ${r.results.length} batches, ` +
            `${r.results.filter((x) => x.flagged).length} flagged, ${(r.ms / 1000).toFixed(1)} s\n`,
        );
      }
    }
    const flagged = results.filter((r) => r.flagged);
    const byBasis: Record<string, number> = {};
    for (const r of flagged) byBasis[r.flagBasis ?? '?'] = (byBasis[r.flagBasis ?? '?'] ?? 0) + 1;
    const countBy = (rows: BatchResult[]) => {
      const out: Record<string, number> = {};
      for (const r of rows) {
        const level = r.rateBaselineLevel ?? 'untested';
        out[level] = (out[level] ?? 0) + 1;
      }
      return out;
    };
    out.push({
      scenario: scenario.name,
      seeds,
      batches: results.length,
      tested: results.filter((r) => r.tested).length,
      flagged: flagged.length,
      flagShare: results.length ? flagged.length / results.length : NaN,
      flagShareMean: mean(shares),
      flagShareMax: shares.length ? Math.max(...shares) : NaN,
      byBasis,
      testedByLevel: countBy(results),
      flaggedByLevel: countBy(flagged),
    });
  }
  return out;
}

export function formatNullTable(nulls: NullSummary[], planted: ModeSummary[]): string {
  const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : '–');
  const lines = [
    '| scenario (no volumes file, clusters as causes) | seeds | batches (tested) | flagged | share of batches flagged | per seed: mean / max | flags by basis | rate baseline: batches (flagged) |',
    '|---|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const n of nulls) {
    const basis = Object.entries(n.byBasis)
      .map(([b, k]) => `${b}: ${k}`)
      .join(', ');
    const levels = Object.entries(n.testedByLevel)
      .map(([l, k]) => `${l} ${k} (${n.flaggedByLevel[l] ?? 0})`)
      .join(', ');
    lines.push(
      `| ${n.scenario} | ${n.seeds} | ${n.batches} (${n.tested}) | ${n.flagged} | ${pct(n.flagShare)} | ${pct(n.flagShareMean)} / ${pct(n.flagShareMax)} | ${basis || '–'} | ${levels} |`,
    );
  }
  for (const s of planted) {
    lines.push(
      `| planted: ${MODE_LABEL[s.mode]} | ${s.seeds} | ${s.batches} (${s.tested}) | recall ${pct(s.strongRecall)} (RR ≥ 3, ≥ 10 excess) | per seed ${pct(s.strongRecallMean)} / min ${pct(s.strongRecallMin)} | false ${pct(s.falsePer1000 / 1000)} | decoys large/tiny/young ${s.largeFlagged}/${s.tinyFlagged}/${s.youngFlagged} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string, fallback: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
  };
  const seeds = Number(arg('seeds', '20'));
  const firstSeed = Number(arg('first-seed', '1'));
  const modes = arg('modes', 'units,batch,units-nocluster').split(',').filter(Boolean) as Mode[];
  const quiet = args.includes('--quiet');
  const jsonOut = args.includes('--json') ? arg('json', '') : '';

  const all = new Map<Mode, { results: BatchResult[]; ms: number[] }>(
    modes.map((m) => [m, { results: [], ms: [] }]),
  );
  for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
    const data = generateSeed(seed);
    for (const mode of modes) {
      const { results, ms } = await evaluateSeed(seed, mode, data);
      all.get(mode)!.results.push(...results);
      all.get(mode)!.ms.push(ms);
      if (!quiet) {
        const fp = results.filter((r) => r.flagged && r.role !== 'defective');
        const missed = results.filter((r) => r.role === 'defective' && !r.flagged);
        process.stderr.write(
          `seed ${seed} ${mode}: ${data.complaints.length} complaints, ${results.length} batches, ${(ms / 1000).toFixed(1)} s; ` +
            `false: ${fp.map((r) => `${r.role}:${r.batch}`).join(' ') || '-'}; missed: ${missed.map((r) => `${r.multiplier}x/${r.excessComplaints}`).join(' ') || '-'}\n`,
        );
      }
    }
  }
  const summaries = modes.map((m) => summarise(m, all.get(m)!.results, all.get(m)!.ms));
  process.stdout.write(`${formatTable(summaries)}\n`);
  const nullSeeds = Number(arg('null-seeds', '3'));
  const nulls = nullSeeds > 0 ? await evaluateNulls(nullSeeds, firstSeed, quiet) : [];
  if (nulls.length) process.stdout.write(`\n${formatNullTable(nulls, summaries)}\n`);
  if (jsonOut) {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(jsonOut, JSON.stringify({ planted: summaries, nulls }, null, 2));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main();
}
