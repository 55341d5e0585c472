// The reason of a trend alert, in words. mart_trend_alerts carries the alert's kind and numbers
// (codes, not prose); this is the one place they become a sentence, for the dashboard and the
// report alike. Numbers keep the precision the statistics justify: counts as integers, expected
// counts to 0.1, p and q values to 4 decimals or 2 significant digits below 1e-4.
import { dimensionName } from './dimensions.ts';
import { fixed } from './format.ts';
import type { Lang } from './lang.ts';

/** The columns of mart_trend_alerts a reason is built from. */
export interface TrendAlertFacts {
  kind: string;
  grain: string;
  dimension: string;
  /** The member as shown: a root-cause cluster's label rather than its id. */
  memberLabel: string;
  /** YYYY-MM-DD */
  periodStart: string;
  firstAlertPeriod: string | null;
  observed: number | null;
  expected: number | null;
  score: number | null;
  pValue: number | null;
  qValue: number | null;
  slope: number | null;
  /** Periods the trend test looked at, or weeks of the emerging-cluster window. */
  windowPeriods: number | null;
  /** The CUSUM alarm limit h of a shift. */
  alarmThreshold: number | null;
}

type Fill = Record<string, string>;

const templates: Record<Lang, Record<string, string>> = {
  zh: {
    spike:
      '{dimension}「{member}」{period} 投诉 {observed} 件，按基线预期约 {expected} 件（{ratio} 倍），单期突增，P={p}。',
    drop: '{dimension}「{member}」{period} 仅 {observed} 件，按基线预期约 {expected} 件（下降 {dropPct}%），P={p}。渠道或来源突然沉寂可能意味着数据导出中断，请核对。',
    shift:
      '{dimension}「{member}」自 {first} 起持续高于基线（CUSUM {score}，报警阈值 {threshold}）：{period} 投诉 {observed} 件，基线约 {expected} 件。',
    trend:
      '{dimension}「{member}」近 {window} {unit}持续上升：Sen 斜率 +{slope} 件/{unit}（约为中位水平 {expected} 件的 {risePct}%），Mann-Kendall z={score}，多重检验校正后 q={q}。',
    emerging:
      '{dimension}「{member}」近 {window} 周占全部投诉的 {sharePct}%（{observed} 件），按此前占比预期约 {expected} 件（{ratioOrNew}），q={q}。',
    week: '周',
    month: '月',
    times: '{ratio} 倍',
    new: '新出现',
  },
  en: {
    spike:
      '{Dimension} "{member}": {observed} complaints in {period} against about {expected} expected from its baseline ({ratio}×), a one-period spike, p={p}.',
    drop: '{Dimension} "{member}": only {observed} complaints in {period} against about {expected} expected ({dropPct}% lower), p={p}. A source going quiet can mean a broken export: check the data feed.',
    shift:
      '{Dimension} "{member}" has stayed above its baseline since {first} (CUSUM {score}, alarm at {threshold}): {observed} complaints in {period} against a baseline of about {expected}.',
    trend:
      '{Dimension} "{member}" has risen over the last {window} {unit}s: Sen slope +{slope} complaints per {unit} (about {risePct}% of its median level of {expected}), Mann-Kendall z={score}, q={q} after correcting for all series tested.',
    emerging:
      '{Dimension} "{member}" made up {sharePct}% of all complaints in the last {window} weeks ({observed}), against about {expected} expected at its earlier share ({ratioOrNew}), q={q}.',
    week: 'week',
    month: 'month',
    times: '{ratio}×',
    new: 'new',
  },
};

function fill(template: string, values: Fill): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** A p or q value: 4 decimals, or 2 significant digits below 1e-4. */
export function probabilityText(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '';
  return value < 1e-4 ? value.toExponential(1) : fixed(value, 4);
}

/** ISO week (2026-W07) of a Monday-based week, or the month (2026-07) of a month. */
export function periodLabel(grain: string, day: string | null): string {
  if (!day) return '';
  if (grain !== 'week') return day.slice(0, 7);
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  const thursday = new Date(date.getTime() + (3 - ((date.getUTCDay() + 6) % 7)) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function ratio(observed: number | null, expected: number | null): number | null {
  return observed === null || expected === null || expected === 0 ? null : observed / expected;
}

/** The alert's reason in `lang`; an unknown kind gives an empty string. */
export function trendAlertReason(alert: TrendAlertFacts, lang: Lang): string {
  const words = templates[lang];
  const template = words[alert.kind];
  if (!template || !['spike', 'drop', 'shift', 'trend', 'emerging'].includes(alert.kind)) return '';
  const dimension = dimensionName(alert.dimension, lang);
  const r = ratio(alert.observed, alert.expected);
  const window = alert.windowPeriods;
  const values: Fill = {
    dimension,
    Dimension: dimension.charAt(0).toUpperCase() + dimension.slice(1),
    member: alert.memberLabel,
    period: periodLabel(alert.grain, alert.periodStart),
    first: periodLabel(alert.grain, alert.firstAlertPeriod),
    observed: fixed(alert.observed, 0),
    expected: fixed(alert.expected, 1),
    ratio: fixed(r, 1),
    dropPct: fixed(r === null ? null : 100 * (1 - r), 0),
    score: fixed(alert.score, alert.kind === 'trend' ? 2 : 1),
    threshold: fixed(alert.alarmThreshold, 1),
    window: window === null ? '' : String(window),
    unit: alert.grain === 'week' ? words.week : words.month,
    slope: fixed(alert.slope, 2),
    risePct: fixed(
      alert.slope === null || window === null || !alert.expected
        ? null
        : (100 * alert.slope * (window - 1)) / alert.expected,
      0,
    ),
    sharePct: fixed(alert.slope === null ? null : 100 * alert.slope, 1),
    ratioOrNew:
      alert.score === null ? words.new : fill(words.times, { ratio: fixed(alert.score, 1) }),
    p: probabilityText(alert.pValue),
    q: probabilityText(alert.qValue),
  };
  return fill(template, values);
}
