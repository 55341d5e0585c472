// Unit test of the treemap option: ordering, leaf keys, group colours, marks, aria, tooltips;
// SSR SVG render (no DOM).
import { describe, expect, it } from 'vitest';
import { renderChartSvg } from '../../../pipeline/charts/ssr.ts';
import { palette } from '../../../pipeline/charts/theme.ts';
import {
  buildTreemapOption,
  markColor,
  markPrefix,
  treemapOrder,
} from '../../../pipeline/charts/treemap/option.ts';

const renderSvg = (option: ReturnType<typeof buildTreemapOption>) =>
  renderChartSvg(option, 800, 400);

const groups = [
  {
    name: '物流运输',
    leaves: [
      { key: '24', name: '查物流', value: 300 },
      {
        key: '22',
        name: '上午送货',
        value: 200,
        marked: true,
        tooltip: '上午送货\nrising +9 %/week',
      },
    ],
  },
  {
    name: '产品质量',
    leaves: [
      { key: '15', name: '漏电', value: 400 },
      { key: '18', name: '压缩机噪音', value: 350 },
      { key: '99', name: 'empty', value: 0 },
    ],
  },
  { name: 'Nothing', leaves: [] },
];
const input = {
  groups,
  seriesName: 'Complaints',
  ariaDescription: 'Treemap of 4 root causes in 2 categories.',
};

type Node = {
  name: string;
  key?: string;
  value?: number;
  itemStyle: { color: string; borderColor: string };
  children?: Node[];
};

describe('buildTreemapOption', () => {
  it('orders groups and leaves by size and drops empty ones', () => {
    const ordered = treemapOrder(groups);
    expect(ordered.map((g) => g.name)).toEqual(['产品质量', '物流运输']);
    expect(ordered[0].leaves.map((l) => l.key)).toEqual(['15', '18']);
  });

  it('gives leaves their key, the group colour and marks', () => {
    const option = buildTreemapOption(input);
    const [series] = option.series as Array<{ data: Node[]; nodeClick: unknown }>;
    expect(series.nodeClick).toBe(false);
    const [quality, logistics] = series.data;
    expect(quality.itemStyle.color).toBe(palette.series[0]);
    expect(logistics.children!.map((l) => [l.key, l.itemStyle.color])).toEqual([
      ['24', palette.series[1]],
      ['22', palette.series[1]],
    ]);
    expect(logistics.children![1].itemStyle.borderColor).toBe(markColor);
    expect(logistics.children![0].itemStyle.borderColor).not.toBe(markColor);
  });

  it('renders group and leaf labels with values, marks and aria', () => {
    const option = buildTreemapOption({ ...input, formatValue: (v) => v.toLocaleString('en') });
    expect(option.aria).toMatchObject({
      enabled: true,
      label: { description: input.ariaDescription },
    });
    const svg = renderSvg(option);
    for (const text of [
      '产品质量',
      '漏电',
      '400',
      '压缩机噪音',
      '查物流',
      `${markPrefix}上午送货`,
    ]) {
      expect(svg).toContain(text);
    }
    // treemap borders are drawn as a background rectangle filled with the border colour
    expect(svg.match(new RegExp(`fill="${markColor}"`, 'g'))?.length).toBe(1);
  });

  it('uses the leaf tooltip as plain text, with a fallback', () => {
    const tooltip = buildTreemapOption(input).tooltip as {
      formatter: (p: unknown) => string;
      renderMode: string;
    };
    expect(tooltip.renderMode).toBe('richText');
    // the formatter gets the leaf's own data item, which carries its tooltip
    const series = (
      buildTreemapOption(input).series as Array<{ data: Array<{ children: unknown[] }> }>
    )[0];
    const leaf = series.data
      .flatMap((g) => g.children as Array<{ key: string; tip?: string }>)
      .find((l) => l.key === '22');
    expect(tooltip.formatter({ name: '上午送货', value: 200, data: leaf })).toBe(
      '上午送货\nrising +9 %/week',
    );
    expect(tooltip.formatter({ name: '物流运输', value: 500, data: {} })).toBe('物流运输: 500');
  });

  it('renders without groups', () => {
    expect(renderSvg(buildTreemapOption({ ...input, groups: [] })).startsWith('<svg')).toBe(true);
  });
});
