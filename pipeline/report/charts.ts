// Server-side chart rendering for reports: the dashboard's pure ECharts option builders, rendered
// to inline SVG strings (no DOM, no canvas, no scripts). Animation is off and the font stack is the
// report's, so Chromium's PDF output uses the installed CJK font rather than a tofu fallback.
import { buildCategoryOption } from '../charts/category/option.ts';
import { buildParetoOption } from '../charts/pareto/option.ts';
import type { ChartOption } from '../charts/setup.ts';
import { renderChartSvg } from '../charts/ssr.ts';
import { buildTrendOption } from '../charts/trend/option.ts';
import type { Formatter } from './format.ts';
import { trusted, type Html } from './html.ts';
import type { Translate } from './messages.ts';
import type { MemberCount, RootCauses, TrendPoint } from './types.ts';

/** Single-quoted names: ECharts writes the family into SVG style="…" attributes unescaped. */
export const CHART_FONT =
  "'Liberation Sans', Arial, 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif";
/** Width of the A4 text column at 96 dpi (210 mm − 2 × 14 mm margins ≈ 688 px). */
export const CHART_WIDTH = 680;

export function renderSvg(option: ChartOption, width: number, height: number): string {
  return renderChartSvg(option, width, height, CHART_FONT);
}

type AxisOption = { axisLabel?: object };

/** The option with extra axis-label settings on its (single) x axis. */
function withXAxisLabel(option: ChartOption, axisLabel: object): ChartOption {
  const xAxis = option.xAxis as AxisOption;
  return {
    ...option,
    xAxis: { ...xAxis, axisLabel: { ...xAxis.axisLabel, ...axisLabel } },
  } as ChartOption;
}

export function trendChart(
  points: readonly TrendPoint[],
  kind: 'monthly' | 'weekly',
  fmt: Formatter,
  t: Translate,
): Html {
  const label = (p: TrendPoint) => fmt.axisLabel({ kind, start: p.periodStart });
  const base = buildTrendOption({
    points: points.map((p) => ({ label: label(p), value: p.complaints, partial: !p.isComplete })),
    seriesName: t('trend.series'),
    ariaDescription: t('trend.aria', {
      from: label(points[0]),
      to: label(points[points.length - 1]),
    }),
    partialLabel: t('trend.partial'),
    kind: 'bar',
    formatValue: (v) => fmt.int(v),
  });
  // 13 short labels fit the printed width: show every one (the dashboard may hide overlaps)
  const option = withXAxisLabel(base, { interval: 0, hideOverlap: false, fontSize: 10 });
  return trusted(renderSvg(option, CHART_WIDTH, 220));
}

export function categoryChart(
  rows: readonly MemberCount[],
  period: string,
  fmt: Formatter,
  t: Translate,
): Html {
  const option = buildCategoryOption({
    bars: rows.map((r) => ({ name: r.member, value: r.complaints })),
    seriesName: t('trend.series'),
    ariaDescription: t('cat.aria', { period }),
    formatValue: (v) => fmt.int(v),
  });
  return trusted(renderSvg(option, CHART_WIDTH, Math.max(120, 26 * rows.length + 36)));
}

/**
 * Pareto chart of all root causes of the period. Dozens of key-term labels cannot be read under
 * narrow bars on paper, so bars are named by rank (the table under the chart gives the terms);
 * with many bars only ranks 1, 5, 10, … are written.
 */
export function paretoChart(causes: RootCauses, fmt: Formatter, t: Translate): Html {
  const ordered = causes.rows;
  const base = buildParetoOption({
    bars: ordered.map((r) => ({
      key: r.clusterId,
      name: String(r.rank),
      value: r.complaints,
      cumulativeShare: r.cumulativeShare,
      vitalFew: r.vitalFew,
    })),
    threshold: causes.threshold,
    seriesName: t('rc.series'),
    cumulativeName: t('rc.cumulative'),
    ariaDescription: t('rc.aria', { n: ordered.length }),
    formatValue: (v) => fmt.int(v),
    formatPercent: (s) => fmt.pct(s, 0),
  });
  const every = ordered.length > 20;
  const option = withXAxisLabel(base, {
    rotate: 0,
    fontSize: 10,
    formatter: (rank: string) => (!every || rank === '1' || Number(rank) % 5 === 0 ? rank : ''),
  });
  return trusted(renderSvg(option, CHART_WIDTH, 260));
}
