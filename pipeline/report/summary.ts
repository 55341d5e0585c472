// The executive summary: three to six plain sentences generated from the numbers — volume against
// the previous period and a year ago, timely handling, the biggest mover, the top hot spot (with the
// number of trend alerts) and the top recommendation. Pure: ReportData in, sentences out.
import { categoryName, codeLabel } from '../messages/codes.ts';
import { formatter, relativeChange, type Formatter, type Lang } from './format.ts';
import { translator, type MessageKey, type Translate } from './messages.ts';
import type { BatchHotspot, ProductHotspot, Recommendation, ReportData } from './types.ts';

/** A change smaller than this (relative) reads as "as many as". */
const SAME = 0.0005;

export function dimensionLabel(t: Translate, dimension: string): string {
  const key = `dim.${dimension}` as MessageKey;
  const text = t(key);
  return text === key ? dimension : text;
}

/**
 * A member of a dimension as the report names it: a taxonomy category (also the category part of
 * a category × region member) in the report language; data values (regions, products…) as they are.
 */
export function memberName(
  data: ReportData,
  lang: Lang,
  dimension: string,
  member: string,
): string {
  if (dimension === 'category') return categoryName(lang, member, data.categoryLabels);
  if (dimension === 'category_region') {
    const [category, ...rest] = member.split(' × ');
    return [categoryName(lang, category, data.categoryLabels), ...rest].join(' × ');
  }
  return member;
}

/** A recommendation's owner: a default owner department of the product in the report language. */
export function ownerName(lang: Lang, owner: string | null): string | null {
  return owner === null ? null : codeLabel(lang, 'owner', owner);
}

/** Text in the report language, falling back to the other language, then to a default. */
export function pick(lang: Lang, zh: string | null, en: string | null, fallback = ''): string {
  return (lang === 'zh' ? (zh ?? en) : (en ?? zh)) ?? fallback;
}

function volumeSentence(data: ReportData, fmt: Formatter, t: Translate): string {
  const { period } = data;
  const current = data.kpis?.current?.values.complaints ?? null;
  if (current === null) return t('kpi.noData');
  const kind = period.kind;
  const comparisons: string[] = [];
  const compare = (base: number | null, when: string) => {
    if (base === null) return;
    const change = relativeChange(current, base);
    if (change === null) {
      if (current === base) comparisons.push(t('sum.cmp.same', { when, count: fmt.int(base) }));
      return; // from zero: no percentage to give
    }
    const key: MessageKey =
      Math.abs(change) < SAME ? 'sum.cmp.same' : change < 0 ? 'sum.cmp.less' : 'sum.cmp.more';
    comparisons.push(t(key, { pct: fmt.pct(Math.abs(change)), when, count: fmt.int(base) }));
  };
  const previousMonth = fmt.month(period.previousStart);
  const yearAgoMonth = fmt.month(period.yearAgoStart);
  compare(
    data.kpis?.previous?.values.complaints ?? null,
    t(`when.prev.${kind}`, { period: previousMonth }),
  );
  compare(
    data.kpis?.yearAgo?.values.complaints ?? null,
    t(`when.yoy.${kind}`, { period: yearAgoMonth }),
  );
  const text = comparisons.length ? t('sum.cmp.lead') + comparisons.join(t('sum.cmp.join')) : '';
  return t('sum.volume', {
    period: fmt.period(period),
    count: fmt.int(current),
    comparisons: text,
  });
}

function handlingSentence(data: ReportData, fmt: Formatter, t: Translate): string | null {
  const rate = data.kpis?.current?.values.resolved_within_sla_rate ?? null;
  if (rate === null) return null;
  const current = data.kpis?.current;
  const mature = current?.isMature ?? false;
  const previous = data.kpis?.previous?.values.resolved_within_sla_rate ?? null;
  // a period not mature yet: its rate is provisional and not compared (docs/metrics.md "Maturity")
  const change = !mature
    ? t('sum.handlingProvisional', { open: fmt.pct(current?.openShare ?? 0) })
    : previous === null
      ? ''
      : t(`sum.handlingChange.${data.period.kind}`, { change: fmt.signedPoints(rate - previous) });
  const sat = data.kpis?.current?.values.satisfaction_avg ?? null;
  const satisfaction = sat === null ? '' : t('sum.satisfaction', { sat: fmt.dec(sat, 2) });
  return t('sum.handling', { rate: fmt.pct(rate), change, satisfaction });
}

function moverSentence(data: ReportData, lang: Lang, fmt: Formatter, t: Translate): string | null {
  const mover = data.movers?.[0];
  if (!mover) return null;
  const delta = mover.complaints - mover.previous;
  return t(delta > 0 ? 'sum.mover.up' : 'sum.mover.down', {
    dimension: dimensionLabel(t, mover.dimension),
    member: memberName(data, lang, mover.dimension, mover.member),
    count: fmt.int(mover.complaints),
    abs: fmt.int(Math.abs(delta)),
    when: t(`when.moverPrev.${data.period.kind}`),
  });
}

/**
 * The strongest batch hot spot: the best of the mart's rank (sql/macros/ranking.sql decides it
 * once, for the dashboard's overview and the report alike); the list's first when none is ranked.
 */
export function strongestBatch(batches: readonly BatchHotspot[]): BatchHotspot | undefined {
  return batches.reduce<BatchHotspot | undefined>(
    (best, b) =>
      best === undefined || (b.rank !== null && (best.rank === null || b.rank < best.rank))
        ? b
        : best,
    undefined,
  );
}

export function productSubject(p: ProductHotspot): string {
  return [p.product, p.region, p.causeLabel].filter((x): x is string => !!x).join(' · ');
}

function hotspotSentence(data: ReportData, fmt: Formatter, t: Translate): string {
  const batches = data.batchHotspots;
  const products = data.productHotspots;
  let text: string;
  if (batches.length > 0) {
    const top = strongestBatch(batches)!;
    text = t(batches.length === 1 ? 'sum.hot.one' : 'sum.hot.many', {
      n: fmt.int(batches.length),
      fresh: fmt.int(batches.filter((b) => b.isNew).length),
      batch: top.batch,
      product: top.product ?? '—',
      complaints: fmt.int(top.complaints),
      ratio: top.rateRatio === null ? '—' : fmt.dec(top.rateRatio, 1),
      units: top.unitsAtRisk === null ? '—' : fmt.int(top.unitsAtRisk),
    });
  } else if (products.length > 0) {
    const top = products[0];
    text = t('sum.hot.product', {
      n: fmt.int(products.length),
      subject: productSubject(top),
      complaints: fmt.int(top.complaints),
      expected: top.expected === null ? '—' : fmt.dec(top.expected, 1),
    });
  } else {
    text = t('sum.hot.none');
  }
  const alerts = data.alerts;
  const tail =
    alerts.length === 0 ? t('sum.alerts.none') : t('sum.alerts', { n: fmt.int(alerts.length) });
  return text + tail;
}

function withEnd(text: string, t: Translate): string {
  return /[.。!！?？]$/.test(text) ? text : text + t('sum.end');
}

/** The recommendation the summary names: rank 1 of those listed. */
export function topRecommendation(recs: readonly Recommendation[]): Recommendation | undefined {
  return [...recs].sort((a, b) => a.rank - b.rank)[0];
}

function recommendationSentence(data: ReportData, lang: Lang, t: Translate): string {
  const top = topRecommendation(data.recommendations);
  if (!top) return t('sum.rec.none');
  const title = pick(lang, top.titleZh, top.titleEn, top.rule);
  return withEnd(
    t('sum.rec', {
      priority: top.priority,
      owner: ownerName(lang, top.ownerDepartment) ?? '—',
      title,
    }),
    t,
  );
}

/** The executive summary's sentences, in order. */
export function summarySentences(data: ReportData, lang: Lang): string[] {
  const fmt = formatter(lang);
  const t = translator(lang);
  const sentences = [volumeSentence(data, fmt, t)];
  if (data.kpis?.current && !data.kpis.current.isComplete) sentences.push(t('sum.partial'));
  sentences.push(
    ...[handlingSentence(data, fmt, t), moverSentence(data, lang, fmt, t)].filter(
      (s): s is string => s !== null,
    ),
  );
  sentences.push(hotspotSentence(data, fmt, t), recommendationSentence(data, lang, t));
  return sentences;
}
