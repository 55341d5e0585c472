// The Hot spots page's own URL parameters (besides the global filters), parsed and written back.
// Shared by the server (which turns them into SQL from fixed maps) and the page (header links).
//   sort   batch-table column, `-` prefix = descending (e.g. `-rate_ratio`); default `q_value`
//   show   hotspots | tested | all (default tested)
//   age    one batch-age bucket key (set by a heatmap click), e.g. `90-179`
//   metric ratio | rate — what the heatmap colours (default ratio)
//   page   batch-table page, 1-based
// Hot spots always stay on top of the table; the sort orders rows within that.
import { MODEL_SETTINGS } from '../../../../pipeline/models/modelSettings.ts';

export const sortKeys = [
  'batch',
  'product',
  'production_date',
  'complaints',
  'expected',
  'rate_ratio',
  'q_value',
  'units_at_risk',
  'first_flagged_on',
] as const;
export type SortKey = (typeof sortKeys)[number];

export interface Sort {
  key: SortKey;
  desc: boolean;
}

export const defaultSort: Sort = { key: 'q_value', desc: false };

/** Direction a column sorts in when first clicked: biggest / newest first, q smallest first. */
const firstDesc: Readonly<Record<SortKey, boolean>> = {
  batch: false,
  product: false,
  production_date: true,
  complaints: true,
  expected: true,
  rate_ratio: true,
  q_value: false,
  units_at_risk: true,
  first_flagged_on: true,
};

export const showValues = ['hotspots', 'tested', 'all'] as const;
export type Show = (typeof showValues)[number];
export const defaultShow: Show = 'tested';

export const metricValues = ['ratio', 'rate'] as const;
export type Metric = (typeof metricValues)[number];

/** A heatmap age bucket's key: `<min>-<max>` days, or `<min>+` for the last, open one. */
export type AgeBucketKey = `${number}-${number}` | `${number}+`;

export interface AgeBucket {
  key: AgeBucketKey;
  /** Whole days since production, inclusive. */
  min: number;
  /** Inclusive; null for the last, open bucket. */
  max: number | null;
}

/**
 * The hot-spot tests' own age bucket edges in days (`hotspots_age_bucket_edges`, half-open
 * [e₁, e₂) in int_batch_hotspot_settings), read from the one place the setting is declared
 * (pipeline/models/modelSettings.ts).
 */
export const testAgeBucketEdges: readonly number[] =
  MODEL_SETTINGS.hotspots_age_bucket_edges.default.split(',').map((edge) => Number(edge.trim()));

/** Where the heatmap's coarser buckets should start, in days: about 1, 2, 3, 6, 12 and 24 months. */
const displayStartDays = [30, 60, 90, 180, 360, 720] as const;

/**
 * The heatmap's batch age buckets for the tests' `edges`, in whole days since production (inclusive
 * bounds; the last is open). Each display start moves to the first test edge at or after it, so a
 * display bucket is always a union of test buckets and a batch sits in the same place on the
 * heatmap as in the tests, whatever the edges are. Pure.
 */
export function ageBucketsFor(edges: readonly number[]): AgeBucket[] {
  const sorted = edges.filter((e) => Number.isInteger(e) && e > 0).sort((a, b) => a - b);
  const starts = [0];
  for (const target of displayStartDays) {
    const edge = sorted.find((e) => e >= target);
    if (edge !== undefined && edge > starts[starts.length - 1]) starts.push(edge);
  }
  return starts.map((min, i): AgeBucket => {
    const next = starts[i + 1];
    return next === undefined
      ? { key: `${min}+`, min, max: null }
      : { key: `${min}-${next - 1}`, min, max: next - 1 };
  });
}

/**
 * Batch age buckets of the heatmap, derived from the tests' edges (with the default edges: 0–29,
 * 30–59, 60–89, 90–179, 180–359, 360–719, 720+). The old 0–30 / 31–60 … buckets disagreed at
 * every edge.
 */
export const ageBuckets: readonly AgeBucket[] = ageBucketsFor(testAgeBucketEdges);

/** The page parameters this page accepts (for filtersOrError). */
export const hotspotParams = ['sort', 'show', 'age', 'metric', 'page'] as const;

export interface HotspotParams {
  sort: Sort;
  show: Show;
  age: AgeBucketKey | null;
  metric: Metric;
  page: number;
}

export function ageBucketOf(days: number): AgeBucket | undefined {
  if (!Number.isFinite(days) || days < 0) return undefined;
  return ageBuckets.find((b) => days >= b.min && (b.max === null || days <= b.max));
}

export function parseSort(raw: string | null): Sort | undefined {
  if (raw === null || raw === '') return defaultSort;
  const desc = raw.startsWith('-');
  const key = desc ? raw.slice(1) : raw;
  return (sortKeys as readonly string[]).includes(key) ? { key: key as SortKey, desc } : undefined;
}

export function sortParam(sort: Sort): string {
  return `${sort.desc ? '-' : ''}${sort.key}`;
}

/** Sort after clicking the header of `key`: same column flips, another starts in its natural direction. */
export function nextSort(current: Sort, key: SortKey): Sort {
  return current.key === key ? { key, desc: !current.desc } : { key, desc: firstDesc[key] };
}

/**
 * Parse the page's parameters; `{ invalid }` names the first bad one (the page answers 400, like
 * the global filters do, rather than silently showing something else).
 */
export function parseHotspotParams(search: {
  get(name: string): string | null;
}): { params: HotspotParams } | { invalid: string } {
  const sort = parseSort(search.get('sort'));
  if (!sort) return { invalid: 'sort' };
  const show = search.get('show') || defaultShow;
  if (!(showValues as readonly string[]).includes(show)) return { invalid: 'show' };
  const metric = search.get('metric') || 'ratio';
  if (!(metricValues as readonly string[]).includes(metric)) return { invalid: 'metric' };
  const age = search.get('age') || null;
  if (age !== null && !ageBuckets.some((b) => b.key === age)) return { invalid: 'age' };
  const pageRaw = search.get('page') || '1';
  if (!/^\d{1,6}$/.test(pageRaw) || Number(pageRaw) < 1) return { invalid: 'page' };
  return {
    params: {
      sort,
      show: show as Show,
      metric: metric as Metric,
      age: age as AgeBucketKey | null,
      page: Number(pageRaw),
    },
  };
}

export type HotspotParamName = (typeof hotspotParams)[number];

/**
 * The current search with some page parameters changed (null removes one); the page number is
 * dropped unless set, since a new sort or selection starts at page 1. Filters are kept as they are.
 */
export function withParams(
  search: { toString(): string },
  changes: Partial<Record<HotspotParamName, string | null>>,
): string {
  const next = new URLSearchParams(search.toString());
  if (!('page' in changes)) next.delete('page');
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') next.delete(name);
    else next.set(name, value);
  }
  const query = next.toString();
  return query ? `?${query}` : '';
}
