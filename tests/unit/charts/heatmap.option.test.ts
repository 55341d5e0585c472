// Unit test of the heatmap option: pieces, cell data with click keys, outlines, label contrast,
// aria and tooltips; SSR SVG render (no DOM).
import { describe, expect, it } from 'vitest';
import { renderChartSvg } from '../../../pipeline/charts/ssr.ts';
import {
  buildHeatmapOption,
  niceBreaks,
  outlineColor,
  pieceOf,
  ratioColors,
  stepPieces,
} from '../../../pipeline/charts/heatmap/option.ts';

const renderSvg = (option: ReturnType<typeof buildHeatmapOption>) =>
  renderChartSvg(option, 700, 300);

const pieces = stepPieces([0.8, 1.25, 2, 4], ratioColors, (v) => String(v));
const input = {
  rows: ['F80-32A5', 'BCD-520W'],
  columns: ['0–30 d', '31–60 d', '> 730 d'],
  cells: [
    { x: 0, y: 0, value: 0.5, row: 'F80-32A5', column: '0-30' },
    {
      x: 2,
      y: 0,
      value: 6.64,
      row: 'F80-32A5',
      column: '731+',
      outlined: true,
      tooltip: 'F80-32A5\n1 hot spot',
    },
    { x: 1, y: 1, value: 1.1, row: 'BCD-520W', column: '31-60' },
  ],
  pieces,
  ariaDescription: 'Heatmap of rate ratios for 2 products.',
  formatValue: (v: number) => v.toFixed(1),
};

describe('heatmap pieces', () => {
  it('builds open-ended steps with labels and finds the piece of a value', () => {
    expect(pieces.map((p) => p.label)).toEqual(['< 0.8', '0.8–1.25', '1.25–2', '2–4', '≥ 4']);
    expect(pieceOf(pieces, 0.8)?.label).toBe('0.8–1.25');
    expect(pieceOf(pieces, 0.79)?.label).toBe('< 0.8');
    expect(pieceOf(pieces, 100)?.dark).toBe(true);
    expect(pieceOf(pieces, 3)?.dark).toBe(false);
    expect(() => stepPieces([1], ['a'])).toThrow();
  });

  it('picks round break points', () => {
    expect(niceBreaks(40)).toEqual([10, 20, 30, 40]);
    expect(niceBreaks(33)).toEqual([10, 20, 30, 40]);
    expect(niceBreaks(4.2)).toEqual([1, 2, 3, 4]);
    expect(niceBreaks(12)).toEqual([2.5, 5, 7.5, 10]);
    expect(niceBreaks(0)).toEqual([]);
  });
});

describe('buildHeatmapOption', () => {
  it('puts cells at their coordinates with click keys, outline and contrasting labels', () => {
    const option = buildHeatmapOption(input);
    const [series] = option.series as Array<{
      data: Array<{
        value: number[];
        row: string;
        column: string;
        label: { color: string };
        itemStyle?: { borderColor: string };
      }>;
    }>;
    // the outlined cell is drawn last
    expect(series.data.map((d) => d.value)).toEqual([
      [0, 0, 0.5],
      [1, 1, 1.1],
      [2, 0, 6.64],
    ]);
    expect(series.data[2]).toMatchObject({
      row: 'F80-32A5',
      column: '731+',
      itemStyle: { borderColor: outlineColor },
    });
    expect(series.data[2].label.color).toBe('#ffffff'); // dark red cell → white text
    expect(series.data[0].label.color).not.toBe('#ffffff');
    expect(series.data[0].itemStyle).toBeUndefined();
    expect((option.yAxis as { inverse: boolean }).inverse).toBe(true);
  });

  it('renders labels, values, the legend and aria', () => {
    const option = buildHeatmapOption(input);
    expect(option.aria).toMatchObject({
      enabled: true,
      label: { description: input.ariaDescription },
    });
    const svg = renderSvg(option);
    for (const text of [
      'F80-32A5',
      'BCD-520W',
      '0–30 d',
      '&gt; 730 d',
      '6.6',
      '0.5',
      '1.1',
      '≥ 4',
      '&lt; 0.8',
    ]) {
      expect(svg).toContain(text);
    }
    expect(svg).toContain(`stroke="${outlineColor}"`);
    expect(svg).toContain(`fill="${ratioColors[4]}"`);
  });

  it('uses the caller tooltip as plain text, with a fallback', () => {
    const tooltip = buildHeatmapOption(input).tooltip as {
      formatter: (p: unknown) => string;
      renderMode: string;
    };
    expect(tooltip.renderMode).toBe('richText');
    expect(tooltip.formatter({ data: { value: [2, 0, 6.64] } })).toBe('F80-32A5\n1 hot spot');
    expect(tooltip.formatter({ data: { value: [1, 1, 1.1] } })).toBe('BCD-520W · 31–60 d: 1.1');
  });

  it('renders without cells', () => {
    expect(
      renderSvg(buildHeatmapOption({ ...input, rows: [], columns: [], cells: [] })).startsWith(
        '<svg',
      ),
    ).toBe(true);
  });
});
