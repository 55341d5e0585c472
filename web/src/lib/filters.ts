// Global dashboard filters: what they are, how they look in the URL, and how links keep them.
//
// Shared by the server (which turns them into SQL in #lib/server/filters.ts) and the browser
// (filter bar, breadcrumbs, drill-down links). Filter state lives only in the URL, so a link that
// carries the search params carries the filters; pages never keep their own copy.
import {
  COMPLAINT_DIMENSIONS,
  type ComplaintDimension,
} from '../../../pipeline/contract/dimensions.ts';

/**
 * Member filters offered as choices in the filter bar: the complaint dimensions the marts break
 * down by (pipeline/contract/dimensions.ts, declared once), in the bar's order — the export's own
 * fields first, the model-assigned category last.
 */
export const barFilterKeys: readonly ComplaintDimension[] = [
  ...COMPLAINT_DIMENSIONS.filter((dimension) => dimension !== 'category'),
  'category',
];

/**
 * Filters on one complaint attribute (equality). Order = order of the filter bar and breadcrumbs.
 * `batch` and `cluster` have thousands of members: they are set by drill-down links (a hot-spot
 * row, a root-cause bar) and shown as breadcrumbs, not as a drop-down. `cluster` holds the
 * cluster id (mart_root_causes.cluster_id).
 */
export const memberFilterKeys = [...barFilterKeys, 'batch', 'cluster'] as const;
export type MemberFilterKey = (typeof memberFilterKeys)[number];

export const dateFilterKeys = ['from', 'to'] as const;
export type DateFilterKey = (typeof dateFilterKeys)[number];

export type FilterKey = DateFilterKey | MemberFilterKey;
export const filterKeys: readonly FilterKey[] = [...dateFilterKeys, ...memberFilterKeys];

/** Parsed filters; absent keys are not filtered on. Dates are ISO `YYYY-MM-DD`, `to` inclusive. */
export type Filters = Partial<Record<FilterKey, string>>;

/** Parameters every page accepts besides the filters (the UI language). */
export const globalParams: readonly string[] = ['lang'];

/** Longest member value accepted (real product names are far shorter). */
export const maxValueLength = 200;

export interface FilterProblem {
  param: string;
  /**
   * unknown: not a parameter of this page; invalid: malformed value; repeated: given twice;
   * reversed: `to` before `from`; noSuchValue: a well-formed member no complaint has;
   * notAnOption: a page parameter (trend grain, sort order, priority…) outside its choices.
   */
  problem: 'unknown' | 'invalid' | 'repeated' | 'reversed' | 'noSuchValue' | 'notAnOption';
  /** The offending value (shortened), for the message. */
  value?: string;
}

export interface ParsedFilters {
  filters: Filters;
  problems: FilterProblem[];
}

export function isFilterKey(key: string): key is FilterKey {
  return (filterKeys as readonly string[]).includes(key);
}

/**
 * Validate the URL's search params. `pageParams` are the page's own parameters (e.g. `q`,
 * `page`), accepted and left to the page. Anything else is reported as unknown, a malformed
 * value as invalid; the caller answers 400 rather than silently showing unfiltered data.
 */
export function parseFilters(
  params: URLSearchParams,
  pageParams: readonly string[] = [],
): ParsedFilters {
  const filters: Filters = {};
  const problems: FilterProblem[] = [];
  const seen = new Set<string>();
  for (const [key, raw] of params) {
    if (seen.has(key)) {
      if (isFilterKey(key)) problems.push({ param: key, problem: 'repeated' });
      continue;
    }
    seen.add(key);
    if (globalParams.includes(key) || pageParams.includes(key)) continue;
    if (!isFilterKey(key)) {
      problems.push({ param: key, problem: 'unknown' });
      continue;
    }
    const value = raw.trim();
    if (value === '') continue; // an empty <select> option means "any"
    if (key === 'from' || key === 'to') {
      if (!isIsoDate(value))
        problems.push({ param: key, problem: 'invalid', value: shorten(value) });
      else filters[key] = value;
    } else if (value.length > maxValueLength || hasControlCharacters(value)) {
      problems.push({ param: key, problem: 'invalid', value: shorten(value) });
    } else {
      filters[key] = value;
    }
  }
  if (filters.from && filters.to && filters.from > filters.to) {
    problems.push({ param: 'to', problem: 'reversed', value: filters.to });
  }
  return { filters, problems };
}

/** A value cut to a length that fits in a message, control characters dropped. */
export function shorten(value: string, length = 40): string {
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, '');
  return clean.length > length ? `${clean.slice(0, length)}…` : clean;
}

/** A real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1900 &&
    year <= 2999 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

function hasControlCharacters(value: string): boolean {
  return /[\u0000-\u001f\u007f]/.test(value);
}

/** The filters as search params, in the fixed key order (stable URLs). */
export function filterParams(filters: Filters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of filterKeys) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params;
}

/** Only the filter params of a URL's search (drops page-specific ones like `page` and `q`). */
export function filtersFromSearch(search: { get(name: string): string | null }): Filters {
  const filters: Filters = {};
  for (const key of filterKeys) {
    const value = search.get(key)?.trim();
    if (value) filters[key] = value;
  }
  return filters;
}

/** `path?filters` — a link to another page that keeps the current filters. */
export function hrefWithFilters(path: string, filters: Filters, extra: Filters = {}): string {
  const query = filterParams({ ...filters, ...extra }).toString();
  return query ? `${path}?${query}` : path;
}

/** Whether any filter is set. */
export function hasFilters(filters: Filters): boolean {
  return filterKeys.some((key) => Boolean(filters[key]));
}

/** Filters without one key. */
export function withoutFilter(filters: Filters, key: FilterKey): Filters {
  const next = { ...filters };
  delete next[key];
  return next;
}

/** Last day of the month of an ISO date: '2024-02-01' → '2024-02-29'. */
export function monthEnd(isoDate: string): string {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  const last = new Date(Date.UTC(year, month, 0));
  return last.toISOString().slice(0, 10);
}

/** The member filters that are set, in bar order. */
export function activeMemberFilters(filters: Filters): Array<[MemberFilterKey, string]> {
  const out: Array<[MemberFilterKey, string]> = [];
  for (const key of memberFilterKeys) {
    const value = filters[key];
    if (value) out.push([key, value]);
  }
  return out;
}
