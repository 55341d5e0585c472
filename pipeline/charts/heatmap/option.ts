// Option builder for a category × category heatmap (e.g. product × batch age) with a stepped
// colour scale. Pure (same input → same option), rendered by the SSR unit test.
// - Colour steps are explicit pieces (value ranges) so a reader can look a colour up in the
//   legend; the cell label repeats the value, so the chart never relies on colour alone.
// - Cells can be outlined (e.g. "holds a hot-spot batch"); they are drawn last so the outline
//   stays whole.
// - Tooltips are plain text built by the caller (`renderMode: 'richText'` keeps them out of HTML).
// - Clicked cells hand back their `row`/`column` keys in event.data.
import type { ChartOption } from '../setup.ts';
import { chartFrame, palette, tooltipBox } from '../theme.ts';

export interface HeatmapCell {
  /** Index into `columns`. */
  x: number;
  /** Index into `rows`. */
  y: number;
  value: number;
  /** Keys handed back on click (event.data.row / event.data.column). */
  row: string;
  column: string;
  outlined?: boolean;
  /** The number written in the cell when it differs from the colour `value`. */
  display?: number;
  /** Written before the number (e.g. ▲ on a flagged cell, so the flag does not rely on colour). */
  marker?: string;
  /** Tooltip, plain text (lines separated by \n). */
  tooltip?: string;
}

/** One colour step: values in [gte, lt). Missing bounds are open. */
export interface HeatmapPiece {
  gte?: number;
  lt?: number;
  color: string;
  label: string;
  /** Dark fill: the cell label is drawn white. */
  dark?: boolean;
}

export interface HeatmapOptionInput {
  /** Row labels, drawn top to bottom. */
  rows: readonly string[];
  /** Column labels, left to right. */
  columns: readonly string[];
  cells: readonly HeatmapCell[];
  pieces: readonly HeatmapPiece[];
  ariaDescription: string;
  formatValue?: (value: number) => string;
  outlineColor?: string;
}

export const outlineColor = '#b91c1c';

/** Diverging steps around 1 for ratios (blue below, grey near 1, amber → red above). */
export const ratioColors = ['#dbeafe', '#f3f4f6', '#fde68a', '#f59e0b', '#b91c1c'] as const;
/** Sequential blues for rates. */
export const rateColors = ['#eff6ff', '#bfdbfe', '#60a5fa', '#2563eb', '#1e3a8a'] as const;

/**
 * Pieces from ascending break points: n breaks → n + 1 pieces ("< b0", "b0–b1", …, "≥ bn").
 * `colors` needs n + 1 entries; the last `darkFrom` and above get white labels.
 */
export function stepPieces(
  breaks: readonly number[],
  colors: readonly string[],
  format: (value: number) => string = String,
  darkFrom = colors.length - 1,
): HeatmapPiece[] {
  if (colors.length !== breaks.length + 1)
    throw new Error('stepPieces: need one colour more than breaks');
  return colors.map((color, i) => {
    const gte = i === 0 ? undefined : breaks[i - 1];
    const lt = i === breaks.length ? undefined : breaks[i];
    const label =
      gte === undefined
        ? `< ${format(lt!)}`
        : lt === undefined
          ? `≥ ${format(gte)}`
          : `${format(gte)}–${format(lt)}`;
    return { gte, lt, color, label, dark: i >= darkFrom };
  });
}

/** Up to `steps - 1` round break points (1, 2, 2.5, 5 × 10^k) spreading 0…max. */
export function niceBreaks(max: number, steps = 5): number[] {
  if (!(max > 0)) return [];
  const raw = max / steps;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  return Array.from({ length: steps - 1 }, (_, i) => Number(((i + 1) * step).toPrecision(12)));
}

export function pieceOf(pieces: readonly HeatmapPiece[], value: number): HeatmapPiece | undefined {
  return pieces.find(
    (p) => (p.gte === undefined || value >= p.gte) && (p.lt === undefined || value < p.lt),
  );
}

export function buildHeatmapOption(input: HeatmapOptionInput): ChartOption {
  const format = input.formatValue ?? ((v: number) => String(v));
  const outline = input.outlineColor ?? outlineColor;
  const tooltips = new Map(input.cells.map((c) => [`${c.x}:${c.y}`, c.tooltip]));
  const longestRow = Math.max(0, ...input.rows.map((r) => r.length));

  return {
    ...chartFrame(input.ariaDescription),
    grid: { left: 8, right: 8, top: 40, bottom: 8, outerBoundsMode: 'same' },
    tooltip: {
      trigger: 'item',
      renderMode: 'richText',
      ...tooltipBox,
      formatter: (params: unknown) => {
        const p = params as { data?: { value?: unknown[] } };
        const [x, y, v] = (p.data?.value ?? []) as number[];
        return tooltips.get(`${x}:${y}`) ?? `${input.rows[y]} · ${input.columns[x]}: ${format(v)}`;
      },
    },
    visualMap: {
      type: 'piecewise',
      dimension: 2,
      orient: 'horizontal',
      top: 0,
      right: 0,
      itemWidth: 14,
      itemHeight: 10,
      itemGap: 12,
      selectedMode: false,
      textStyle: { color: palette.mutedText, fontSize: 11 },
      pieces: input.pieces.map((p) => ({ gte: p.gte, lt: p.lt, color: p.color, label: p.label })),
    },
    xAxis: {
      type: 'category',
      position: 'top',
      data: [...input.columns],
      splitArea: { show: false },
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { color: palette.mutedText, interval: 0 },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: [...input.rows],
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: {
        color: palette.text,
        interval: 0,
        width: Math.min(140, 8 * longestRow),
        overflow: 'truncate',
      },
    },
    series: [
      {
        type: 'heatmap',
        cursor: 'pointer',
        itemStyle: { borderColor: palette.background, borderWidth: 2 },
        emphasis: { itemStyle: { borderColor: palette.text, borderWidth: 2 } },
        label: { show: true, fontSize: 11 },
        // outlined cells last, so no neighbour's border is drawn over their outline
        data: [
          ...input.cells.filter((c) => !c.outlined),
          ...input.cells.filter((c) => c.outlined),
        ].map((c) => ({
          value: [c.x, c.y, c.value],
          row: c.row,
          column: c.column,
          label: {
            color: pieceOf(input.pieces, c.value)?.dark ? '#ffffff' : palette.text,
            fontWeight: c.outlined ? ('bold' as const) : ('normal' as const),
            formatter: () => `${c.marker ?? ''}${format(c.display ?? c.value)}`,
          },
          itemStyle: c.outlined ? { borderColor: outline, borderWidth: 3 } : undefined,
        })),
      },
    ],
  };
}
