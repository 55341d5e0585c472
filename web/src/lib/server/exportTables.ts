// The FIXED whitelist of exportable tables: name → columns and query. Table names, column
// expressions and ORDER BY are literals of this file; the request only chooses an entry by name
// and supplies filter values, which reach SQL as bound parameters.
import type { Filters, MemberFilterKey } from '../filters.ts';
import { codeLabel, langOf } from '../i18n/codes.ts';
import { catalogues, statusLabel, t, type Locale, type MessageKey } from '../i18n/messages.ts';
import { complaintListWhere } from './complaints.ts';
import { complaintSource } from './complaintSource.ts';
import type { Params } from './db.ts';
import { memberConditions } from './filters.ts';
import { recommendationFilterOrError, recommendationWhere } from './recommendations.ts';
import { batchHotspotReasons } from '../../../../pipeline/contract/hotspotReasons.ts';
import { messageArgs, recommendationTexts } from '../../../../pipeline/contract/recommendations.ts';
import { categoryName } from '../../../../pipeline/messages/codes.ts';
import { fileName } from '../../../../pipeline/messages/format.ts';

export interface ExportColumn {
  /** SQL expression (a literal of this file). */
  sql: string;
  header: MessageKey;
  kind: 'text' | 'number';
  width?: number;
  /** Words the SQL value (a mart's codes and names) in the export's language. */
  render?: (value: unknown) => string | null;
}

export interface ExportSource {
  from: string;
  where: string;
  params: Params;
}

export interface ExportTable {
  /** File name stem and XLSX sheet name. */
  file: string;
  /** Label of the table in the menu (“Export {table}”). */
  label: MessageKey;
  /** URL parameters of the table besides the global filters and `format`. */
  pageParams: readonly string[];
  columns(locale: Locale, labels: ExportLabels): ExportColumn[];
  /** Reads a mart only a build makes: 404 until the models are built (models.ts). */
  models?: true;
  /** FROM / WHERE for the request. */
  source(filters: Filters, url: URL): Promise<ExportSource>;
  /** Total order (unique key last), so limit/offset pages neither skip nor repeat rows. */
  orderBy: string;
}

/** Labels the export words values with that live in the warehouse (loaded per request). */
export interface ExportLabels {
  /** English labels of the taxonomy categories (mart_categories.label_en) by category name. */
  categories: Readonly<Record<string, string>>;
}

const text = (sql: string, header: MessageKey, width?: number): ExportColumn => ({
  sql,
  header,
  kind: 'text',
  width,
});
/** A recommendation text worded by the catalogue from the row's rule and message_args. */
const recommendationText = (
  locale: Locale,
  text: 'title' | 'action' | 'explain',
  header: MessageKey,
): ExportColumn => ({
  sql: `json_object('rule', rule, 'args', message_args)::varchar`,
  header,
  kind: 'text',
  width: 40,
  render(value) {
    const { rule, args } = JSON.parse(String(value)) as { rule: string; args: unknown };
    const texts = recommendationTexts(rule, messageArgs(args));
    return locale === 'zh-CN' ? texts[`${text}Zh`] : texts[`${text}En`];
  },
});

const number = (sql: string, header: MessageKey): ExportColumn => ({
  sql,
  header,
  kind: 'number',
  width: 12,
});

/** A text column worded in the export's language by `render` (a product code or name). */
const worded = (
  sql: string,
  header: MessageKey,
  render: (value: string) => string,
  width?: number,
): ExportColumn => ({ sql, header, kind: 'text', width, render: (v) => render(String(v)) });

/** A taxonomy category in the export's language, as the pages name it. */
const category = (locale: Locale, labels: ExportLabels, sql: string, header: MessageKey) =>
  worded(sql, header, (v) => categoryName(langOf(locale), v, labels.categories));

/** A message of the catalogue for a code, or the code as it is when the catalogue has none. */
function known(locale: Locale, key: string, code: string): string {
  return key in catalogues[locale] ? t(locale, key as MessageKey) : code;
}

/** Normalised complaint statuses (docs/schema.md); their labels come from the catalogue. */
const complaintStatuses = ['open', 'in_progress', 'resolved', 'closed', 'invalid', 'withdrawn'];

/**
 * The status column as its label in the export's language, like the pages show it, not the code
 * (`open`). The SQL literals are the catalogue's own constants (quotes doubled), never input; an
 * unknown code is exported as it is.
 */
export function statusLabelSql(column: string, locale: Locale): string {
  const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
  const whens = complaintStatuses
    .map((code) => `when ${literal(code)} then ${literal(statusLabel(locale, code))}`)
    .join(' ');
  return `case ${column} ${whens} else ${column} end`;
}

/** Member filters that are columns of mart_batch_hotspots (the others do not apply to it). */
const hotspotFilterColumns: Partial<Record<MemberFilterKey, string>> = {
  product_category: 'product_category',
  product: 'product',
  batch: 'batch',
};

export const exportTables = {
  complaints: {
    file: 'complaints',
    label: 'export.table.complaints',
    pageParams: ['q'],
    columns: (locale, labels) => [
      text('c.complaint_id', 'export.col.complaint_id', 20),
      text(`strftime(c.received_at, '%Y-%m-%d %H:%M:%S')`, 'export.col.received_at', 20),
      text('c.channel', 'export.col.channel'),
      text('c.product', 'export.col.product'),
      text('c.product_category', 'export.col.product_category'),
      text('c.batch', 'export.col.batch', 20),
      text('c.region', 'export.col.region', 10),
      text('c.department', 'export.col.department'),
      category(locale, labels, 'c.category', 'export.col.category'),
      text('c.cluster_label', 'export.col.root_cause', 24),
      text(statusLabelSql('c.status', locale), 'export.col.status', 10),
      text('c.description', 'export.col.description', 60),
      text('c.resolution', 'export.col.resolution', 40),
      number('c.compensation', 'export.col.compensation'),
      number('c.satisfaction', 'export.col.satisfaction'),
    ],
    async source(filters, url) {
      const where = complaintListWhere(filters, url.searchParams.get('q') ?? '');
      return { from: await complaintSource(), where: where.sql, params: where.params };
    },
    orderBy: 'c.received_at desc, c.complaint_id',
  },
  hotspots: {
    file: 'batch-hotspots',
    label: 'export.table.hotspots',
    pageParams: [],
    columns: (locale, labels) => [
      text('product', 'export.col.product'),
      text('product_category', 'export.col.product_category'),
      text('batch', 'export.col.batch', 20),
      text(`strftime(production_date, '%Y-%m-%d')`, 'export.col.production_date', 12),
      number('units', 'export.col.units'),
      number('complaints', 'export.col.complaints'),
      number('round(expected, 3)', 'export.col.expected'),
      number('round(rate_ratio, 3)', 'export.col.rate_ratio'),
      number('round(rate_ratio_lower, 3)', 'export.col.rate_ratio_lower'),
      number('q_value', 'export.col.q_value'),
      text(`strftime(first_flagged_on, '%Y-%m-%d')`, 'export.col.first_flagged_on', 12),
      category(locale, labels, 'dominant_category', 'export.col.dominant_category'),
      text('top_regions', 'export.col.top_regions', 20),
      number('units_at_risk', 'export.col.units_at_risk'),
      {
        // the reason is worded from the whole row (pipeline/messages/batchHotspots.ts)
        sql: 'to_json(mart_batch_hotspots)::varchar',
        header: 'export.col.reason',
        kind: 'text',
        width: 60,
        render(value) {
          const reasons = batchHotspotReasons(JSON.parse(String(value)) as Record<string, unknown>);
          return locale === 'zh-CN' ? reasons.reasonZh : reasons.reasonEn;
        },
      },
    ],
    models: true,
    async source(filters) {
      const conditions = ['is_hotspot'];
      const params: Params = {};
      memberConditions(filters, hotspotFilterColumns, conditions, params);
      return { from: 'mart_batch_hotspots', where: conditions.join(' and '), params };
    },
    // the mart's one order of hot spots (sql/macros/ranking.sql), as the overview and the report
    orderBy: 'rank, product, batch',
  },
  recommendations: {
    file: 'recommendations',
    label: 'export.table.recommendations',
    pageParams: ['priority', 'owner'],
    columns: (locale) => [
      number('rank', 'export.col.rank'),
      text('priority', 'export.col.priority', 8),
      recommendationText(locale, 'title', 'export.col.title'),
      recommendationText(locale, 'action', 'export.col.action'),
      worded('owner_department', 'export.col.owner', (v) => codeLabel(locale, 'owner', v)),
      number('round(score, 4)', 'export.col.score'),
      number('complaints', 'export.col.complaints'),
      text(`strftime(first_raised_on, '%Y-%m-%d')`, 'export.col.first_raised_on', 12),
      text(`strftime(last_evidence_on, '%Y-%m-%d')`, 'export.col.last_evidence_on', 12),
      recommendationText(locale, 'explain', 'export.col.explain'),
      text('cast(evidence_json as varchar)', 'export.col.evidence', 40),
      worded('rule', 'export.col.rule', (v) => codeLabel(locale, 'rule', v)),
      text(`subject_kind || ': ' || subject_key`, 'export.col.subject', 24),
      text('drill', 'export.col.drill', 30),
    ],
    models: true,
    async source(_filters, url) {
      const where = recommendationWhere(recommendationFilterOrError(url));
      return { from: 'mart_recommendations', where: where.sql, params: where.params };
    },
    orderBy: 'rank nulls last, score desc nulls last, rec_id',
  },
  runs: {
    file: 'load-runs',
    label: 'export.table.runs',
    pageParams: [],
    columns: (locale) => [
      number('run_id', 'export.col.run_id'),
      // the file's name: the server's directories are not the reader's business
      worded('file', 'export.col.file', fileName, 30),
      worded('kind', 'export.col.kind', (v) => known(locale, `export.kind.${v}`, v), 10),
      text(`strftime(started_at, '%Y-%m-%d %H:%M:%S')`, 'export.col.started_at', 20),
      text(`strftime(finished_at, '%Y-%m-%d %H:%M:%S')`, 'export.col.finished_at', 20),
      worded('status', 'export.col.status', (v) => known(locale, `export.runStatus.${v}`, v), 10),
      number('rows_read', 'export.col.rows_read'),
      number('rows_new', 'export.col.rows_new'),
      number('rows_updated', 'export.col.rows_updated'),
      number('rows_unchanged', 'export.col.rows_unchanged'),
      number('rows_rejected', 'export.col.rows_rejected'),
      text('format', 'export.col.format', 8),
      text('encoding', 'export.col.encoding', 10),
      number('bytes', 'export.col.bytes'),
      text('message', 'export.col.message', 40),
    ],
    // a journal mart: every warehouse this version serves has it, built or not (contract/check.ts)
    source: async () => ({ from: 'mart_load_runs', where: 'true', params: {} }),
    orderBy: 'run_id desc, started_at desc, file',
  },
  rejects: {
    file: 'rejects',
    label: 'export.table.rejects',
    pageParams: [],
    columns: () => [
      number('run_id', 'export.col.run_id'),
      text('file', 'export.col.file', 30),
      number('row_number', 'export.col.row_number'),
      text('reason', 'export.col.reason', 22),
      text('message', 'export.col.message', 40),
      text('complaint_id', 'export.col.complaint_id', 20),
      text('raw', 'export.col.raw', 80),
    ],
    // a journal mart: every warehouse this version serves has it, built or not (contract/check.ts)
    source: async () => ({ from: 'mart_rejects', where: 'true', params: {} }),
    // mart_rejects' key is the whole row: it completes the order
    orderBy: 'run_id desc, file, row_number nulls last, reason, message, raw, complaint_id',
  },
} as const satisfies Record<string, ExportTable>;

export type ExportTableName = keyof typeof exportTables;

export function isExportTable(name: string): name is ExportTableName {
  return Object.hasOwn(exportTables, name);
}
