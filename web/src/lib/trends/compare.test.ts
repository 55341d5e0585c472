import { describe, expect, it } from 'vitest';
import { comparePeriods, type ComparablePoint } from './compare.ts';

const point = (
  periodStart: string,
  complaints: number,
  isComplete = true,
  expected: number | null = null,
): ComparablePoint => ({
  periodStart,
  complaints,
  expected,
  isComplete,
});

describe('comparePeriods', () => {
  it('compares the latest complete week with the week before and 52 weeks earlier', () => {
    const c = comparePeriods(
      [
        point('2025-10-27', 80),
        point('2026-10-19', 90),
        point('2026-10-26', 99, true, 90),
        point('2026-11-02', 12, false),
      ],
      'week',
    )!;
    expect(c.latest.periodStart).toBe('2026-10-26');
    expect(c.previous?.periodStart).toBe('2026-10-19');
    expect(c.yearAgo?.periodStart).toBe('2025-10-27');
    expect(c.vsPrevious).toBeCloseTo(0.1, 10);
    expect(c.vsYearAgo).toBeCloseTo(99 / 80 - 1, 10);
    expect(c.vsExpected).toBeCloseTo(0.1, 10);
  });

  it('uses calendar months, and leaves out what the series does not have', () => {
    const c = comparePeriods([point('2026-02-01', 50), point('2026-03-01', 40)], 'month')!;
    expect(c.previous?.periodStart).toBe('2026-02-01');
    expect(c.vsPrevious).toBeCloseTo(-0.2, 10);
    expect(c.yearAgo).toBeUndefined();
    expect(c.vsYearAgo).toBeUndefined();
    expect(c.vsExpected).toBeUndefined();
  });

  it('has nothing to compare without a complete period, and no change from a zero base', () => {
    expect(comparePeriods([point('2026-03-01', 4, false)], 'month')).toBeUndefined();
    expect(
      comparePeriods([point('2026-02-01', 0), point('2026-03-01', 5)], 'month')?.vsPrevious,
    ).toBeUndefined();
  });
});
