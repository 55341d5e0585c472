// Option builder for a complaint series with its expected baseline and alert markers.
// Pure (same input → same option), rendered by the SSR unit test. Alert markers are ECharts
// markPoints whose tooltip is the alert's reason (ECharts escapes tooltip text it builds itself;
// our formatter returns plain text, and `tooltip.renderMode: 'richText'` keeps it out of HTML).
import type { ChartOption } from '../setup.ts';
import { chartFrame, legendTopRight, palette, periodAxis, tooltipBox } from '../theme.ts';

export interface SeriesChartPoint {
  label: string;
  value: number;
  expected: number | null;
  partial?: boolean;
}

export interface SeriesAlertMark {
  /** Index into points. */
  index: number;
  reason: string;
}

export interface SeriesOptionInput {
  points: readonly SeriesChartPoint[];
  alerts: readonly SeriesAlertMark[];
  seriesName: string;
  expectedName: string;
  ariaDescription: string;
  formatValue?: (value: number) => string;
}

export const alertColor = '#b91c1c';

export function buildSeriesOption(input: SeriesOptionInput): ChartOption {
  const format = input.formatValue ?? ((v: number) => String(v));
  const reasons = new Map(input.alerts.map((a) => [a.index, a.reason]));
  return {
    ...chartFrame(input.ariaDescription),
    legend: legendTopRight,
    grid: { left: 8, right: 16, top: 36, bottom: 8, outerBoundsMode: 'same' },
    tooltip: {
      trigger: 'item',
      renderMode: 'richText',
      ...tooltipBox,
      formatter: (params: unknown) => {
        const p = params as {
          componentType?: string;
          dataIndex: number;
          name: string;
          value: unknown;
          seriesName?: string;
          data?: { reason?: string };
        };
        if (p.componentType === 'markPoint') return p.data?.reason ?? '';
        const reason = reasons.get(p.dataIndex);
        const line = `${p.name}\n${p.seriesName ?? ''}: ${format(Number(p.value))}`;
        return reason ? `${line}\n${reason}` : line;
      },
    },
    xAxis: periodAxis(input.points.map((p) => p.label)),
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: palette.mutedText, formatter: (v: number) => format(v) },
      splitLine: { lineStyle: { color: palette.gridLine } },
    },
    series: [
      {
        type: 'line',
        name: input.seriesName,
        data: input.points.map((p) => ({
          value: p.value,
          itemStyle: p.partial
            ? { color: palette.background, borderColor: palette.primary }
            : undefined,
        })),
        symbol: 'circle',
        symbolSize: 6,
        cursor: 'pointer',
        lineStyle: { color: palette.primary, width: 2 },
        itemStyle: { color: palette.primary },
        markPoint: {
          symbol: 'pin',
          symbolSize: 34,
          itemStyle: { color: alertColor },
          label: { color: '#fff', fontSize: 10, formatter: '!' },
          data: input.alerts
            .filter((a) => input.points[a.index])
            .map((a) => ({
              name: a.reason,
              coord: [a.index, input.points[a.index].value],
              value: input.points[a.index].value,
              reason: a.reason,
            })),
        },
      },
      {
        type: 'line',
        name: input.expectedName,
        data: input.points.map((p) => p.expected),
        symbol: 'none',
        silent: true,
        lineStyle: { color: palette.mutedText, width: 1.5, type: 'dashed' },
        itemStyle: { color: palette.mutedText },
      },
    ],
  };
}
