// The dashboard's message catalogue. English is the reference: every other locale must have the
// same keys (the type below enforces it). Placeholders are `{name}` and are filled by `t()`.

export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'zh-CN';

const en = {
  'app.tagline': 'Complaint analytics',
  'nav.label': 'Main navigation',
  'nav.skip': 'Skip to content',
  'nav.overview': 'Overview',
  'nav.trends': 'Trends',
  'nav.hotspots': 'Hot spots',
  'nav.rootCauses': 'Root causes',
  'nav.complaints': 'Complaints',
  'nav.recommendations': 'Recommendations',
  'nav.pipeline': 'Pipeline',
  'nav.soon': 'Coming soon',
  'lang.label': 'Language',
  'overview.title': 'Overview',
  'overview.subtitle': 'Complaint volume across all channels, regions and products.',
  'overview.source.mart': 'Source: mart_kpis_monthly',
  'overview.source.fallback': 'Source: complaints table (KPI mart not built yet)',
  'kpi.total': 'Total complaints',
  'kpi.total.hint': '{from} – {to}',
  'kpi.latest': 'Latest complete month',
  'kpi.latest.none': 'No complete month yet',
  'kpi.change': 'Change vs previous month',
  'kpi.change.none': 'Needs two complete months',
  'kpi.change.hint': '{month} vs {previous}',
  'kpi.average': 'Monthly average',
  'kpi.average.hint': 'over {count} complete months',
  'chart.monthly.title': 'Complaints per month',
  'chart.monthly.seriesName': 'Complaints',
  'chart.monthly.partial': 'partial month',
  'chart.monthly.aria':
    'Bar chart of complaints per month from {from} to {to}. Peak {peakMonth} with {peak} complaints; latest {latestMonth} with {latest} complaints.',
  'chart.monthly.ariaLine':
    'Line chart of complaints per month from {from} to {to}. Peak {peakMonth} with {peak} complaints; latest {latestMonth} with {latest} complaints.',
  'table.latest.title': 'Latest months',
  'table.latest.caption': 'Complaints in the most recent months',
  'table.month': 'Month',
  'table.complaints': 'Complaints',
  'table.change': 'Change',
  'table.status': 'Status',
  'status.complete': 'Complete',
  'status.partial': 'In progress',
  'state.loading': 'Loading…',
  'state.empty.title': 'No complaints yet',
  'state.empty.body':
    'The warehouse has no complaint rows yet. Load files with complaint-lens ingest, then run complaint-lens build.',
  'state.error.title': 'The data could not be loaded',
  'state.error.missing':
    'No warehouse was found at {path}. Run npm start to build it from the sample data.',
  'state.error.query': 'The warehouse could not be queried. Details are in the server log.',
  'error.title': 'Something went wrong',
  'error.notFound': 'This page does not exist.',
  'error.back': 'Back to the overview',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

const zhCN: Messages = {
  'app.tagline': '客户投诉分析',
  'nav.label': '主导航',
  'nav.skip': '跳到正文',
  'nav.overview': '总览',
  'nav.trends': '趋势',
  'nav.hotspots': '热点',
  'nav.rootCauses': '根因分析',
  'nav.complaints': '投诉明细',
  'nav.recommendations': '改进建议',
  'nav.pipeline': '数据管道',
  'nav.soon': '即将上线',
  'lang.label': '语言',
  'overview.title': '总览',
  'overview.subtitle': '所有渠道、地区和产品的投诉量。',
  'overview.source.mart': '数据来源：mart_kpis_monthly',
  'overview.source.fallback': '数据来源：complaints 表（KPI 汇总表尚未生成）',
  'kpi.total': '投诉总量',
  'kpi.total.hint': '{from} – {to}',
  'kpi.latest': '最近完整月份',
  'kpi.latest.none': '尚无完整月份',
  'kpi.change': '环比变化',
  'kpi.change.none': '需要两个完整月份',
  'kpi.change.hint': '{month} 对比 {previous}',
  'kpi.average': '月均投诉量',
  'kpi.average.hint': '基于 {count} 个完整月份',
  'chart.monthly.title': '每月投诉量',
  'chart.monthly.seriesName': '投诉量',
  'chart.monthly.partial': '未满月',
  'chart.monthly.aria':
    '每月投诉量柱状图，{from} 至 {to}。峰值为 {peakMonth}，共 {peak} 件；最近为 {latestMonth}，共 {latest} 件。',
  'chart.monthly.ariaLine':
    '每月投诉量折线图，{from} 至 {to}。峰值为 {peakMonth}，共 {peak} 件；最近为 {latestMonth}，共 {latest} 件。',
  'table.latest.title': '最近月份',
  'table.latest.caption': '最近几个月的投诉量',
  'table.month': '月份',
  'table.complaints': '投诉量',
  'table.change': '环比',
  'table.status': '状态',
  'status.complete': '完整',
  'status.partial': '进行中',
  'state.loading': '加载中…',
  'state.empty.title': '暂无投诉数据',
  'state.empty.body':
    '数据仓库中还没有投诉记录。请先运行 complaint-lens ingest 导入文件，再运行 complaint-lens build。',
  'state.error.title': '数据加载失败',
  'state.error.missing': '在 {path} 未找到数据仓库。运行 npm start 可由示例数据生成。',
  'state.error.query': '无法查询数据仓库，详情见服务器日志。',
  'error.title': '出错了',
  'error.notFound': '页面不存在。',
  'error.back': '返回总览',
};

export const catalogues: Record<Locale, Messages> = { en, 'zh-CN': zhCN };

/** Native name of each locale, shown on the language toggle. */
export const localeNames: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** Look up a message and fill its `{placeholders}`. Unknown placeholders are left visible. */
export function t(
  locale: Locale,
  key: MessageKey,
  params: Record<string, string | number> = {},
): string {
  const template = catalogues[locale][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
