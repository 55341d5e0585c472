// Option builder for a time trend: one value per period, drawn as bars (few periods) or a line
// (many periods). Pure: the same input always gives the same option, so it renders identically
// in the browser and in the SSR unit test.
import type { ChartOption } from '../setup.ts';
import { chartFrame, palette, tooltipBox } from '../theme.ts';

export interface TrendPoint {
  /** Axis label, already localised (e.g. "Mar 2024"). */
  label: string;
  value: number;
  /** A period still in progress: drawn lighter and flagged in the tooltip, so it is not read as a drop. */
  partial?: boolean;
}

export interface TrendOptionInput {
  points: readonly TrendPoint[];
  seriesName: string;
  /** Accessible name of the chart (screen readers get this instead of ECharts' generic text). */
  ariaDescription: string;
  /** Tooltip suffix for partial periods, e.g. "partial month". */
  partialLabel: string;
  /** 'auto' draws bars up to `barLimit` points and a line beyond. */
  kind?: 'bar' | 'line' | 'auto';
  barLimit?: number;
  /**
   * Dashed reference line (e.g. the average of complete periods). Its short label is drawn just
   * right of the plot, where it cannot collide with bar labels; explain it in a legend outside.
   */
  reference?: { value: number; label: string };
  formatValue?: (value: number) => string;
}

export const defaultBarLimit = 24;

export function trendKind(
  input: Pick<TrendOptionInput, 'points' | 'kind' | 'barLimit'>,
): 'bar' | 'line' {
  const kind = input.kind ?? 'auto';
  if (kind !== 'auto') return kind;
  return input.points.length <= (input.barLimit ?? defaultBarLimit) ? 'bar' : 'line';
}

export function buildTrendOption(input: TrendOptionInput): ChartOption {
  const kind = trendKind(input);
  const format = input.formatValue ?? ((value: number) => String(value));
  const showLabels = kind === 'bar' && input.points.length <= 12;

  const data = input.points.map((point) => ({
    value: point.value,
    itemStyle: point.partial
      ? kind === 'bar'
        ? {
            color: palette.partial,
            borderColor: palette.primary,
            borderWidth: 1,
            borderType: 'dashed' as const,
          }
        : { color: palette.background, borderColor: palette.primary, borderWidth: 2 }
      : { color: palette.primary },
  }));

  const partialByIndex = input.points.map((point) => point.partial === true);

  const markLine = input.reference
    ? {
        silent: true,
        symbol: 'none',
        lineStyle: { color: palette.mutedText, type: 'dashed' as const, width: 1 },
        label: {
          position: 'end' as const,
          distance: 6,
          color: palette.mutedText,
          formatter: input.reference.label,
        },
        data: [{ yAxis: input.reference.value }],
      }
    : undefined;

  const series =
    kind === 'bar'
      ? {
          type: 'bar' as const,
          name: input.seriesName,
          data,
          barMaxWidth: 40,
          label: {
            show: showLabels,
            position: 'top' as const,
            color: palette.text,
            formatter: (params: { value: unknown }) => format(Number(params.value)),
          },
          markLine,
        }
      : {
          type: 'line' as const,
          name: input.seriesName,
          data,
          symbol: 'circle',
          symbolSize: 5,
          lineStyle: { color: palette.primary, width: 2 },
          areaStyle: { color: palette.primary, opacity: 0.08 },
          markLine,
        };

  return {
    ...chartFrame(input.ariaDescription),
    color: [...palette.series],
    grid: {
      left: 8,
      // room for the reference label outside the plot
      right: input.reference ? 12 + 7 * input.reference.label.length : 16,
      top: showLabels ? 28 : 16,
      bottom: 8,
      outerBoundsMode: 'same',
    },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: kind === 'bar' ? 'shadow' : 'line' },
      ...tooltipBox,
      // ECharts escapes names and values in its default tooltip; the suffix is our own text.
      valueFormatter: (value, dataIndex) =>
        format(Number(value)) + (partialByIndex[dataIndex] ? ` (${input.partialLabel})` : ''),
    },
    xAxis: {
      type: 'category',
      data: input.points.map((point) => point.label),
      boundaryGap: kind === 'bar',
      axisLine: { lineStyle: { color: palette.axisLine } },
      axisTick: { alignWithLabel: true, lineStyle: { color: palette.axisLine } },
      axisLabel: { color: palette.mutedText, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: palette.mutedText, formatter: (value: number) => format(value) },
      splitLine: { lineStyle: { color: palette.gridLine } },
    },
    series: [series],
  };
}
