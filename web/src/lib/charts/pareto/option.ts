// Option builder for a Pareto chart: causes as bars, biggest first, with the cumulative share as
// a line on a 0–100 % axis and a dashed threshold (80 % by default). The causes needed to reach the
// threshold (the one crossing it included: the "vital few", as mart_root_cause_pareto defines
// them) are drawn in the primary colour, the rest muted.
// Pure (same input → same option): renders the same in the browser, in the SSR unit test and in a
// server-side report. Bars carry their `key` so a click handler can drill down by it.
import type { ChartOption } from '../setup.ts';
import { fontFamily, palette } from '../theme.ts';

export interface ParetoBar {
  /** Identifier handed back on click (event.data.key), e.g. a cluster id. */
  key: string;
  /** Axis and tooltip label. */
  name: string;
  value: number;
}

export interface ParetoOptionInput {
  bars: readonly ParetoBar[];
  seriesName: string;
  cumulativeName: string;
  /** Accessible name of the chart. */
  ariaDescription: string;
  /** Share (0–1) the vital few must reach; default 0.8. */
  threshold?: number;
  formatValue?: (value: number) => string;
  /** Formats a share 0–1, e.g. 0.8 → "80%". */
  formatPercent?: (share: number) => string;
  /** Longest axis label in characters before it is cut with an ellipsis; default 9. */
  maxLabelLength?: number;
}

export const mutedBar = '#93c5fd';
export const cumulativeColor = '#b45309';

/** Bars in Pareto order: value descending, ties by key, numbers in numeric order ('9' < '10'). */
export function paretoOrder(bars: readonly ParetoBar[]): ParetoBar[] {
  return [...bars].sort(
    (a, b) => b.value - a.value || a.key.localeCompare(b.key, 'en', { numeric: true }),
  );
}

/** Running share of the total after each value (0–1); all zero when the total is 0. */
export function cumulativeShares(values: readonly number[]): number[] {
  const total = values.reduce((sum, v) => sum + v, 0);
  let running = 0;
  return values.map((v) => {
    running += v;
    return total > 0 ? running / total : 0;
  });
}

/** How many leading values are needed to reach `threshold` of the total (the crossing one included). */
export function vitalFewCount(values: readonly number[], threshold = 0.8): number {
  const shares = cumulativeShares(values);
  const index = shares.findIndex((share) => share >= threshold - 1e-12);
  return index === -1 ? values.length : index + 1;
}

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
  const threshold = input.threshold ?? 0.8;
  const maxLabel = input.maxLabelLength ?? 9;
  const bars = paretoOrder(input.bars);
  const values = bars.map((b) => b.value);
  const shares = cumulativeShares(values);
  const vital = vitalFewCount(values, threshold);
  // Few bars: horizontal labels; many: rotated so each keeps its own slot.
  const rotate = bars.length > 12 ? 45 : 0;

  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily, color: palette.text },
    aria: { enabled: true, label: { enabled: true, description: input.ariaDescription } },
    legend: { top: 0, right: 0, textStyle: { color: palette.mutedText } },
    grid: { left: 8, right: 8, top: 36, bottom: 8, outerBoundsMode: 'same' },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      backgroundColor: palette.tooltipBackground,
      borderColor: palette.tooltipBorder,
      textStyle: { color: palette.text, fontFamily },
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
        data: bars.map((b, i) => ({
          value: b.value,
          name: b.name,
          key: b.key,
          itemStyle: { color: i < vital ? palette.primary : mutedBar },
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
        data: shares.map((s) => Math.round(s * 10000) / 100),
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
