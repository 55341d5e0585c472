// The reason of a batch's hot-spot verdict, in words: mart_batch_hotspots carries the numbers and
// codes of every test (rate, cause rate, cause mix, dispersion, new causes, actions, why a batch
// was not tested or not flagged), and this is the one place they become a sentence, for the
// dashboard, the report, the exports and the recommendations' evidence. The precision follows
// the statistics: counts as integers, expected counts and ratios to 0.1, shares in whole per cent.
import type { BatchUntestedCode, NotHotspotCode } from '../contract/hotspotCodes.ts';
import type { MartRow } from '../contract/marts.ts';
import { fixed } from './format.ts';
import type { Lang } from './lang.ts';

type Row = MartRow<'mart_batch_hotspots'>;

const f1 = (x: number | null) => fixed(x, 1);
/** An upper confidence limit: the contract reads an infinite one (no finite bound) as null. */
const upper = (x: number | null) => (x === null ? 'inf' : fixed(x, 1));
const int = (x: number | null) => (x === null ? '' : String(Math.round(x)));
const pct = (x: number | null) => String(Math.round(100 * (x ?? 0)));
/** A setting as DuckDB casts a double to text (1.0 stays "1.0"). */
const setting = (x: number | null) =>
  x === null ? '' : Number.isInteger(x) ? x.toFixed(1) : String(x);
const probability = (name: 'p' | 'q', x: number | null) =>
  x !== null && x < 0.001 ? `${name}<0.001` : `${name}=${fixed(x, 3)}`;
const join = (lang: Lang, parts: Array<string | null | undefined | false>) =>
  parts.filter((p): p is string => typeof p === 'string').join(lang === 'zh' ? '；' : '; ');

function causeName(label: string | null, key: string | number | null, lang: Lang): string {
  return label ?? (lang === 'zh' ? `簇 ${key ?? ''}` : `cluster ${key ?? ''}`);
}

/** The rate test's baseline (int_batch_rate_tests), and a caveat when there are no volumes. */
function basis(r: Row, lang: Lang): string {
  const reference = int(r.rate_reference_complaints);
  const level =
    r.rate_baseline_level === 'product_line'
      ? lang === 'zh'
        ? `该产品同龄批次不足，用同产品线同龄基线，按该产品其他批次（${reference} 起）折算到其水平`
        : `too few same-age batches of the product: the product line's same-age baseline, scaled to the product's level over its other batches (${reference} complaints)`
      : r.rate_baseline_level === 'all_products'
        ? lang === 'zh'
          ? `该产品及其产品线同龄批次不足，用全部产品同龄基线，按该产品其他批次（${reference} 起）折算到其水平`
          : `too few same-age batches of the product and its line: all products' same-age baseline, scaled to the product's level over its other batches (${reference} complaints)`
        : lang === 'zh'
          ? '同龄批次基线'
          : 'same-age batch baseline';
  const noVolumes =
    r.exposure_basis === 'batch'
      ? lang === 'zh'
        ? '未提供产量、假定批量相近'
        : 'no volumes, batches assumed similar in size'
      : null;
  return [level, noVolumes].filter(Boolean).join(lang === 'zh' ? '，' : '; ');
}

function numbers(r: Row, lang: Lang): string | null {
  if (!r.is_tested) return null;
  const q = probability('q', r.q_value);
  const ci = `${f1(r.rate_ratio)} [${f1(r.rate_ratio_lower)}–${upper(r.rate_ratio_upper)}]`;
  return lang === 'zh'
    ? `批次 ${r.batch}：${r.test_scope === 'all' ? '投诉' : '质量投诉'} ${int(r.observed)} 起，预期 ${f1(r.expected)} 起（${basis(r, lang)}），比率 ${ci}，${q}`
    : `Batch ${r.batch}: ${int(r.observed)} ${r.test_scope === 'all' ? 'complaints' : 'quality complaints'}, ${f1(r.expected)} expected (${basis(r, lang)}), ratio ${ci}, ${q}`;
}

function causeRate(r: Row, lang: Lang): string | null {
  if (!r.is_cause_rate_signal) return null;
  const name = causeName(r.cause_rate_label, r.cause_rate_key, lang);
  const ci = `${f1(r.cause_rate_ratio)} [${f1(r.cause_rate_ratio_lower)}–${upper(r.cause_rate_ratio_upper)}]`;
  return lang === 'zh'
    ? `其中 ${name} ${int(r.cause_rate_observed)} 起，预期 ${f1(r.cause_rate_expected)} 起（同龄基线 × 该产品其他批次此类占比），比率 ${ci}`
    : `of which ${name}: ${int(r.cause_rate_observed)}, ${f1(r.cause_rate_expected)} expected (same-age baseline × its share in the other batches), ratio ${ci}`;
}

function dominantCluster(r: Row, lang: Lang): string | null {
  if (r.dominant_cluster_id === null) return null;
  const name = causeName(r.dominant_cluster_label, r.dominant_cluster_id, lang);
  return lang === 'zh'
    ? `${pct(r.dominant_cluster_share)}% 为 ${name}（该产品其他批次 ${pct(r.dominant_cluster_baseline_share)}%）`
    : `${pct(r.dominant_cluster_share)}% are ${name} (${pct(r.dominant_cluster_baseline_share)}% in the product's other batches)`;
}

function mix(r: Row, lang: Lang): string | null {
  if (!r.is_mix_signal) return null;
  const name = causeName(r.mix_cause_label, r.mix_cause, lang);
  const stats = `PRR ${f1(r.mix_prr)}，ROR ${f1(r.mix_ror)} [${f1(r.mix_ror_lower)}–${upper(r.mix_ror_upper)}]，χ²=${f1(r.mix_chi2)}，${probability('p', r.mix_p_value)}`;
  if (lang === 'zh') {
    const level =
      r.mix_comparison_level === 'product'
        ? '该产品'
        : r.mix_comparison_level === 'product_line'
          ? '同产品线'
          : '全部产品';
    return `病因构成异常：${name} 占 ${pct(r.mix_batch_share)}%（${level}同龄可比批次 ${pct(r.mix_baseline_share)}%），${stats}`;
  }
  const level =
    r.mix_comparison_level === 'product'
      ? 'product'
      : r.mix_comparison_level === 'product_line'
        ? 'product line'
        : 'whole range';
  return `unusual cause mix: ${name} is ${pct(r.mix_batch_share)}% of its complaints (${pct(r.mix_baseline_share)}% in same-age batches of the ${level}), ${stats.replaceAll('，', ', ')}`;
}

function dispersion(r: Row, lang: Lang): string | null {
  const estimate = r.dispersion_estimate;
  const factor = r.dispersion_factor;
  if (estimate === null || factor === null || !(estimate > factor)) return null;
  return lang === 'zh'
    ? `离散度估计 ${fixed(estimate, 0)}，检验按上限 ${fixed(factor, 0)}`
    : `dispersion estimate ${fixed(estimate, 0)}, tested at the cap ${fixed(factor, 0)}`;
}

function newCauses(r: Row, lang: Lang): string | null {
  if (r.new_causes === null) return null;
  return lang === 'zh'
    ? `新出现的问题（该产品更早的批次没有，如新配置）：${r.new_causes}，单独列出，不作缺陷判断`
    : `new causes (no earlier batch of the product had them, e.g. new equipment): ${r.new_causes}, listed apart, not judged as a defect`;
}

function actions(r: Row, lang: Lang): string | null {
  if (r.actions === null) return null;
  if (r.is_covered_by_action)
    return lang === 'zh'
      ? `已有进行中的措施：${r.actions}`
      : `covered by an open action: ${r.actions}`;
  return lang === 'zh' ? `已有措施：${r.actions}` : `actions: ${r.actions}`;
}

type Words = Record<Lang, (r: Row) => string>;

/** Why a tested batch is not a hot spot (not_hotspot_because): the first rule of the flag it fails. */
export const notHotspotWords: Record<NotHotspotCode, Words> = {
  few_complaints: {
    zh: (r) => `少于 ${int(r.reason_limit)} 起`,
    en: (r) => `fewer than ${int(r.reason_limit)}`,
  },
  q_above_limit: {
    zh: (r) => `q>${setting(r.reason_limit)}`,
    en: (r) => `q>${setting(r.reason_limit)}`,
  },
  ci_lower_at_most: {
    zh: (r) => `比率下限未超过 ${setting(r.reason_limit)}`,
    en: (r) => `CI lower bound not above ${setting(r.reason_limit)}`,
  },
};

/** Why a batch is not tested (untested_because), a sentence for every code the SQL emits. */
export const untestedWords: Record<BatchUntestedCode, Words> = {
  too_young: {
    zh: (r) => `批次太新：生产 ${int(r.age_days)} 天，需满 ${int(r.reason_limit)} 天`,
    en: (r) =>
      `too young to judge: ${int(r.age_days)} days since production, ${int(r.reason_limit)} needed`,
  },
  no_production_date: {
    zh: () => '缺少生产日期，无法按龄比较',
    en: () => 'no production date',
  },
  missing_from_volumes: {
    zh: () => '产量文件中没有该批次',
    en: () => 'batch missing from the volumes file',
  },
  no_comparable_batches: {
    zh: () => '同龄可比批次不足（产品线和全部产品的基线也无法折算：该产品没有其他同龄可比的批次）',
    en: () =>
      "no comparable batches at this age (nor a wider baseline: the product has no other batch at a comparable age to scale the product line's or all products' baseline to)",
  },
  no_baseline_complaints: {
    zh: () => '同龄基线无投诉',
    en: () => 'no baseline complaints at this age',
  },
  no_exposure: {
    zh: () => '观察期内无暴露',
    en: () => 'no exposure in the observation window',
  },
};

/** The words of `code` in `table`; an unknown code (a newer warehouse) is shown as it is. */
function worded<C extends string>(
  table: Record<C, Words>,
  code: string | null,
  r: Row,
  lang: Lang,
): string | null {
  if (code === null) return null;
  return Object.hasOwn(table, code) ? table[code as C][lang](r) : code;
}

function shortOf(r: Row, lang: Lang): string | null {
  return worded(notHotspotWords, r.not_hotspot_because, r, lang);
}

function untested(r: Row, lang: Lang): string {
  return worded(untestedWords, r.untested_because, r, lang) ?? '';
}

/** The batch's reason in `lang`: the evidence of a hot spot, or why it is not one. */
export function batchHotspotReason(r: Row, lang: Lang): string {
  const numbersText = numbers(r, lang);
  if (r.is_hotspot && r.is_tested)
    return join(lang, [
      numbersText,
      causeRate(r, lang),
      dominantCluster(r, lang),
      mix(r, lang),
      dispersion(r, lang),
      newCauses(r, lang),
      actions(r, lang),
    ]);
  if (r.is_hotspot)
    return join(lang, [
      lang === 'zh' ? `批次 ${r.batch}` : `Batch ${r.batch}`,
      mix(r, lang),
      dominantCluster(r, lang),
      newCauses(r, lang),
      actions(r, lang),
    ]);
  if (r.is_tested) {
    const short = shortOf(r, lang);
    return join(lang, [
      numbersText,
      short === null
        ? null
        : lang === 'zh'
          ? `未达热点标准（${short}）`
          : `not a hot spot (${short})`,
      dispersion(r, lang),
      newCauses(r, lang),
    ]);
  }
  return join(lang, [
    lang === 'zh'
      ? `批次 ${r.batch}：未检验（${untested(r, lang)}）`
      : `Batch ${r.batch}: not tested (${untested(r, lang)})`,
    newCauses(r, lang),
  ]);
}
