import { describe, expect, it } from 'vitest';
import { fillMissingMonths, monthOverMonth, nextMonth, summarise } from './summary.ts';
import type { MonthlyPoint } from './types.ts';

const m = (periodStart: string, complaints: number, isComplete = true): MonthlyPoint => ({
  periodStart,
  complaints,
  isComplete,
});

describe('summarise', () => {
  it('is undefined without months', () => {
    expect(summarise([])).toBeUndefined();
  });

  it('totals every month but compares and averages complete months only', () => {
    const s = summarise([m('2024-01-01', 100), m('2024-02-01', 80), m('2024-03-01', 10, false)]);
    expect(s).toMatchObject({
      total: 190,
      firstMonth: '2024-01-01',
      lastMonth: '2024-03-01',
      latestComplete: m('2024-02-01', 80),
      previousComplete: m('2024-01-01', 100),
      averageComplete: 90,
      completeMonths: 2,
    });
    expect(s?.changeVsPrevious).toBeCloseTo(-0.2);
  });

  it('has no change with one complete month or a zero base', () => {
    expect(summarise([m('2024-01-01', 5)])?.changeVsPrevious).toBeUndefined();
    expect(summarise([m('2024-01-01', 0), m('2024-02-01', 5)])?.changeVsPrevious).toBeUndefined();
  });
});

describe('months', () => {
  it('fills calendar gaps with zero, across a year end', () => {
    const filled = fillMissingMonths([m('2023-11-01', 3), m('2024-02-01', 4, false)]);
    expect(filled).toEqual([
      m('2023-11-01', 3),
      m('2023-12-01', 0),
      m('2024-01-01', 0),
      m('2024-02-01', 4, false),
    ]);
    expect(nextMonth('2024-12-01')).toBe('2025-01-01');
  });

  it('computes month-over-month change', () => {
    const changes = monthOverMonth([m('2024-01-01', 50), m('2024-02-01', 75), m('2024-03-01', 0)]);
    expect(changes[0]).toBeUndefined();
    expect(changes[1]).toBeCloseTo(0.5);
    expect(changes[2]).toBeCloseTo(-1);
  });
});
