import { describe, expect, it } from 'vitest';
import { trendClass, trendThreshold } from './trend.ts';

describe('trendClass', () => {
  it('calls ±5 %/week and beyond rising or falling, the rest steady', () => {
    expect(trendThreshold).toBe(0.05);
    expect(trendClass(0.178)).toBe('rising');
    expect(trendClass(0.05)).toBe('rising');
    expect(trendClass(0.0499)).toBe('steady');
    expect(trendClass(0)).toBe('steady');
    expect(trendClass(-0.0499)).toBe('steady');
    expect(trendClass(-0.05)).toBe('falling');
    expect(trendClass(-0.2)).toBe('falling');
  });

  it('says unknown without a slope and honours another threshold', () => {
    expect(trendClass(null)).toBe('unknown');
    expect(trendClass(undefined)).toBe('unknown');
    expect(trendClass(Number.NaN)).toBe('unknown');
    expect(trendClass(0.03, 0.02)).toBe('rising');
  });
});
