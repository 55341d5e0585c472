import { describe, expect, it } from 'vitest';
import type { HeatmapCellData } from '../../server/hotspots.ts';
import { belowHot, colourValue, hotFrom, shownBuckets, shownValue } from './heatmapValues.ts';
import { ageBuckets, type AgeBucketKey } from './params.ts';

const cell = (bucket: AgeBucketKey, over: Partial<HeatmapCellData>): HeatmapCellData => ({
  product: 'P',
  productCategory: null,
  bucket,
  batches: 5,
  complaints: 10,
  units: 1000,
  ratio: 1.15,
  per10k: 100,
  hotspots: 0,
  hotRatio: null,
  ...over,
});

describe('heatmap values', () => {
  const b = ageBuckets.map((x) => x.key);

  it('colours a cell holding a hot-spot batch by that batch’s rate ratio, not the diluted cell ratio', () => {
    // the defect: one batch at 6.6× among normal ones read 1.15 in grey
    const hot = cell(b[1], { ratio: 1.15, hotspots: 1, hotRatio: 6.64 });
    expect(shownValue(hot, 'ratio')).toBe(6.64);
    expect(colourValue(hot, 'ratio')).toBeGreaterThanOrEqual(hotFrom);
  });

  it('keeps cells without a flagged batch out of the hot colours', () => {
    const noisy = cell(b[1], { ratio: 3.2 });
    expect(shownValue(noisy, 'ratio')).toBe(3.2);
    expect(colourValue(noisy, 'ratio')).toBe(belowHot);
    expect(colourValue(noisy, 'ratio')!).toBeLessThan(hotFrom);
    expect(colourValue(cell(b[1], { per10k: 300 }), 'rate')).toBe(300);
  });

  it('drops age bands without any value', () => {
    const { shown, dropped } = shownBuckets(
      [cell(b[0], { ratio: null }), cell(b[1], {}), cell(b[2], {})],
      'ratio',
    );
    expect(shown.map((x) => x.key)).toEqual([b[1], b[2]]);
    expect(dropped.map((x) => x.key)).toEqual(b.filter((k) => k !== b[1] && k !== b[2]));
  });
});
