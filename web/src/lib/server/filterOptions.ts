// Choices of the filter bar: the members of every filter dimension, biggest first, from
// mart_kpis_monthly (one small grouped scan). Without the mart the bar offers no choices, but the
// URL still accepts any value. The mart's '(unknown)' member (complaints without the value) is not
// a value a complaint has, so it is not offered.
import { barFilterKeys, type MemberFilterKey } from '../filters.ts';
import { query, queryMart } from './db.ts';

export type FilterOptions = Partial<Record<MemberFilterKey, string[]>>;

/** Most members offered per dimension. */
const maxOptions = 200;

// The dimension names are our own constants (barFilterKeys), never input.
const dimensionList = barFilterKeys.map((key) => `'${key}'`).join(', ');

export async function loadFilterOptions(): Promise<FilterOptions> {
  const options: FilterOptions = {};
  const rows = await query<{ dimension: string; member: string }>(
    `select dimension, member
     from mart_kpis_monthly
     where dimension in (${dimensionList}) and member is not null and member <> '(unknown)'
     group by dimension, member
     order by dimension, sum(complaints) desc, member`,
  );
  for (const { dimension, member } of rows) {
    const list = (options[dimension as MemberFilterKey] ??= []);
    if (list.length < maxOptions) list.push(member);
  }
  return options;
}

/** Label of a root-cause cluster, for the breadcrumb of a `cluster` filter (which holds its id). */
export async function loadClusterLabel(id: string): Promise<string | undefined> {
  const [row] = await query<{ label: string }>(
    `select label from mart_root_causes where cast(cluster_id as varchar) = $id`,
    { id },
  );
  return row?.label;
}

/**
 * English labels of the taxonomy categories (mart_categories.label_en, configured with the
 * taxonomy), keyed by the category's own (Chinese) name.
 */
export async function loadCategoryLabels(): Promise<Record<string, string>> {
  const rows = await queryMart(
    'mart_categories',
    `select category, label_en from mart_categories where label_en is not null`,
  );
  return Object.fromEntries(rows.map((r) => [String(r.category), String(r.label_en)]));
}
