// Unit test of the Pareto option: bars in the given order, cumulative line and vital few as given,
// click keys; SSR SVG render.
import { describe, expect, it } from 'vitest';
import { renderChartSvg } from '../../../pipeline/charts/ssr.ts';
import { palette } from '../../../pipeline/charts/theme.ts';
import {
  axisLabel,
  buildParetoOption,
  cumulativeColor,
  mutedBar,
} from '../../../pipeline/charts/pareto/option.ts';

const renderSvg = (option: ReturnType<typeof buildParetoOption>) =>
  renderChartSvg(option, 800, 360);

// As sql/macros/pareto.sql ranks them.
const bars = [
  {
    key: '3',
    name: '配件缺货 · 每次打电话 · 调货',
    value: 50,
    cumulativeShare: 0.5,
    vitalFew: true,
  },
  { key: '9', name: 'Delivery late', value: 25, cumulativeShare: 0.75, vitalFew: true },
  { key: '4', name: 'Invoice', value: 15, cumulativeShare: 0.9, vitalFew: true },
  { key: '7', name: '压缩机噪音', value: 10, cumulativeShare: 1, vitalFew: false },
];
const base = {
  bars,
  seriesName: 'Complaints',
  cumulativeName: 'Cumulative share',
  ariaDescription: 'Pareto chart of 4 root causes.',
  threshold: 0.8,
};

describe('pareto helpers', () => {
  it('shortens axis labels without leaving a dangling separator', () => {
    expect(axisLabel('配件缺货 · 每次打电话 · 调货', 9)).toBe('配件缺货·每次打…');
    expect(axisLabel('配件缺货 · 每次打电话 · 调货', 6)).toBe('配件缺货…');
    expect(axisLabel('漏电 · 插头', 9)).toBe('漏电·插头');
    expect(axisLabel('Delivery late again', 9)).toBe('Delivery…');
  });
});

describe('buildParetoOption', () => {
  it('draws the bars in rank order with their keys, the vital few and the cumulative line in percent', () => {
    const option = buildParetoOption(base);
    const [barSeries, line] = option.series as Array<{
      data: Array<{ key?: string; value: number; itemStyle?: { color: string } } | number>;
      yAxisIndex?: number;
    }>;
    const data = barSeries.data as Array<{
      key: string;
      value: number;
      itemStyle: { color: string };
    }>;
    expect(data.map((d) => d.key)).toEqual(['3', '9', '4', '7']);
    expect(data.map((d) => d.itemStyle.color)).toEqual([
      palette.primary,
      palette.primary,
      palette.primary,
      mutedBar,
    ]);
    expect(line.yAxisIndex).toBe(1);
    expect(line.data).toEqual([50, 75, 90, 100]);
  });

  it('renders labels, the threshold and aria', () => {
    const option = buildParetoOption({
      ...base,
      formatPercent: (s) => `${(s * 100).toFixed(0)} %`,
    });
    expect(option.aria).toMatchObject({
      enabled: true,
      label: { enabled: true, description: base.ariaDescription },
    });
    const svg = renderSvg(option);
    expect(svg).toContain('压缩机噪音');
    expect(svg).toContain('>配件缺货·每次打…<'); // separators tightened, cut to 9 characters
    expect(svg).toContain('80 %');
    expect(svg).toContain(`stroke="${cumulativeColor}"`);
    expect(svg.match(new RegExp(`fill="${mutedBar}"`, 'g'))?.length).toBe(1);
  });

  it('rotates labels when there are many bars and renders empty input', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({
      key: String(i),
      name: `c${i}`,
      value: 20 - i,
      cumulativeShare: (i + 1) / 20,
      vitalFew: i < 15,
    }));
    const xAxis = buildParetoOption({ ...base, bars: many }).xAxis as {
      axisLabel: { rotate: number };
    };
    expect(xAxis.axisLabel.rotate).toBe(45);
    expect(renderSvg(buildParetoOption({ ...base, bars: [] })).startsWith('<svg')).toBe(true);
  });
});
