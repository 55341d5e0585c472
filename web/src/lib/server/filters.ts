// Global filters → a SQL WHERE fragment with bound parameters.
//
// The only SQL text that comes out of here is taken from the fixed `complaintColumns` map below;
// every value from the URL goes in as a `$f_…` parameter. A key that is not in the map cannot
// reach SQL at all, whatever the URL says.
import { error } from '@sveltejs/kit';
import {
  activeMemberFilters,
  parseFilters,
  shorten,
  type FilterKey,
  type FilterProblem,
  type Filters,
  type MemberFilterKey,
} from '../filters.ts';
import { complaintSource } from './complaintSource.ts';
import { query, WarehouseMissingError, type Params } from './db.ts';

export { parseFilters };

/**
 * SQL expression of each member filter over `mart_complaints as c` (one row per complaint with its
 * category and cluster; see complaintSource() in complaints.ts for the fallback without it).
 */
export const complaintColumns: Readonly<Record<MemberFilterKey, string>> = {
  product_category: 'c.product_category',
  product: 'c.product',
  channel: 'c.channel',
  region: 'c.region',
  department: 'c.department',
  category: 'c.category',
  batch: 'c.batch',
  cluster: 'cast(c.cluster_id as varchar)',
};

/** Timestamp column the date filters apply to. */
export const complaintDateColumn = 'c.received_at';

export interface WhereFragment {
  /** `true` when nothing is filtered, else conditions joined with `and`. */
  sql: string;
  params: Params;
}

/** WHERE fragment (without the keyword) for `filters` over the complaint list's columns. */
export function complaintWhere(
  filters: Filters,
  columns: Readonly<Record<MemberFilterKey, string>> = complaintColumns,
  dateColumn: string = complaintDateColumn,
): WhereFragment {
  const conditions: string[] = [];
  const params: Params = {};
  if (filters.from) {
    conditions.push(`${dateColumn} >= cast($f_from as date)`);
    params.f_from = filters.from;
  }
  if (filters.to) {
    // `to` is inclusive: everything before the next day
    conditions.push(`${dateColumn} < cast($f_to as date) + interval 1 day`);
    params.f_to = filters.to;
  }
  memberConditions(filters, columns, conditions, params);
  return { sql: conditions.length > 0 ? conditions.join(' and ') : 'true', params };
}

/**
 * Append `column = $f_key` for every member filter that is set and has a column in `columns` (a
 * fixed map: only its SQL text reaches the query), in the map's order. Shared by the complaint
 * list and the marts whose filters differ only in their date or nullable columns.
 */
export function memberConditions(
  filters: Filters,
  columns: Readonly<Partial<Record<MemberFilterKey, string>>>,
  conditions: string[],
  params: Params,
): void {
  for (const key of Object.keys(columns) as MemberFilterKey[]) {
    const value = filters[key];
    if (!value) continue;
    conditions.push(`${columns[key]} = $f_${key}`);
    params[`f_${key}`] = value;
  }
}

/**
 * Parse the request's filters for a server `load`, or answer 400 with the problems (the error page
 * shows them beside the filter bar, in the user's language): a link with a mistyped or tampered
 * parameter, or a member no complaint has (`region=Atlantis`), must not silently show unfiltered
 * or empty numbers.
 */
export async function filtersOrError(
  url: URL,
  pageParams: readonly string[] = [],
  pageProblems: readonly FilterProblem[] = [],
): Promise<Filters> {
  const { filters, problems } = parseFilters(url.searchParams, pageParams);
  if (problems.length === 0) problems.push(...(await unknownMembers(filters)));
  // the page's own parameters are refused the same way: one page naming every mistake
  problems.push(...pageProblems);
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.param} (${p.problem})`).join(', ');
    error(400, `Invalid filter parameters: ${list}`, { problems });
  }
  return filters;
}

/** A page parameter whose value is not one of its choices, for filtersOrError's `pageProblems`. */
export function notAnOption(param: string, value: string | null): FilterProblem {
  return { param, problem: 'notAnOption', value: shorten(value ?? '') };
}

/**
 * Member filters whose value no complaint has, e.g. a misspelt region. An empty *combination* of
 * existing values is a valid question (answered "no complaints match"); a value that exists
 * nowhere is a mistake. Without a warehouse nothing can be checked (the page reports that).
 */
export async function unknownMembers(filters: Filters): Promise<FilterProblem[]> {
  const members = activeMemberFilters(filters);
  if (members.length === 0) return [];
  let source: string;
  try {
    source = await complaintSource();
  } catch (e) {
    if (e instanceof WarehouseMissingError) return [];
    throw e;
  }
  const params: Params = {};
  const checks = members.map(([key, value]) => {
    params[`f_${key}`] = value;
    return `exists (select 1 from ${source} where ${complaintColumns[key]} = $f_${key}) as ${key}`;
  });
  const [row] = await query<Record<string, boolean>>(`select ${checks.join(', ')}`, params);
  return members
    .filter(([key]) => row?.[key] === false)
    .map(([key, value]) => ({
      param: key,
      problem: 'noSuchValue' as const,
      value: shorten(value),
    }));
}

export type { FilterKey, Filters };
