// Labels of the codes and names the product itself defines — rule names, alert kinds, KPI keys,
// flag bases, hot-spot baselines and untested reasons, control-chart types, period grains,
// severity grades and the default owner departments — and of the taxonomy categories, in both
// languages: the one table the dashboard (web/src/lib/i18n/codes.ts) and the report
// (pipeline/report) label them with. Data values from the export (regions, channels, products, the
// export's own departments) are never translated: only a code listed here is.
import type { BaselineLevel, BatchUntestedCode, FlagBasis } from '../contract/hotspotCodes.ts';
import type { Lang } from './lang.ts';

type Entry = { en: string; zh: string };
type Table = Record<string, Entry>;

// mart_batch_hotspots' codes (pipeline/contract/hotspotCodes.ts): a label for every code the SQL
// can emit, checked by the type
const flagBasis: Record<FlagBasis, Entry> = {
  rate: { en: 'rate', zh: '投诉率' },
  cause_rate: { en: 'cause rate', zh: '原因投诉率' },
  cause_mix: { en: 'cause mix', zh: '原因构成' },
};

/** The batches a rate test compares with, as the batch page's hint names them. */
const baselineLevel: Record<BaselineLevel, Entry> = {
  product: { en: 'the product', zh: '本产品' },
  product_line: { en: 'the product line', zh: '产品线' },
  all_products: { en: 'all products', zh: '全部产品' },
};

/** Why a batch is not tested, in a table cell's few words (the reason's sentence: batchHotspots.ts). */
const batchUntested: Record<BatchUntestedCode, Entry> = {
  too_young: { en: 'too young', zh: '批次太新' },
  no_production_date: { en: 'no production date', zh: '无生产日期' },
  missing_from_volumes: { en: 'batch missing from the volumes file', zh: '产量文件中无此批次' },
  no_comparable_batches: { en: 'no comparable batches', zh: '无可比批次' },
  no_baseline_complaints: { en: 'no baseline', zh: '无基线' },
  no_exposure: { en: 'no exposure in the observation window', zh: '观察期内无暴露' },
};

const tables: Record<string, Table> = {
  rule: {
    batch_hotspot: { en: 'batch hot spot', zh: '批次热点' },
    product_hotspot: { en: 'product hot spot', zh: '产品热点' },
    product_cause: { en: 'product × cause', zh: '产品 × 原因' },
    product_root_cause: { en: 'product root cause', zh: '产品根因' },
    dominant_cause: { en: 'dominant cause', zh: '主要原因' },
    emerging_root_cause: { en: 'emerging root cause', zh: '新兴根因' },
    external_escalation: { en: 'external-channel spike', zh: '外部渠道激增' },
    external_share_high: { en: 'external share high', zh: '外部渠道占比过高' },
    overall_surge: { en: 'overall surge', zh: '总量激增' },
    product_surge: { en: 'product surge', zh: '产品投诉激增' },
    channel_surge: { en: 'channel surge', zh: '渠道投诉激增' },
    region_surge: { en: 'region surge', zh: '地区投诉激增' },
    category_rise: { en: 'category rise', zh: '类别上升' },
    quality_rise: { en: 'product-quality rise', zh: '产品质量投诉上升' },
    delivery_rise: { en: 'delivery rise', zh: '物流投诉上升' },
    repair_rise: { en: 'repair rise', zh: '维修投诉上升' },
    service_attitude_rise: { en: 'service-attitude rise', zh: '服务态度投诉上升' },
    price_dispute_rise: { en: 'price-dispute rise', zh: '价格争议上升' },
    contract_dispute_rise: { en: 'contract-dispute rise', zh: '合同争议上升' },
    department_load: { en: 'department load', zh: '部门负荷' },
    sla_breach: { en: 'SLA breach', zh: '办结超时' },
    redispatch_high: { en: 're-dispatch high', zh: '重派率过高' },
    repeat_high: { en: 'repeat complaints high', zh: '重复投诉率过高' },
    satisfaction_low: { en: 'satisfaction low', zh: '满意率过低' },
  },
  kind: {
    spike: { en: 'spike', zh: '突增' },
    drop: { en: 'drop', zh: '突降' },
    shift: { en: 'level shift', zh: '水平偏移' },
    trend: { en: 'trend', zh: '持续趋势' },
    emerging: { en: 'emerging', zh: '新兴' },
  },
  grain: {
    week: { en: 'week', zh: '周' },
    month: { en: 'month', zh: '月' },
  },
  kpi: {
    late_resolution: { en: 'late resolution', zh: '超时办结' },
    redispatch: { en: 're-dispatch', zh: '重派' },
    repeat: { en: 'repeat complaints', zh: '重复投诉' },
    dissatisfied: { en: 'dissatisfied', zh: '不满意' },
    external: { en: 'external channels', zh: '外部渠道' },
  },
  flag_basis: flagBasis,
  baseline_level: baselineLevel,
  untested_because: batchUntested,
  chart_type: {
    u: { en: 'u-chart', zh: 'u 控制图' },
    c: { en: 'c-chart', zh: 'c 控制图' },
    laney_u: { en: 'Laney u′-chart', zh: 'Laney u′ 控制图' },
    laney_c: { en: 'Laney c′-chart', zh: 'Laney c′ 控制图' },
  },
  severity: {
    一般: { en: 'general', zh: '一般' },
    重大: { en: 'major', zh: '重大' },
    紧急: { en: 'urgent', zh: '紧急' },
  },
  // data tests (pipeline/models/dataTests.ts): severity and outcome
  test_severity: {
    error: { en: 'error', zh: '错误' },
    warn: { en: 'warning', zh: '警告' },
  },
  test_status: {
    pass: { en: 'pass', zh: '通过' },
    fail: { en: 'fail', zh: '失败' },
    warn: { en: 'warning', zh: '警告' },
    error: { en: 'error', zh: '出错' },
  },
  // the owners the recommendation rules assign by default (docs/recommendations.md "Owners")
  owner: {
    质量管理部: { en: 'Quality Management', zh: '质量管理部' },
    客服中心: { en: 'Customer Service Center', zh: '客服中心' },
    售后服务部: { en: 'After-sales Service', zh: '售后服务部' },
    物流部: { en: 'Logistics', zh: '物流部' },
  },
};

export type CodeField = keyof typeof tables;

/** The code's label in `lang`; a value that is not a known code is returned as it is. */
export function codeLabel(lang: Lang, field: string, value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const entry = tables[field]?.[value];
  if (entry) return entry[lang];
  // a list of flag bases (a recommendation's evidence flattens the mart's list to "rate, cause_rate")
  if (field === 'flag_basis' && value.includes(', '))
    return codeLabels(lang, field, value.split(', '));
  return value;
}

/** A list of codes (mart_batch_hotspots.flag_basis) in `lang`: "rate + cause rate"; '' for none. */
export function codeLabels(
  lang: Lang,
  field: string,
  values: readonly string[] | null | undefined,
): string {
  return (values ?? []).map((value) => codeLabel(lang, field, value)).join(' + ');
}

/** Whether `field` has a code table (evidence values of other keys are shown as they are). */
export function hasCodeTable(field: string): boolean {
  return field in tables;
}

/**
 * A taxonomy category in `lang`: in English its configured English label (mart_categories.label_en,
 * passed as `labelsEn`, keyed by the category's own name) with a capital first letter, in Chinese
 * its own name. A category without a label is shown as it is.
 */
export function categoryName(
  lang: Lang,
  category: string | null | undefined,
  labelsEn: Readonly<Record<string, string>>,
): string {
  if (!category) return '';
  if (lang === 'zh') return category;
  const label = labelsEn[category];
  return label ? label.charAt(0).toUpperCase() + label.slice(1) : category;
}
