// Report periods: months, ISO weeks (including year boundaries and 53-week years), dates inside a
// week, and the texts that must be rejected (exit code 2 in the CLI).
import { describe, expect, it } from 'vitest';
import {
  impliedKind,
  isoWeekOf,
  isoWeeksInYear,
  parsePeriod,
  PeriodError,
  previousPeriod,
} from '../../../pipeline/report/period.ts';
import { weekRange } from '../../../pipeline/report/sections.ts';

describe('parsePeriod', () => {
  it('parses a month with its previous and year-ago months', () => {
    expect(parsePeriod('2026-10')).toEqual({
      kind: 'monthly',
      key: '2026-10',
      start: '2026-10-01',
      end: '2026-10-31',
      previousStart: '2026-09-01',
      yearAgoStart: '2025-10-01',
      year: 2026,
      number: 10,
    });
    expect(parsePeriod('2024-02')).toMatchObject({ end: '2024-02-29' }); // leap year
    expect(parsePeriod('2026-1')).toMatchObject({ key: '2026-01', previousStart: '2025-12-01' });
  });

  it('parses an ISO week: Monday to Sunday, previous week, 52 weeks earlier', () => {
    expect(parsePeriod('2026-W43')).toEqual({
      kind: 'weekly',
      key: '2026-W43',
      start: '2026-10-19',
      end: '2026-10-25',
      previousStart: '2026-10-12',
      yearAgoStart: '2025-10-20', // 364 days before: still a Monday
      year: 2026,
      number: 43,
    });
    expect(parsePeriod('2026w43').key).toBe('2026-W43');
    // week 1 of 2026 starts in 2025 (1 January 2026 is a Thursday)
    expect(parsePeriod('2026-W01')).toMatchObject({ start: '2025-12-29', end: '2026-01-04' });
    // 2020 has 53 ISO weeks; its week 53 ends in 2021
    expect(parsePeriod('2020-W53')).toMatchObject({ start: '2020-12-28', end: '2021-01-03' });
  });

  it('takes a date as the ISO week containing it, or the month with kind monthly', () => {
    expect(parsePeriod('2026-10-21').key).toBe('2026-W43');
    expect(parsePeriod('2026-10-25').key).toBe('2026-W43'); // Sunday
    expect(parsePeriod('2026-10-26').key).toBe('2026-W44'); // Monday
    expect(parsePeriod('2027-01-01').key).toBe('2026-W53'); // ISO year ≠ calendar year
    expect(parsePeriod('2026-10-21', 'monthly').key).toBe('2026-10');
  });

  it('rejects texts that are not periods, and kinds that contradict the text', () => {
    for (const bad of [
      '',
      'October',
      '2026-13',
      '2026-00',
      '2026-W00',
      '2025-W53',
      '2026-W54',
      '2026-02-30',
      '2026/10',
      '26-10',
      '2026-10-1',
    ]) {
      expect(() => parsePeriod(bad), bad).toThrow(PeriodError);
    }
    expect(() => parsePeriod('2026-W43', 'monthly')).toThrow(/ISO week/);
    expect(() => parsePeriod('2026-10', 'weekly')).toThrow(/is a month/);
  });
});

describe('ISO week helpers', () => {
  it('numbers weeks by their Thursday and knows 53-week years', () => {
    expect(isoWeekOf('2026-10-19')).toEqual({ year: 2026, week: 43 });
    expect(isoWeekOf('2024-12-30')).toEqual({ year: 2025, week: 1 });
    expect(isoWeeksInYear(2026)).toBe(53);
    expect(isoWeeksInYear(2025)).toBe(52);
    expect(isoWeeksInYear(2020)).toBe(53);
  });

  it('steps back one period across year boundaries', () => {
    expect(previousPeriod(parsePeriod('2026-01')).key).toBe('2025-12');
    expect(previousPeriod(parsePeriod('2026-W01')).key).toBe('2025-W52');
  });

  it('implies the kind from the text', () => {
    expect(impliedKind('2026-10')).toBe('monthly');
    expect(impliedKind('2026-W43')).toBe('weekly');
    expect(impliedKind('2026-10-21')).toBe('weekly');
    expect(impliedKind(undefined)).toBeUndefined();
  });
});

describe('period bounds and captions (found in review)', () => {
  it('refuses years outside 1900–2999 as a usage error instead of crashing', () => {
    for (const bad of ['0999-05', '0000-01', '0999-05-05', '3000-W01']) {
      expect(() => parsePeriod(bad), bad).toThrow(PeriodError);
    }
    expect(parsePeriod('1900-01').key).toBe('1900-01');
  });

  it('keeps the year in a week range that crosses into the next ISO year', () => {
    expect(weekRange('2025-W45', '2025-W48')).toBe('2025-W45–W48');
    expect(weekRange('2025-W49', '2026-W01')).toBe('2025-W49–2026-W01');
  });
});
