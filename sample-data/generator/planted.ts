// planted.json: the signals planted in a generated sample, with exact identifiers, windows, multipliers
// and the counts actually produced, so tests and later analyses can check that they are recovered.

import { isoDate, isoWeek, isoWeekLabel } from './calendar.ts';
import { describeBatch, LARGE_DECOY, TINY_DECOY, YOUNG_DECOY, type Batch } from './batches.ts';
import { ROOT_CAUSES } from './causes.ts';
import { CATEGORIES, CATEGORY_INDEX, MODELS } from './products.ts';
import type { ComplaintEngine } from './rows.ts';
import {
  CHANNEL_WEIBO,
  CHANNELS,
  COMPLAINT_TYPES,
  PROVINCE_SICHUAN,
  PROVINCES,
  type Lang,
} from './taxonomy.ts';

const PEER_WINDOW_DAYS = 56;

export interface PlantedContext {
  engine: ComplaintEngine;
  lang: Lang;
  seed: number;
  rows: number;
  startDay: number;
  endDay: number;
  complaintsFile: string;
  volumesFile: string;
}

function per1000(complaints: number, units: number): number {
  return units > 0 ? Math.round((complaints / units) * 1000 * 1000) / 1000 : 0;
}

/** Same-model normal batches produced within ±8 weeks: the "equal age" reference for a planted batch. */
function peerComparison(engine: ComplaintEngine, j: number) {
  const b = engine.batches[j];
  let units = 0;
  let complaints = 0;
  let n = 0;
  engine.batches.forEach((p, k) => {
    if (k === j || p.model !== b.model || p.role !== 'normal') return;
    if (Math.abs(p.productionDay - b.productionDay) > PEER_WINDOW_DAYS) return;
    units += p.units;
    complaints += engine.stats.batchVisible[k];
    n++;
  });
  const batchRate = per1000(engine.stats.batchVisible[j], b.units);
  const peerRate = per1000(complaints, units);
  return {
    peer_batches: n,
    peer_units: units,
    peer_complaints: complaints,
    peer_complaints_per_1000_units: peerRate,
    batch_complaints_per_1000_units: batchRate,
    observed_rate_ratio: peerRate > 0 ? Math.round((batchRate / peerRate) * 100) / 100 : null,
  };
}

function batchCounts(engine: ComplaintEngine, j: number) {
  return {
    complaints_with_batch_code: engine.stats.batchVisible[j],
    complaints_tied_including_blank_batch: engine.stats.batchAll[j],
    expected_fault_complaints_at_normal_rate:
      Math.round(engine.stats.batchExpectedNormal[j] * 100) / 100,
  };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function buildPlanted(ctx: PlantedContext) {
  const { engine, lang } = ctx;
  const zh = lang === 'zh';
  const find = (role: Batch['role']) =>
    engine.batches.map((b, j) => ({ b, j })).filter((x) => x.b.role === role);

  const defective = find('defective').map(({ b, j }) => {
    const rc = ROOT_CAUSES[b.defectCause];
    return {
      ...describeBatch(b, ctx.endDay),
      product_category: zh
        ? CATEGORIES[CATEGORY_INDEX[MODELS[b.model].category]].zh
        : CATEGORIES[CATEGORY_INDEX[MODELS[b.model].category]].en,
      rate_multiplier: b.multiplier,
      multiplier_applies_to:
        'fault complaints (product-quality and after-sales-repair complaints that follow a product fault), per unit, at equal age; delivery/price/contract complaints of the batch are at the normal rate',
      root_cause: rc.key,
      root_cause_label: zh ? rc.zh : rc.en,
      complaint_type: COMPLAINT_TYPES[rc.type][lang],
      excess_complaints_about_root_cause: engine.stats.batchExcess[j],
      ...batchCounts(engine, j),
      comparison_with_same_model_batches_within_8_weeks: peerComparison(engine, j),
    };
  });

  const decoy = (role: Batch['role'], extra: Record<string, unknown>) =>
    find(role).map(({ b, j }) => ({
      kind: role,
      ...describeBatch(b, ctx.endDay),
      ...extra,
      ...batchCounts(engine, j),
      comparison_with_same_model_batches_within_8_weeks: peerComparison(engine, j),
    }));

  const decoys = [
    ...decoy('large', {
      units_multiplier: LARGE_DECOY.unitsMultiplier,
      rate_multiplier: 1,
      expectation: 'NOT defective: many complaints in absolute terms, normal complaints per unit',
    }),
    ...decoy('tiny', {
      forced_complaints: TINY_DECOY.complaints,
      expectation:
        'NOT defective: exactly 2 complaints on a tiny trial batch; a high per-unit rate on too few units to be significant',
    }),
    ...decoy('young', {
      forced_complaints: YOUNG_DECOY.complaints,
      expectation:
        'NOT defective (too young to judge): produced in the last 2 weeks; 2 early complaints against a tiny expected count at that age',
    }),
  ];

  // Rising category: true logistics complaints in 四川 by month.
  const s = engine.signals;
  const monthly = [...engine.stats.regionTypeMonthly.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, c]) => ({ month, region: c.sichuan, other_regions: c.other }));

  // Channel spike: per-week 微博 counts over complete ISO weeks in the window.
  const spikeLabel = isoWeekLabel(isoWeek(s.spikeWeekMonday));
  const firstFullWeek = isoWeekLabel(isoWeek(ctx.startDay + ((7 - ((ctx.startDay + 3) % 7)) % 7)));
  const lastWeek = isoWeekLabel(isoWeek(ctx.endDay));
  const weekly: number[] = [];
  let spikeCount = 0;
  for (const [week, counts] of engine.stats.channelWeekly) {
    if (week === spikeLabel) spikeCount = counts[CHANNEL_WEIBO];
    else if (week >= firstFullWeek && week < lastWeek) weekly.push(counts[CHANNEL_WEIBO]);
  }

  const rows = engine.stats.rows;
  return {
    about:
      'Signals planted by the sample generator (sample-data/generator). Counts are those actually written. See sample-data/README.md.',
    generator: {
      command: `complaint-lens sample --rows ${ctx.rows} --seed ${ctx.seed}${zh ? '' : ' --lang en'}`,
      seed: ctx.seed,
      rows: ctx.rows,
      lang,
      window: { start: isoDate(ctx.startDay), end: isoDate(ctx.endDay) },
      extract_at: `${isoDate(ctx.endDay)} 23:59:59`,
      complaints_file: ctx.complaintsFile,
      volumes_file: ctx.volumesFile,
    },
    defective_batches: defective,
    decoys,
    rising_category: {
      complaint_type: COMPLAINT_TYPES.logistics[lang],
      region: zh ? PROVINCES[PROVINCE_SICHUAN].zh : PROVINCES[PROVINCE_SICHUAN].en,
      window: { start: isoDate(s.rampStartDay), end: isoDate(s.rampEndDay) },
      multiplier_start: s.rampFrom,
      multiplier_end: s.rampTo,
      shape: 'linear in time from the window start to its end; 1x before the window',
      note: `applies to the true complaint type; ~${Math.round((1 - engine.stats.typeShown / Math.max(1, rows)) * 100)}% of all rows have a blank complaint type, these included`,
      monthly_true_type_counts: monthly,
    },
    channel_spike: {
      channel: zh ? CHANNELS[CHANNEL_WEIBO].zh : CHANNELS[CHANNEL_WEIBO].en,
      iso_week: spikeLabel,
      start: isoDate(s.spikeWeekMonday),
      end: isoDate(s.spikeWeekMonday + 6),
      multiplier: s.spikeMultiplier,
      observed_in_week: spikeCount,
      median_weekly_other_complete_weeks: median(weekly),
    },
    summary: {
      rows,
      repeat_complaints: engine.stats.repeats,
      repeat_share: Math.round((engine.stats.repeats / Math.max(1, rows)) * 1000) / 1000,
      complaint_type_blank_share:
        Math.round((1 - engine.stats.typeShown / Math.max(1, rows)) * 1000) / 1000,
      complaints_per_unit_of_weight: engine.stats.scale,
      root_causes: ROOT_CAUSES.map((c, i) => ({
        key: c.key,
        label_zh: c.zh,
        label_en: c.en,
        complaint_type: COMPLAINT_TYPES[c.type][lang],
        category: c.category
          ? zh
            ? CATEGORIES[CATEGORY_INDEX[c.category]].zh
            : CATEGORIES[CATEGORY_INDEX[c.category]].en
          : null,
        count: engine.stats.causeCounts[i],
      })),
    },
  };
}
