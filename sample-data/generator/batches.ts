// Weekly production batches per model (the volumes file) and the planted batch-level signals:
// defective batches, and decoys that must not look defective.

import {
  addMonths,
  civil,
  isoDate,
  isoWeek,
  isoWeekLabel,
  pad2,
  springFestival,
  weekday,
} from './calendar.ts';
import { causeIndex } from './causes.ts';
import { CATEGORIES, CATEGORY_INDEX, MODELS } from './products.ts';
import { Rng } from './prng.ts';

export type BatchRole = 'normal' | 'defective' | 'large' | 'tiny' | 'young';

export interface Batch {
  code: string;
  model: number;
  productionDay: number;
  units: number;
  role: BatchRole;
  /** Per-unit complaint-rate multiplier at equal age (defective batches > 1; 0 = only forced complaints). */
  multiplier: number;
  /** Root cause of the excess complaints of a defective batch (-1 otherwise). */
  defectCause: number;
  /** Days on which an exact, forced complaint is placed (tiny and young decoys). */
  forcedDays: number[];
}

/** The planted defects: different models, rate ratios 3–6×, each excess about one root cause. */
export const DEFECT_PLAN = [
  { model: 'BCD-520W', cause: 'fridge_compressor_noise', multiplier: 5, monthsBeforeEnd: 14 },
  { model: 'XQG100-BD14', cause: 'washer_inlet_valve_leak', multiplier: 4, monthsBeforeEnd: 11 },
  { model: 'F80-32A5', cause: 'heater_leakage_trip', multiplier: 5, monthsBeforeEnd: 16 },
  { model: 'JZT-Q330B', cause: 'hob_ignition_failure', multiplier: 6, monthsBeforeEnd: 12 },
] as const;

export const LARGE_DECOY = {
  model: 'CXW-260-A7',
  unitsMultiplier: 8,
  monthsBeforeEnd: 12,
} as const;
export const TINY_DECOY = { model: 'MRO-600X', complaints: 2, monthsBeforeEnd: 9 } as const;
export const YOUNG_DECOY = { model: 'M3-L251C', complaints: 2, maxAgeDays: 13 } as const;

/** How far before the complaint window production starts: old units still complain (long tail). */
export const PRODUCTION_LEAD_MONTHS = 18;

export interface Catalogue {
  batches: Batch[];
  firstProductionDay: number;
}

function modelIndex(code: string): number {
  const i = MODELS.findIndex((m) => m.code === code);
  if (i < 0) throw new Error(`unknown model ${code}`);
  return i;
}

export function batchCode(model: number, productionDay: number): string {
  const w = isoWeek(productionDay);
  return `B${w.year}W${pad2(w.week)}-${MODELS[model].short}`;
}

/** Builds every model's weekly batches from PRODUCTION_LEAD_MONTHS before startDay to endDay, then plants the signals. */
export function buildCatalogue(seed: number, startDay: number, endDay: number): Catalogue {
  const rng = new Rng(seed, 'catalogue');
  const firstProductionDay = addMonths(startDay, -PRODUCTION_LEAD_MONTHS);
  const shutdownWeeks = new Set<string>();
  for (let y = civil(firstProductionDay).year; y <= civil(endDay).year + 1; y++) {
    const sf = springFestival(y);
    if (sf !== null) shutdownWeeks.add(isoWeekLabel(isoWeek(sf)));
  }

  const batches: Batch[] = [];
  const firstMonday = firstProductionDay - weekday(firstProductionDay);
  for (let monday = firstMonday; monday <= endDay; monday += 7) {
    const week = isoWeek(monday);
    if (shutdownWeeks.has(isoWeekLabel(week))) continue; // factories close for the Spring Festival
    for (let m = 0; m < MODELS.length; m++) {
      const model = MODELS[m];
      const day = monday + rng.between(0, 3); // drawn for every model-week so that streams stay aligned
      const noise = rng.logNormal(1, 0.22);
      const shortWeek = rng.chance(0.02) ? 0.4 : 1;
      if (day < firstProductionDay || day > endDay) continue;
      const launch =
        model.launchedMonthsBeforeEnd === undefined
          ? -Infinity
          : addMonths(endDay, -model.launchedMonthsBeforeEnd);
      const stop =
        model.discontinuedMonthsBeforeEnd === undefined
          ? Infinity
          : addMonths(endDay, -model.discontinuedMonthsBeforeEnd);
      if (day < launch || day > stop) continue;
      const c = civil(day);
      const season = CATEGORIES[CATEGORY_INDEX[model.category]].productionSeason[c.month - 1];
      const ramp = Number.isFinite(launch) ? Math.min(1, 0.3 + (0.7 * (day - launch)) / 56) : 1;
      const holiday = c.month === 10 && c.day <= 7 ? 0.5 : 1; // National Day week
      const units = Math.max(
        10,
        Math.round((model.weeklyUnits * season * ramp * holiday * shortWeek * noise) / 10) * 10,
      );
      batches.push({
        code: batchCode(m, day),
        model: m,
        productionDay: day,
        units,
        role: 'normal',
        multiplier: 1,
        defectCause: -1,
        forcedDays: [],
      });
    }
  }
  batches.sort((a, b) => a.productionDay - b.productionDay || a.model - b.model);

  const used = new Set<Batch>();
  /**
   * A normal batch of the model produced about `monthsBeforeEnd` before endDay: the largest within ±3 weeks
   * of a seed-jittered target (a defect in a big batch is what a quality team must not miss).
   */
  const near = (model: string, monthsBeforeEnd: number, largest: boolean): Batch => {
    const m = modelIndex(model);
    const target = addMonths(endDay, -monthsBeforeEnd) + 7 * rng.between(-2, 2);
    const distance = (b: Batch) => Math.abs(b.productionDay - target);
    const candidates = batches.filter((b) => b.model === m && b.role === 'normal' && !used.has(b));
    if (candidates.length === 0) throw new Error(`no batch of ${model} to plant a signal in`);
    const within = candidates.filter((b) => distance(b) <= 21);
    const best =
      largest && within.length > 0
        ? within.reduce((a, b) => (b.units > a.units ? b : a))
        : candidates.reduce((a, b) => (distance(b) < distance(a) ? b : a));
    used.add(best);
    return best;
  };

  for (const plan of DEFECT_PLAN) {
    const b = near(plan.model, plan.monthsBeforeEnd, true);
    b.role = 'defective';
    b.multiplier = plan.multiplier;
    b.defectCause = causeIndex(plan.cause);
  }

  const large = near(LARGE_DECOY.model, LARGE_DECOY.monthsBeforeEnd, false);
  large.role = 'large';
  large.units =
    Math.round(
      (MODELS[large.model].weeklyUnits * LARGE_DECOY.unitsMultiplier * rng.uniform(0.95, 1.1)) / 10,
    ) * 10;

  const tiny = near(TINY_DECOY.model, TINY_DECOY.monthsBeforeEnd, false);
  tiny.role = 'tiny';
  tiny.units = rng.between(3, 5) * 10; // a trial run after a line changeover
  tiny.multiplier = 0;
  for (let i = 0; i < TINY_DECOY.complaints; i++) {
    const lo = Math.min(endDay, Math.max(startDay, tiny.productionDay + 45));
    tiny.forcedDays.push(rng.between(lo, Math.max(lo, Math.min(endDay, tiny.productionDay + 240))));
  }

  const young = youngestBatch(batches, modelIndex(YOUNG_DECOY.model), endDay);
  if (young) {
    young.role = 'young';
    young.multiplier = 0;
    const age = endDay - young.productionDay;
    for (let i = 0; i < YOUNG_DECOY.complaints; i++)
      young.forcedDays.push(young.productionDay + rng.between(Math.min(3, age), age));
  }
  return { batches, firstProductionDay };
}

/** Latest batch of the model aged 5–13 days at endDay (3–13 if none), so two early complaints fit before endDay. */
function youngestBatch(batches: Batch[], model: number, endDay: number): Batch | null {
  for (const minAge of [5, 3, 1]) {
    for (let i = batches.length - 1; i >= 0; i--) {
      const b = batches[i];
      const age = endDay - b.productionDay;
      if (
        b.model === model &&
        b.role === 'normal' &&
        age >= minAge &&
        age <= YOUNG_DECOY.maxAgeDays
      )
        return b;
    }
  }
  return null;
}

export function describeBatch(b: Batch, endDay: number) {
  return {
    batch: b.code,
    product: MODELS[b.model].code,
    category_key: MODELS[b.model].category,
    production_date: isoDate(b.productionDay),
    iso_week: isoWeekLabel(isoWeek(b.productionDay)),
    age_days_at_end: endDay - b.productionDay,
    units: b.units,
  };
}
