// Unit test of the trend option builder: checks the option and renders it with ECharts' SSR SVG
// renderer (no DOM), so a broken option or an unregistered component fails here, not in a browser.
import { describe, expect, it } from 'vitest';
import { renderChartSvg } from '../../../pipeline/charts/ssr.ts';
import { palette } from '../../../pipeline/charts/theme.ts';
import {
  buildTrendOption,
  trendKind,
  type TrendPoint,
} from '../../../pipeline/charts/trend/option.ts';

const renderSvg = (option: ReturnType<typeof buildTrendOption>, width = 800, height = 320) =>
  renderChartSvg(option, width, height);

const months: TrendPoint[] = [
  { label: 'Jan 2024', value: 120 },
  { label: 'Feb 2024', value: 95 },
  { label: 'Mar 2024', value: 143 },
  { label: 'Apr 2024', value: 37, partial: true },
];

const base = {
  seriesName: 'Complaints',
  ariaDescription: 'Bar chart of complaints per month from Jan 2024 to Apr 2024.',
  partialLabel: 'partial month',
};

/** Every start tag has only well-quoted attributes (catches unescaped quotes in style/fonts). */
function expectWellFormedTags(svg: string): void {
  const starts = svg.match(/<[a-zA-Z]/g) ?? [];
  const wellFormed = svg.match(/<[a-zA-Z][\w:-]*(\s+[\w:-]+="[^"<]*")*\s*\/?>/g) ?? [];
  expect(wellFormed.length).toBe(starts.length);
}

describe('buildTrendOption', () => {
  it('renders one bar per period with the axis labels and value labels', () => {
    const svg = renderSvg(buildTrendOption({ ...base, points: months }));
    expect(svg.startsWith('<svg')).toBe(true);
    expectWellFormedTags(svg);
    for (const label of ['Jan 2024', 'Feb 2024', 'Mar 2024', 'Apr 2024'])
      expect(svg).toContain(label);
    // value labels on top of the bars (≤ 12 periods)
    for (const value of ['120', '95', '143', '37']) expect(svg).toContain(`>${value}<`);
    // complete bars in the primary colour, the partial one in the light tint
    expect(svg.match(new RegExp(`fill="${palette.primary}"`, 'g'))?.length).toBeGreaterThanOrEqual(
      3,
    );
    expect(svg).toContain(`fill="${palette.partial}"`);
  });

  it('switches aria on with our own description as the accessible name', () => {
    const option = buildTrendOption({ ...base, points: months });
    expect(option.aria).toMatchObject({
      enabled: true,
      label: { enabled: true, description: base.ariaDescription },
    });
  });

  it('marks partial periods in the data and in the tooltip', () => {
    const option = buildTrendOption({ ...base, points: months, formatValue: (v) => `${v} items` });
    const tooltip = option.tooltip as { valueFormatter: (value: number, index: number) => string };
    expect(tooltip.valueFormatter(143, 2)).toBe('143 items');
    expect(tooltip.valueFormatter(37, 3)).toBe('37 items (partial month)');
  });

  it('uses bars for short series and a line beyond the bar limit', () => {
    expect(trendKind({ points: months })).toBe('bar');
    const long = Array.from({ length: 30 }, (_, i) => ({ label: `P${i}`, value: i }));
    expect(trendKind({ points: long })).toBe('line');
    expect(trendKind({ points: long, kind: 'bar' })).toBe('bar');

    const option = buildTrendOption({ ...base, points: long });
    const series = option.series as Array<{ type: string }>;
    expect(series[0].type).toBe('line');
    const svg = renderSvg(option);
    expect(svg).toContain(`stroke="${palette.primary}"`);
  });

  it('draws the reference line with its label', () => {
    const svg = renderSvg(
      buildTrendOption({
        ...base,
        points: months,
        reference: { value: 119, label: 'Average 119' },
      }),
    );
    expect(svg).toContain('Average 119');
  });

  it('renders an empty series without throwing', () => {
    const svg = renderSvg(buildTrendOption({ ...base, points: [] }));
    expect(svg.startsWith('<svg')).toBe(true);
  });
});
