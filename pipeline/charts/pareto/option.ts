// Option builder for a Pareto chart: causes as bars in the given (rank) order, with the cumulative
// share as a line on a 0–100 % axis and a dashed threshold. Ranks, cumulative shares, the threshold
// and the "vital few" (drawn in the primary colour, the rest muted) come with the data: they are
// decided once, by sql/macros/pareto.sql, for the dashboard and the report alike — the builder
// only draws them.
// Pure (same input → same option): renders the same in the browser, in the SSR unit test and in a
// server-side report. Bars carry their `key` so a click handler can drill down by it.
import type { ChartOption } from '../setup.ts';
import { chartFrame, legendTopRight, palette, tooltipBox } from '../theme.ts';

export interface ParetoBar {
  /** Identifier handed back on click (event.data.key), e.g. a cluster id. */
  key: string;
  /** Axis and tooltip label. */
  name: string;
  value: number;
  /** Share (0–1) of the total up to and including this bar. */
  cumulativeShare: number;
  vitalFew: boolean;
}

export interface ParetoOptionInput {
  /** In rank order. */
  bars: readonly ParetoBar[];
  seriesName: string;
  cumulativeName: string;
  /** Accessible name of the chart. */
  ariaDescription: string;
  /** Share (0–1) the vital few reach (pareto_threshold() of the warehouse). */
  threshold: number;
  formatValue?: (value: number) => string;
  /** Formats a share 0–1, e.g. 0.8 → "80%". */
  formatPercent?: (share: number) => string;
  /** Longest axis label in characters before it is cut with an ellipsis; default 9. */
  maxLabelLength?: number;
}

export const mutedBar = '#93c5fd';
export const cumulativeColor = '#b45309';

/** Short axis label: " · " separators tightened, cut to `max` characters with an ellipsis. */
export function axisLabel(text: string, max: number): string {
  const chars = [...text.replace(/\s*·\s*/g, '·')];
  if (chars.length <= max) return chars.join('');
  // "配件缺货·每次打电话·调货" → "配件缺货·每次打…", never "配件缺货·…"
  return `${chars
    .slice(0, max - 1)
    .join('')
    .replace(/[\s·,，/|-]+$/u, '')}…`;
}

export function buildParetoOption(input: ParetoOptionInput): ChartOption {
  const format = input.formatValue ?? ((v: number) => String(v));
  const percent = input.formatPercent ?? ((s: number) => `${Math.round(s * 100)}%`);
  const threshold = input.threshold;
  const maxLabel = input.maxLabelLength ?? 9;
  const bars = input.bars;
  // Few bars: horizontal labels; many: rotated so each keeps its own slot.
  const rotate = bars.length > 12 ? 45 : 0;

  return {
    ...chartFrame(input.ariaDescription),
    legend: legendTopRight,
    grid: { left: 8, right: 8, top: 36, bottom: 8, outerBoundsMode: 'same' },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      ...tooltipBox,
    },
    xAxis: {
      type: 'category',
      data: bars.map((b) => b.name),
      axisLine: { lineStyle: { color: palette.axisLine } },
      axisTick: { alignWithLabel: true, lineStyle: { color: palette.axisLine } },
      axisLabel: {
        color: palette.mutedText,
        interval: 0,
        rotate,
        fontSize: bars.length > 30 ? 10 : 12,
        formatter: (value: string) => axisLabel(value, maxLabel),
      },
    },
    yAxis: [
      {
        type: 'value',
        minInterval: 1,
        axisLabel: { color: palette.mutedText, formatter: (v: number) => format(v) },
        splitLine: { lineStyle: { color: palette.gridLine } },
      },
      {
        type: 'value',
        min: 0,
        max: 100,
        interval: 20,
        axisLabel: { color: palette.mutedText, formatter: (v: number) => percent(v / 100) },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        type: 'bar',
        name: input.seriesName,
        cursor: 'pointer',
        barMaxWidth: 36,
        // ECharts escapes names in its default axis tooltip; values go through our formatters.
        tooltip: { valueFormatter: (value) => format(Number(value)) },
        itemStyle: { color: palette.primary },
        data: bars.map((b) => ({
          value: b.value,
          name: b.name,
          key: b.key,
          itemStyle: { color: b.vitalFew ? palette.primary : mutedBar },
        })),
      },
      {
        type: 'line',
        name: input.cumulativeName,
        yAxisIndex: 1,
        silent: true,
        tooltip: { valueFormatter: (value) => percent(Number(value) / 100) },
        symbol: 'circle',
        symbolSize: 4,
        lineStyle: { color: cumulativeColor, width: 2 },
        itemStyle: { color: cumulativeColor },
        data: bars.map((b) => Math.round(b.cumulativeShare * 10000) / 100),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: palette.mutedText, type: 'dashed', width: 1 },
          label: {
            position: 'insideEndTop',
            color: palette.mutedText,
            formatter: percent(threshold),
          },
          data: [{ yAxis: threshold * 100 }],
        },
      },
    ],
  };
}
