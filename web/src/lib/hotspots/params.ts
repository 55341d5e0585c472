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
 * A bucket from its key (`<min>-<max>` or `<min>+`), or undefined when `key` is not one. The
 * buckets themselves are the warehouse's (mart_batch_age_buckets, from the setting
 * hotspots_heatmap_age_starts: loadAgeBuckets in server/hotspots/heatmap.ts); a key carries its bounds,
 * so a label needs no list. Pure.
 */
export function ageBucketOfKey(key: string): AgeBucket | undefined {
  const match = /^(\d{1,6})(?:-(\d{1,6})|(\+))$/.exec(key);
  if (!match) return undefined;
  const min = Number(match[1]);
  const max = match[3] ? null : Number(match[2]);
  const bucket: AgeBucket =
    max === null ? { key: `${min}+`, min, max } : { key: `${min}-${max}`, min, max };
  // only as the warehouse writes it (no leading zeros, min ≤ max)
  return bucket.key === key && (max === null || max >= min) ? bucket : undefined;
}

/** The page parameters this page accepts (for filtersOrError). */
export const hotspotParams = ['sort', 'show', 'age', 'metric', 'page'] as const;

export interface HotspotParams {
  sort: Sort;
  show: Show;
  age: AgeBucketKey | null;
  metric: Metric;
  page: number;
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
 * the global filters do, rather than silently showing something else). `age` must be one of
 * `buckets`, the warehouse's (null when they cannot be read, e.g. before a build: then any
 * well-formed key passes and the page shows its unbuilt or error state anyway).
 */
export function parseHotspotParams(
  search: { get(name: string): string | null },
  buckets: readonly AgeBucket[] | null,
): { params: HotspotParams } | { invalid: string } {
  const sort = parseSort(search.get('sort'));
  if (!sort) return { invalid: 'sort' };
  const show = search.get('show') || defaultShow;
  if (!(showValues as readonly string[]).includes(show)) return { invalid: 'show' };
  const metric = search.get('metric') || 'ratio';
  if (!(metricValues as readonly string[]).includes(metric)) return { invalid: 'metric' };
  const age = search.get('age') || null;
  if (
    age !== null &&
    (buckets ? !buckets.some((b) => b.key === age) : ageBucketOfKey(age) === undefined)
  )
    return { invalid: 'age' };
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
