// Names of the dimensions the marts break down by (pipeline/contract/dimensions.ts), in both
// languages: the one catalogue the dashboard (web/src/lib/i18n) and the report
// (pipeline/report/messages.ts) take their `dim.*` messages from, and the trend-alert reasons use.
import type { SERIES_DIMENSIONS } from '../contract/dimensions.ts';
import type { Lang } from './lang.ts';

type SeriesDimension = (typeof SERIES_DIMENSIONS)[number];

const names: Record<Lang, Record<SeriesDimension, string>> = {
  en: {
    all: 'all complaints',
    category: 'category',
    product_category: 'product category',
    product: 'product',
    channel: 'channel',
    region: 'region',
    department: 'department',
    cluster: 'root-cause cluster',
    category_region: 'category × region',
  },
  zh: {
    all: '全部投诉',
    category: '投诉类别',
    product_category: '产品类别',
    product: '产品型号',
    channel: '渠道',
    region: '地区',
    department: '处理部门',
    cluster: '根因簇',
    category_region: '类别×地区',
  },
};

/** The `dim.<dimension>` messages of one language, to spread into a catalogue. */
export function dimensionMessages(lang: Lang): Record<`dim.${SeriesDimension}`, string> {
  return Object.fromEntries(
    Object.entries(names[lang]).map(([dim, name]) => [`dim.${dim}`, name]),
  ) as Record<`dim.${SeriesDimension}`, string>;
}

/** A dimension's name; an unknown dimension is shown as its code. */
export function dimensionName(dimension: string, lang: Lang): string {
  return (names[lang] as Record<string, string>)[dimension] ?? dimension;
}
