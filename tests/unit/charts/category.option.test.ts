// Unit test of the category bar option: option shape plus an SSR SVG render (no DOM).
import { describe, expect, it } from 'vitest';
import { renderChartSvg } from '../../../pipeline/charts/ssr.ts';
import { palette } from '../../../pipeline/charts/theme.ts';
import { buildCategoryOption, mutedBar } from '../../../pipeline/charts/category/option.ts';

const renderSvg = (option: ReturnType<typeof buildCategoryOption>) =>
  renderChartSvg(option, 600, 300);

const bars = [
  { name: '产品质量', value: 7018 },
  { name: '售后维修', value: 4468 },
  { name: '价格', value: 1073 },
];
const base = { bars, seriesName: 'Complaints', ariaDescription: 'Complaints by category.' };

describe('buildCategoryOption', () => {
  it('puts the biggest bar on top and labels every bar', () => {
    const option = buildCategoryOption({ ...base, formatValue: (v) => v.toLocaleString('en') });
    const yAxis = option.yAxis as { data: string[] };
    expect(yAxis.data).toEqual(['价格', '售后维修', '产品质量']);
    const svg = renderSvg(option);
    for (const text of ['7,018', '4,468', '1,073', '产品质量', '价格']) expect(svg).toContain(text);
  });

  it('turns aria on with our description', () => {
    expect(buildCategoryOption(base).aria).toMatchObject({
      enabled: true,
      label: { enabled: true, description: 'Complaints by category.' },
    });
  });

  it('highlights the selected bar and mutes the others', () => {
    const svg = renderSvg(buildCategoryOption({ ...base, selected: '售后维修' }));
    expect(svg.match(new RegExp(`fill="${palette.primary}"`, 'g'))?.length).toBe(1);
    expect(svg.match(new RegExp(`fill="${mutedBar}"`, 'g'))?.length).toBe(2);
    const all = renderSvg(buildCategoryOption(base));
    expect(all).not.toContain(`fill="${mutedBar}"`);
  });

  it('renders without bars', () => {
    expect(renderSvg(buildCategoryOption({ ...base, bars: [] })).startsWith('<svg')).toBe(true);
  });
});
