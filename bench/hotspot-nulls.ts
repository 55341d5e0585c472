// Null scenarios for `npm run eval:hotspots`: data with no defective batch at all, but with the
// structure real complaint data has and the planted scenarios lack (issue 16, measured on a
// regulator data set: model years as batches, no volumes file, causes from one component field).
// Whatever the batch models flag here is a false alarm; the evaluation reports the share of
// batches flagged per scenario (target ≤ 5 %).
//
// Structure, per scenario (NULL_SCENARIOS):
//   drift     the cause mix drifts across production dates (each cause's weight changes by a
//             factor e^(±0.6) per year) and new features arrive: from a launch date on, batches
//             carry equipment older ones lack, with its own complaints (the lane-keeping case);
//   seasonal  batch sizes follow the season (×0.5 in winter to ×1.5 in summer) while no volumes
//             file is given, so complaints per batch swing with the season;
//   ageing    complaints per unit rise with age (wear-out, hazard ∝ 0.3 + age in years) instead of
//             the sample's early-life profile, and model-year batches are left-truncated;
//   phi       extra-Poisson variation between batches: each batch's count is negative binomial with
//             variance φ × mean (gamma random effect with CV² = (φ − 1) / mean), φ from 2 to 20.
// 12 products in 3 product lines; products differ in their overall rate (×0.5–2). Every
// complaint is a quality complaint and carries its true cause as its cluster (no sales noise):
// the models see the structure, not misclassification.
import { delayProfiles } from '../sample-data/generator/delays.ts';
import { Rng } from '../sample-data/generator/prng.ts';
import type { GeneratedSeed, TruthBatch } from './eval-hotspots.ts';
import { gammaDraw, pickWeighted } from './sim-random.ts';

const DAY_MS = 86_400_000;
const day = (y: number, m = 1, d = 1) => Date.UTC(y, m - 1, d) / DAY_MS;
const iso = (d: number) => new Date(d * DAY_MS).toISOString().slice(0, 10);

export interface NullScenario {
  name: string;
  /** 'weekly' batches (monthly-scale window) or 'model-year' batches (1 January of each year). */
  batches: 'weekly' | 'model-year';
  drift: boolean;
  seasonalVolumes: boolean;
  ageing: boolean;
  /** Overdispersion φ per product, cycled over the products. */
  phi: number[];
}

export const NULL_SCENARIOS: NullScenario[] = [
  {
    name: 'null: cause-mix drift + new features',
    batches: 'weekly',
    drift: true,
    seasonalVolumes: false,
    ageing: false,
    phi: [2],
  },
  {
    name: 'null: seasonal volumes',
    batches: 'weekly',
    drift: false,
    seasonalVolumes: true,
    ageing: false,
    phi: [2],
  },
  {
    name: 'null: ageing model years',
    batches: 'model-year',
    drift: false,
    seasonalVolumes: false,
    ageing: true,
    phi: [5],
  },
  {
    name: 'null: overdispersion φ 2–20',
    batches: 'weekly',
    drift: false,
    seasonalVolumes: false,
    ageing: false,
    phi: [2, 5, 10, 20],
  },
  {
    name: 'null: regulator-like (all of it, model years)',
    batches: 'model-year',
    drift: true,
    seasonalVolumes: true,
    ageing: true,
    phi: [2, 5, 10, 20],
  },
];

const LINES = ['轿车', 'SUV', '皮卡'];
const CAUSES = ['ENGINE', 'ELECTRICAL SYSTEM', 'STEERING', 'SERVICE BRAKES', 'POWER TRAIN'];
const CAUSE_WEIGHTS = [3, 2.5, 1.5, 2, 2];
/** Equipment launched over time: [cause, launch year, weight once fitted]. */
const FEATURES: [string, number, number][] = [
  ['FORWARD COLLISION AVOIDANCE', 2018, 1.5],
  ['LANE DEPARTURE', 2021, 1.2],
  ['BACK OVER PREVENTION', 2024, 1],
];
const SEASON = [0.5, 0.6, 0.8, 1, 1.2, 1.4, 1.5, 1.4, 1.2, 1, 0.8, 0.6];

export function generateNullSeed(seed: number, scenario: NullScenario): GeneratedSeed {
  const rng = new Rng(seed, `hotspot-null:${scenario.name}`);
  const { fault } = delayProfiles();
  const weekly = scenario.batches === 'weekly';
  const dataStart = weekly ? day(2024) : day(2022);
  const dataEnd = day(2025, 12, 31);
  const complaints: GeneratedSeed['complaints'] = [];
  const clusters: GeneratedSeed['clusters'] = [];
  const volumes: GeneratedSeed['volumes'] = [];
  const truth: TruthBatch[] = [];
  let nextId = 0;
  // Per cause a drift slope (per year) when the mix drifts.
  const slopes = CAUSES.map(() => (scenario.drift ? rng.uniform(-0.6, 0.6) : 0));

  for (let p = 0; p < 12; p++) {
    const line = LINES[p % LINES.length];
    const product = `N${p}-${seed}`;
    const rateFactor = Math.exp(rng.uniform(Math.log(0.5), Math.log(2)));
    const phi = scenario.phi[p % scenario.phi.length];
    const productionDays: number[] = [];
    if (weekly)
      for (let d = day(2023, 1, 2) + rng.between(0, 6); d <= dataEnd; d += 7)
        productionDays.push(d);
    else for (let y = 2012 + rng.between(0, 3); y <= 2025; y++) productionDays.push(day(y));
    for (const production of productionDays) {
      const year = 1970 + production / 365.25;
      const month = new Date(production * DAY_MS).getUTCMonth();
      const baseUnits = weekly ? 1500 : 1000;
      const units = Math.max(
        10,
        Math.round(
          baseUnits * rng.logNormal(1, 0.2) * (scenario.seasonalVolumes ? SEASON[month] : 1),
        ),
      );
      // Cause weights of this batch: base causes drifting with production year, plus fitted features.
      const causes = [...CAUSES];
      const weights = CAUSE_WEIGHTS.map((w, k) => w * Math.exp(slopes[k] * (year - 2020)));
      if (scenario.drift) {
        for (const [cause, launch, w] of FEATURES) {
          if (year >= launch) {
            causes.push(cause);
            weights.push(w);
          }
        }
      }
      // Daily hazard per unit at each age; then the batch's expected in-window count.
      const hazard = (age: number) =>
        scenario.ageing ? (0.3 + age / 365) / 365 / 40 : (fault[age] ?? 0) * 0.004;
      let mean = 0;
      const first = Math.max(production, dataStart);
      for (let d = first; d <= dataEnd; d++) mean += units * rateFactor * hazard(d - production);
      // Negative binomial: Poisson with a gamma random effect of CV² = (φ − 1) / mean.
      const cv2 = mean > 0 ? (phi - 1) / mean : 0;
      const effect = cv2 > 0 ? gammaDraw(rng, 1 / cv2) * cv2 : 1;
      const batch = weekly
        ? `W${iso(production).replaceAll('-', '')}-${product}`
        : `MY${new Date(production * DAY_MS).getUTCFullYear()}-${product}`;
      let observed = 0;
      for (let d = first; d <= dataEnd; d++) {
        const n = rng.poisson(units * rateFactor * hazard(d - production) * effect);
        for (let k = 0; k < n; k++) {
          const id = `N${seed}-${nextId++}`;
          const cause = causes[pickWeighted(rng, weights)];
          complaints.push({
            complaint_id: id,
            received_date: iso(d),
            product,
            product_category: line,
            batch,
            production_date: iso(production),
            region: 'R' + rng.between(1, 8),
            category: '产品质量',
          });
          clusters.push({ complaint_id: id, cluster_id: cause, cluster_label: cause });
          observed++;
        }
      }
      volumes.push({ product, batch, production_date: iso(production), units });
      truth.push({
        product,
        batch,
        productionDay: production,
        units,
        role: 'normal',
        multiplier: 1,
        randomEffect: effect,
        expectedNormal: mean,
        expectedExcess: 0,
        excessComplaints: 0,
        observedQuality: observed,
      });
    }
  }
  return { complaints, volumes, clusters, truth };
}
