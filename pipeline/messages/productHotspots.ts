// The reason of a product hot-spot test (product × month, product × region × month, product ×
// cause), in words: mart_product_hotspots carries the numbers and codes, this is the one place
// they become a sentence, for the dashboard, the report, the exports and the recommendations.
import type { ProductUntestedCode } from '../contract/hotspotCodes.ts';
import type { MartRow } from '../contract/marts.ts';
import { fixed } from './format.ts';
import type { Lang } from './lang.ts';

type Row = MartRow<'mart_product_hotspots'>;

const f1 = (x: number | null) => fixed(x, 1);
const int = (x: number | null) => (x === null ? '' : String(Math.round(x)));
const pct = (x: number | null) => String(Math.round(100 * (x ?? 0)));
const q = (x: number | null) => (x !== null && x < 0.001 ? 'q<0.001' : `q=${fixed(x, 3)}`);
/** " [lower–upper]" when the test has a CI; an infinite upper limit (read as null) is "inf". */
const ci = (r: Row) =>
  r.rate_ratio_lower === null
    ? ''
    : ` [${f1(r.rate_ratio_lower)}–${r.rate_ratio_upper === null ? 'inf' : f1(r.rate_ratio_upper)}]`;

function basis(r: Row, lang: Lang): string {
  const months = int(r.product_history_periods);
  const peers = r.baseline_group === 'category';
  if (r.basis === 'units')
    return lang === 'zh'
      ? `${peers ? '同类产品' : '其他产品'}每台按龄加权在用量的投诉率`
      : `${peers ? "category peers'" : "other products'"} rate per age-weighted unit in service`;
  return lang === 'zh'
    ? `自身前 ${months} 个月水平 × ${peers ? '同类产品' : '其他产品'}同期变化`
    : `own level over the previous ${months} months × ${peers ? "category peers'" : "other products'"} change`;
}

function numbers(r: Row, lang: Lang): string {
  const period = r.period_start?.slice(0, 7) ?? '';
  const scope =
    r.test_scope === 'all'
      ? lang === 'zh'
        ? '投诉'
        : 'complaints'
      : lang === 'zh'
        ? '质量投诉'
        : 'quality complaints';
  const ratio = `${f1(r.rate_ratio)}${ci(r)}`;
  if (r.level === 'product_period')
    return lang === 'zh'
      ? `产品 ${r.product} ${period}：${scope} ${int(r.observed)} 起，预期 ${f1(r.expected)} 起（${basis(r, lang)}），比率 ${ratio}，${q(r.q_value)}`
      : `Product ${r.product} ${period}: ${int(r.observed)} ${scope}, ${f1(r.expected)} expected (${basis(r, lang)}), ratio ${ratio}, ${q(r.q_value)}`;
  if (r.level === 'product_region_period')
    return lang === 'zh'
      ? `产品 ${r.product} 在${r.region} ${period}：${scope} ${int(r.observed)} 起，预期 ${f1(r.expected)} 起（全国预期 × 同类产品该地区占比 ${pct(r.region_share)}%），比率 ${ratio}，${q(r.q_value)}`
      : `Product ${r.product} in ${r.region} ${period}: ${int(r.observed)} ${scope}, ${f1(r.expected)} expected (national expectation × peers' regional share ${pct(r.region_share)}%), ratio ${ratio}, ${q(r.q_value)}`;
  const cause = r.cause_label ?? (lang === 'zh' ? `簇 ${r.cause_key}` : `cluster ${r.cause_key}`);
  const peers =
    r.baseline_group === 'category'
      ? lang === 'zh'
        ? '同类产品'
        : 'category peers'
      : lang === 'zh'
        ? '其他产品'
        : 'other products';
  const ror = `ROR ${f1(r.ror)} [${f1(r.ror_lower)}–${r.ror_upper === null ? 'inf' : f1(r.ror_upper)}]`;
  return lang === 'zh'
    ? `产品 ${r.product}：${cause} 占 ${pct(r.share)}%（${peers} ${pct(r.baseline_share)}%），提升 ${f1(r.rate_ratio)} 倍，${ror}，χ²=${f1(r.chi2)}，${q(r.q_value)}`
    : `Product ${r.product}: ${cause} is ${pct(r.share)}% of its complaints (${peers} ${pct(r.baseline_share)}%), lift ${f1(r.rate_ratio)}, ${ror}, χ²=${f1(r.chi2)}, ${q(r.q_value)}`;
}

/** Why a test was not run (untested_because), a sentence for every code the SQL emits. */
export const productUntestedWords: Record<ProductUntestedCode, Record<Lang, (r: Row) => string>> = {
  short_history: {
    zh: () => '历史不足一个完整的比较窗口',
    en: () => 'less than a full history window',
  },
  no_baseline: { zh: () => '没有基线', en: () => 'no baseline' },
  no_baseline_complaints: { zh: () => '基线无投诉', en: () => 'no baseline complaints' },
  no_peer_complaints_in_region: {
    zh: () => '同类产品在该地区没有投诉',
    en: () => 'peers had no complaints in the region',
  },
  few_cause_complaints: {
    zh: (r) => `该原因的投诉少于 ${int(r.reason_limit)} 起`,
    en: (r) => `fewer than ${int(r.reason_limit)} complaints with the cause`,
  },
  few_peer_complaints: { zh: () => '对照产品投诉过少', en: () => 'too few peer complaints' },
  product_specific_cause: {
    zh: (r) => `对照产品都没有该原因，且 ${pct(r.exclusive_share)}% 的投诉属于此类产品特有的原因`,
    en: (r) =>
      `no peer product has the cause, and ${pct(r.exclusive_share)}% of complaints have such product-specific causes`,
  },
};

function untested(r: Row, lang: Lang): string {
  const code = r.untested_because;
  if (code === null) return '';
  return Object.hasOwn(productUntestedWords, code)
    ? productUntestedWords[code as ProductUntestedCode][lang](r)
    : code;
}

/** The test's reason in `lang`: its evidence, or why it was not tested. */
export function productHotspotReason(r: Row, lang: Lang): string {
  if (!r.is_tested)
    return lang === 'zh'
      ? `产品 ${r.product}：未检验（${untested(r, lang)}）`
      : `Product ${r.product}: not tested (${untested(r, lang)})`;
  const text = numbers(r, lang);
  if (r.is_hotspot) return text;
  return lang === 'zh' ? `${text}；未达热点标准` : `${text}; not a hot spot`;
}
