import { describe, expect, it } from 'vitest';
import { sparkline } from './sparkline.ts';

describe('sparkline', () => {
  it('scales the values into the box, lowest at the bottom', () => {
    const { path, last } = sparkline([0, 5, 10], 104, 24, 2);
    expect(path).toBe('M2 22 L52 12 L102 2');
    expect(last).toEqual({ x: 102, y: 2 });
  });

  it('breaks the line at a missing value and needs two known points', () => {
    expect(sparkline([1, null, 3, 4], 32, 10, 1).path).toBe('M1 9 M21 3.7 L31 1');
    expect(sparkline([null, 3], 10, 10).path).toBe('');
    expect(sparkline([], 10, 10).path).toBe('');
  });

  it('draws a flat series across the middle', () => {
    expect(sparkline([7, 7, 7], 20, 10, 0).path).toBe('M0 5 L10 5 L20 5');
  });
});
