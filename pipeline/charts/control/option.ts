// Option builder for a Shewhart control chart: the plotted value per period, the centre line and
// the (per-period) upper and lower control limits; points that break a rule are drawn in red.
import type { ChartOption } from '../setup.ts';
import { chartFrame, legendTopRight, palette, periodAxis, tooltipBox } from '../theme.ts';

export interface ControlChartPoint {
  label: string;
  value: number | null;
  center: number | null;
  ucl: number | null;
  lcl: number | null;
  /** Rule broken at this point (WE1…), if any. */
  rule: string | null;
}

export interface ControlOptionInput {
  points: readonly ControlChartPoint[];
  names: { value: string; center: string; ucl: string; lcl: string };
  ariaDescription: string;
  formatValue?: (value: number) => string;
}

export const ruleColor = '#b91c1c';

export function buildControlOption(input: ControlOptionInput): ChartOption {
  const format = input.formatValue ?? ((v: number) => v.toFixed(2));
  const limit = (name: string, key: 'ucl' | 'lcl' | 'center', dashed: boolean) => ({
    type: 'line' as const,
    name,
    data: input.points.map((p) => p[key]),
    symbol: 'none',
    step: 'middle' as const,
    silent: true,
    lineStyle: {
      color: key === 'center' ? palette.series[2] : palette.series[1],
      width: 1.5,
      type: dashed ? ('dashed' as const) : ('solid' as const),
    },
    itemStyle: { color: key === 'center' ? palette.series[2] : palette.series[1] },
  });
  return {
    ...chartFrame(input.ariaDescription),
    legend: legendTopRight,
    grid: { left: 8, right: 16, top: 36, bottom: 8, outerBoundsMode: 'same' },
    tooltip: {
      trigger: 'axis',
      ...tooltipBox,
      valueFormatter: (v) => (v === null || v === undefined ? '—' : format(Number(v))),
    },
    xAxis: periodAxis(input.points.map((p) => p.label)),
    yAxis: {
      type: 'value',
      scale: true,
      axisLabel: { color: palette.mutedText, formatter: (v: number) => format(v) },
      splitLine: { lineStyle: { color: palette.gridLine } },
    },
    series: [
      {
        type: 'line',
        name: input.names.value,
        // Only rule-breaking points get a marker, and every one of them is drawn: with 'auto' a long
        // series thins its symbols and the red points a reader looks for went missing.
        data: input.points.map((p) => ({
          value: p.value,
          symbol: p.rule ? 'circle' : 'none',
          itemStyle: p.rule ? { color: ruleColor, borderColor: ruleColor } : undefined,
          symbolSize: p.rule ? 8 : 0,
        })),
        showAllSymbol: true,
        lineStyle: { color: palette.primary, width: 2 },
        itemStyle: { color: palette.primary },
      },
      limit(input.names.center, 'center', false),
      limit(input.names.ucl, 'ucl', true),
      limit(input.names.lcl, 'lcl', true),
    ],
  };
}
