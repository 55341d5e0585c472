// The Hot spots page's own URL parameters (besides the global filters), parsed and written back.
// Shared by the server (which turns them into SQL from fixed maps) and the page (header links).
//   sort   batch-table column, `-` prefix = descending (e.g. `-rate_ratio`); default `q_value`
//   show   hotspots | tested | all (default tested)
//   age    one batch-age bucket key (set by a heatmap click), e.g. `90-179`
//   metric ratio | rate — what the heatmap colours (default ratio)
//   page   batch-table page, 1-based
// Hot spots always stay on top of the table; the sort orders rows within that.

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

/**
 * Batch age buckets of the heatmap, in whole days since production (inclusive bounds; the last is
 * open). Each starts at an edge of the hot-spot tests' own age buckets (`hotspots_age_bucket_edges`,
 * half-open [e₁, e₂) in int_batch_hotspot_settings), so a display bucket is a union of test buckets
 * and a batch sits in the same place on the heatmap as in the tests (params.test.ts checks the
 * edges against the declared setting). The old 0–30 / 31–60 … buckets disagreed at every edge.
 */
export const ageBuckets = [
  { key: '0-29', min: 0, max: 29 },
  { key: '30-59', min: 30, max: 59 },
  { key: '60-89', min: 60, max: 89 },
  { key: '90-179', min: 90, max: 179 },
  { key: '180-359', min: 180, max: 359 },
  { key: '360-719', min: 360, max: 719 },
  { key: '720+', min: 720, max: null },
] as const satisfies ReadonlyArray<{ key: string; min: number; max: number | null }>;
export type AgeBucket = (typeof ageBuckets)[number];
export type AgeBucketKey = AgeBucket['key'];

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
