// Queries behind the complaint list and the complaint page. The list reads mart_complaints (see
// complaintSource.ts); the page reads the full current record and its history from
// mart_complaint_versions (a journal mart: there as soon as the complaint is loaded), plus the
// category and cluster the models gave it.
import type { Filters } from '../filters.ts';
import { martRow, type MartRow } from '../../../../pipeline/contract/marts.ts';
import { str } from '../../../../pipeline/contract/values.ts';
import { query, type Params } from './db.ts';
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
  const [current] = await query(
    `select c.*, m.category, m.cluster_id, m.cluster_label
     from mart_complaint_versions as c ${models}
     where c.complaint_id = $id and c.is_current`,
    { id },
  );
  if (!current) return undefined;
  const row = martRow('mart_complaint_versions', current);
  // the model columns, as mart_complaints declares them (NULL while the models are not built)
  const model = martRow('mart_complaints', current);
  const versionRows = await query(
    `select * from mart_complaint_versions where complaint_id = $id order by version_no`,
    { id },
  );
  return {
    complaintId: row.complaint_id ?? id,
    description: row.description,
    category: model.category,
    clusterId: model.cluster_id === null ? null : String(model.cluster_id),
    clusterLabel: model.cluster_label,
    versionNo: row.version_no ?? 1,
    fields: detailFields.map((field) => ({
      field,
      value: field === 'source_file' ? fileName(row.source_file) : shown(row, field),
    })),
    versions: diffVersions(versionRows.map((json) => martRow('mart_complaint_versions', json))),
  };
}

type VersionRow = MartRow<'mart_complaint_versions'>;

/** What changed from each version to the next; pure, unit-tested. */
export function diffVersions(rows: readonly Partial<VersionRow>[]): ComplaintVersion[] {
  const tracked = [...detailFields.filter((f) => f !== 'source_file'), 'description'] as const;
  return rows.map((row, index) => {
    const previous = rows[index - 1];
    const changed = previous
      ? tracked
          .map((field) => ({ field, before: shown(previous, field), after: shown(row, field) }))
          .filter((change) => change.before !== change.after)
      : [];
    return {
      versionNo: row.version_no ?? 0,
      loadRunId: String(row.load_run_id ?? ''),
      sourceFile: fileName(row.source_file ?? null) ?? '',
      changed,
    };
  });
}

/**
 * A field of a version as the page shows it: text, numbers as stored (compensation, a
 * decimal(18, 2), with its two decimals, as DuckDB writes it).
 */
function shown(row: Partial<VersionRow>, field: keyof VersionRow): string | null {
  const value = row[field];
  if (value === null || value === undefined) return null;
  if (field === 'compensation' && typeof value === 'number') return value.toFixed(2);
  return String(value);
}

/**
 * The file's name without its directory: the path is where the server read the export, which
 * tells a reader nothing and a stranger too much. Pure.
 */
export function fileName(path: string | null): string | null {
  if (path === null) return null;
  return path.split(/[\\/]/).pop() || path;
}
