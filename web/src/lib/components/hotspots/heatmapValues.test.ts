import { describe, expect, it } from 'vitest';
import type { HeatmapCellData } from '../../server/hotspots/types.ts';
import { belowHot, colourValue, hotFrom, shownBuckets, shownValue } from './heatmapValues.ts';
import { ageBucketOfKey, type AgeBucketKey } from '../../hotspots/params.ts';

/** The warehouse's buckets with the default setting (mart_batch_age_buckets). */
const ageBuckets = ['0-29', '30-59', '60-89', '90-179', '180-359', '360-719', '720+'].map((key) =>
  ageBucketOfKey(key)!,
);

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

  it('colours a cell whose batch was flagged by cause mix or cause rate hot, even at a rate ratio under 2', () => {
    // the defect: the ▲ marker on a grey cell (rate ratio 1.3, flagged by its cause mix)
    const mix = cell(b[2], { ratio: 1.1, hotspots: 1, hotRatio: 1.3 });
    expect(shownValue(mix, 'ratio')).toBe(1.3); // the number stays the real ratio
    expect(colourValue(mix, 'ratio')).toBe(hotFrom);
    const noRatio = cell(b[2], { ratio: 0.9, hotspots: 2, hotRatio: null });
    expect(colourValue(noRatio, 'ratio')).toBe(hotFrom);
    expect(colourValue(cell(b[2], { hotspots: 1, per10k: 40 }), 'rate')).toBe(40);
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
      ageBuckets,
    );
    expect(shown.map((x) => x.key)).toEqual([b[1], b[2]]);
    expect(dropped.map((x) => x.key)).toEqual(b.filter((k) => k !== b[1] && k !== b[2]));
  });
});
