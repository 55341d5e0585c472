// Unit test of the series option: alert markers carry their reason; SSR SVG render (no DOM).
import { describe, expect, it } from 'vitest';
import { renderChartSvg } from '../../../pipeline/charts/ssr.ts';
import { alertColor, buildSeriesOption } from '../../../pipeline/charts/series/option.ts';

const renderSvg = (option: ReturnType<typeof buildSeriesOption>) =>
  renderChartSvg(option, 700, 300);

const input = {
  points: [
    { label: 'W1', value: 10, expected: 9 },
    { label: 'W2', value: 12, expected: 9.5 },
    { label: 'W3', value: 30, expected: 10 },
    { label: 'W4', value: 4, expected: 10, partial: true },
  ],
  alerts: [{ index: 2, reason: 'Spike: 30 complaints against about 10 <b>expected</b>' }],
  seriesName: 'Complaints',
  expectedName: 'Expected',
  ariaDescription: 'Weekly complaints with 1 alert.',
};

describe('buildSeriesOption', () => {
  it('draws the series, the expected line and a red marker at the alert', () => {
    const option = buildSeriesOption(input);
    expect(option.aria).toMatchObject({
      enabled: true,
      label: { description: input.ariaDescription },
    });
    const [main, expected] = option.series as Array<{
      markPoint?: { data: unknown[] };
      lineStyle: { type?: string };
    }>;
    expect(main.markPoint?.data).toEqual([
      { name: input.alerts[0].reason, coord: [2, 30], value: 30, reason: input.alerts[0].reason },
    ]);
    expect(expected.lineStyle.type).toBe('dashed');
    const svg = renderSvg(option);
    expect(svg).toContain(`fill="${alertColor}"`);
    expect(svg).toContain('W3');
  });

  it('puts the reason in the tooltip as plain text', () => {
    const tooltip = buildSeriesOption(input).tooltip as {
      formatter: (p: unknown) => string;
      renderMode: string;
    };
    expect(tooltip.renderMode).toBe('richText');
    expect(tooltip.formatter({ componentType: 'markPoint', data: { reason: 'why' } })).toBe('why');
    expect(
      tooltip.formatter({
        componentType: 'series',
        dataIndex: 2,
        name: 'W3',
        value: 30,
        seriesName: 'Complaints',
      }),
    ).toContain(input.alerts[0].reason);
  });

  it('ignores alerts outside the series and renders empty input', () => {
    const option = buildSeriesOption({ ...input, alerts: [{ index: 99, reason: 'x' }] });
    expect(
      (option.series as Array<{ markPoint?: { data: unknown[] } }>)[0].markPoint?.data,
    ).toEqual([]);
    expect(
      renderSvg(buildSeriesOption({ ...input, points: [], alerts: [] })).startsWith('<svg'),
    ).toBe(true);
  });
});
