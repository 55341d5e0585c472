// The structured-cause facet of the Root causes page: the export's own component / failure mode /
// defect code (canonical field `component`), counted under the global filters beside the text
// clusters, with the text cluster most of each component's complaints fall into. A recorded
// component is the cause an engineer wrote down; the clusters are what the narratives say — the
// two side by side show where they agree. Null when the warehouse has no component column or no
// complaint has a component (most service-desk exports).
import type { Filters } from '../filters.ts';
import { complaintSource } from './complaintSource.ts';
import { queryRows } from './db.ts';
import { complaintWhere } from './filters.ts';

/** Components listed (the biggest). */
export const componentLimit = 20;

export interface ComponentCause {
  component: string;
  complaints: number;
  /** Of the complaints with a component, under the filters. */
  share: number;
  /** The text cluster most of this component's complaints are in, if clustering ran. */
  topCluster: string | null;
}

export interface ComponentCauses {
  rows: ComponentCause[];
  /** Complaints with a component under the filters (all of them, not only the rows listed). */
  total: number;
  components: number;
}

/** Declared kinds of a component's counts (aggregates over the complaint source). */
const componentColumns = {
  component: 'text',
  n: 'integer',
  top_cluster: 'text',
  total: 'integer',
  components: 'integer',
} as const;

export async function loadComponentCauses(
  filters: Filters,
  limit: number = componentLimit,
): Promise<ComponentCauses | null> {
  // component is a column of complaint_versions (base_tables.sql) and of mart_complaints
  const source = await complaintSource();
  const where = complaintWhere(filters);
  const rows = await queryRows(
    componentColumns,
    `select c.component, count(*) as n, mode(c.cluster_label) as top_cluster,
            sum(count(*)) over () as total, count(*) over () as components
     from ${source} where ${where.sql} and c.component is not null
     group by c.component order by n desc, c.component limit $limit`,
    { ...where.params, limit },
  );
  if (rows.length === 0) return null;
  const total = rows[0].total ?? 0;
  return {
    total,
    components: rows[0].components ?? 0,
    rows: rows.map((r) => ({
      component: r.component ?? '',
      complaints: r.n ?? 0,
      share: total > 0 ? (r.n ?? 0) / total : 0,
      topCluster: r.top_cluster,
    })),
  };
}
