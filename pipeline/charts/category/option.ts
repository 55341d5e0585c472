// Option builder for a ranked horizontal bar chart (complaints per category, biggest on top).
// Pure, so it renders the same in the browser and in the SSR unit test. The selected bar (the
// active category filter) is drawn in the primary colour, the others muted.
import type { ChartOption } from '../setup.ts';
import { chartFrame, palette, tooltipBox } from '../theme.ts';

export interface CategoryBar {
  name: string;
  value: number;
}

export interface CategoryOptionInput {
  bars: readonly CategoryBar[];
  seriesName: string;
  /** Accessible name of the chart. */
  ariaDescription: string;
  /** Name of the highlighted bar, if any. */
  selected?: string;
  formatValue?: (value: number) => string;
}

export const mutedBar = '#93c5fd';

export function buildCategoryOption(input: CategoryOptionInput): ChartOption {
  const format = input.formatValue ?? ((value: number) => String(value));
  // ECharts draws the first category at the bottom: reverse so the biggest is on top.
  const bars = [...input.bars].reverse();
  const longest = Math.max(0, ...bars.map((bar) => bar.name.length));
  return {
    ...chartFrame(input.ariaDescription),
    grid: { left: 8, right: 56, top: 8, bottom: 8, outerBoundsMode: 'same' },
    tooltip: {
      trigger: 'item',
      ...tooltipBox,
      valueFormatter: (value) => format(Number(value)),
    },
    xAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: palette.mutedText, formatter: (value: number) => format(value) },
      splitLine: { lineStyle: { color: palette.gridLine } },
    },
    yAxis: {
      type: 'category',
      data: bars.map((bar) => bar.name),
      axisLine: { lineStyle: { color: palette.axisLine } },
      axisTick: { show: false },
      axisLabel: { color: palette.text, width: Math.min(160, 14 * longest), overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: input.seriesName,
        barMaxWidth: 22,
        cursor: 'pointer',
        data: bars.map((bar) => ({
          value: bar.value,
          name: bar.name,
          itemStyle: {
            color:
              input.selected === undefined || input.selected === bar.name
                ? palette.primary
                : mutedBar,
          },
        })),
        label: {
          show: true,
          position: 'right',
          color: palette.text,
          formatter: (params: { value: unknown }) => format(Number(params.value)),
        },
      },
    ],
  };
}
