// Unit test of the control chart option: centre line, limits, rule-breaking points; SSR render.
import { describe, expect, it } from 'vitest';
import { renderChartSvg } from '../../../pipeline/charts/ssr.ts';
import { buildControlOption, ruleColor } from '../../../pipeline/charts/control/option.ts';

const renderSvg = (option: ReturnType<typeof buildControlOption>) =>
  renderChartSvg(option, 700, 300);

const input = {
  points: [
    { label: 'Jan', value: 1.1, center: 1, ucl: 1.6, lcl: 0.4, rule: null },
    { label: 'Feb', value: 0.9, center: 1, ucl: 1.7, lcl: 0.3, rule: null },
    { label: 'Mar', value: 2.1, center: 1, ucl: 1.6, lcl: 0.4, rule: 'WE1' },
  ],
  names: { value: 'Per 10k units', center: 'Centre line', ucl: 'Upper limit', lcl: 'Lower limit' },
  ariaDescription: 'Control chart.',
};

describe('buildControlOption', () => {
  it('has the value, centre and both limits, with aria on', () => {
    const option = buildControlOption(input);
    expect(option.aria).toMatchObject({ enabled: true, label: { description: 'Control chart.' } });
    const series = option.series as Array<{ name: string; data: unknown[] }>;
    expect(series.map((s) => s.name)).toEqual([
      'Per 10k units',
      'Centre line',
      'Upper limit',
      'Lower limit',
    ]);
    expect(series[2].data).toEqual([1.6, 1.7, 1.6]);
    const svg = renderSvg(option);
    expect(svg).toContain('Centre line');
    expect(svg).toContain(`fill="${ruleColor}"`); // the WE1 point
  });

  it('draws every rule-breaking point of a long series, and no marker on the others', () => {
    const points = Array.from({ length: 150 }, (_, i) => ({
      label: `W${i}`,
      value: 1 + (i % 7) / 10,
      center: 1,
      ucl: 1.6,
      lcl: 0.4,
      rule: i % 15 === 0 ? 'WE4' : null,
    }));
    const svg = renderSvg(buildControlOption({ ...input, points }));
    // the legend's marker is drawn in the series colour, so red paths are the 10 flagged points
    expect(svg.match(new RegExp(`fill="${ruleColor}"`, 'g'))).toHaveLength(10);
  });

  it('renders without points', () => {
    expect(renderSvg(buildControlOption({ ...input, points: [] })).startsWith('<svg')).toBe(true);
  });
});
