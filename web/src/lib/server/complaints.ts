// Queries behind the complaint list and the complaint page. The list reads mart_complaints (see
// complaintSource.ts); the page reads the full current record from `complaints` and its history
// from `complaint_versions`, plus the category and cluster the models gave it.
import type { Filters } from '../filters.ts';
import { query, type JsonRow, type Params } from './db.ts';
import { complaintModelsJoin, complaintSource } from './complaintSource.ts';
import { complaintWhere } from './filters.ts';

export const pageSize = 25;
/** Longest search text accepted (longer input is cut, not rejected). */
export const maxSearchLength = 100;

export interface ComplaintListItem {
  complaintId: string;
  receivedAt: string;
  product: string | null;
  productCategory: string | null;
  category: string | null;
  channel: string | null;
  region: string | null;
  status: string | null;
  description: string | null;
}

export interface ComplaintList {
  total: number;
  page: number;
  pages: number;
  items: ComplaintListItem[];
}

/** Escape LIKE wildcards so a search for "50%" finds the text "50%". */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/**
 * The complaint list's WHERE: global filters plus the text search (description or id, LIKE
 * wildcards escaped). The list and its CSV/XLSX export both use it, so they hold the same rows.
 */
export function complaintListWhere(
  filters: Filters,
  search: string,
): { sql: string; params: Params } {
  const where = complaintWhere(filters);
  const params = { ...where.params };
  let sql = where.sql;
  const term = search.trim().slice(0, maxSearchLength);
  if (term) {
    sql += ` and (c.description ilike $q escape '\\' or c.complaint_id ilike $q escape '\\')`;
    params.q = likePattern(term);
  }
  return { sql, params };
}

export async function listComplaints(
  filters: Filters,
  search: string,
  page: number,
): Promise<ComplaintList> {
  const { sql: condition, params } = complaintListWhere(filters, search);
  const source = await complaintSource();
  const [count] = await query<{ n: string }>(
    `select count(*) as n from ${source} where ${condition}`,
    params,
  );
  const total = Number(count?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, page), pages);
  const rows = await query(
    `select c.complaint_id, strftime(c.received_at, '%Y-%m-%d %H:%M') as received_at, c.product,
            c.product_category, c.category, c.channel, c.region, c.status,
            left(c.description, 160) as description
     from ${source}
     where ${condition}
     order by c.received_at desc, c.complaint_id
     limit $limit offset $offset`,
    { ...params, limit: pageSize, offset: (current - 1) * pageSize },
  );
  return {
    total,
    page: current,
    pages,
    items: rows.map((row) => ({
      complaintId: String(row.complaint_id),
      receivedAt: String(row.received_at),
      product: str(row.product),
      productCategory: str(row.product_category),
      category: str(row.category),
      channel: str(row.channel),
      region: str(row.region),
      status: str(row.status),
      description: str(row.description),
    })),
  };
}

/** Fields of a complaint in display order (the version table shows the same ones). */
export const detailFields = [
  'received_at',
  'channel',
  'customer_id',
  'product',
  'product_category',
  'batch',
  'production_date',
  'region',
  'complaint_type',
  'severity',
  'customer_demand',
  'department',
  'dispatch_count',
  'first_response_at',
  'resolved_at',
  'closed_at',
  'status',
  'resolution',
  'compensation',
  'satisfaction_raw',
  'updated_at',
  'source_file',
] as const;

export interface ComplaintVersion {
  versionNo: number;
  loadRunId: string;
  sourceFile: string;
  /** Fields that differ from the previous version (none for the first). */
  changed: Array<{ field: string; before: string | null; after: string | null }>;
}

export interface ComplaintDetail {
  complaintId: string;
  description: string | null;
  category: string | null;
  /** Root-cause cluster (mart_root_causes.cluster_id) and its label; null when unassigned. */
  clusterId: string | null;
  clusterLabel: string | null;
  fields: Array<{ field: string; value: string | null }>;
  versionNo: number;
  versions: ComplaintVersion[];
}

export async function getComplaint(id: string): Promise<ComplaintDetail | undefined> {
  const models = await complaintModelsJoin();
  const [row] = await query(
    `select c.*, m.category, m.cluster_id, m.cluster_label
     from complaints as c ${models}
     where c.complaint_id = $id`,
    { id },
  );
  if (!row) return undefined;
  const versionRows = await query(
    `select * from complaint_versions where complaint_id = $id order by version_no`,
    { id },
  );
  return {
    complaintId: String(row.complaint_id),
    description: str(row.description),
    category: str(row.category),
    clusterId: str(row.cluster_id),
    clusterLabel: str(row.cluster_label),
    versionNo: Number(row.version_no ?? 1),
    fields: detailFields.map((field) => ({
      field,
      value: field === 'source_file' ? fileName(str(row[field])) : str(row[field]),
    })),
    versions: diffVersions(versionRows),
  };
}

/** What changed from each version to the next; pure, unit-tested. */
export function diffVersions(rows: readonly JsonRow[]): ComplaintVersion[] {
  const tracked = [...detailFields.filter((f) => f !== 'source_file'), 'description'];
  return rows.map((row, index) => {
    const previous = rows[index - 1];
    const changed = previous
      ? tracked
          .map((field) => ({ field, before: str(previous[field]), after: str(row[field]) }))
          .filter((change) => change.before !== change.after)
      : [];
    return {
      versionNo: Number(row.version_no),
      loadRunId: String(row.load_run_id ?? ''),
      sourceFile: fileName(str(row.source_file)) ?? '',
      changed,
    };
  });
}

/**
 * The file's name without its directory: the path is where the server read the export, which
 * tells a reader nothing and a stranger too much. Pure.
 */
export function fileName(path: string | null): string | null {
  if (path === null) return null;
  return path.split(/[\\/]/).pop() || path;
}

function str(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
