// One "did you mean" rule for config keys, model settings and --select (pipeline/suggest.ts).
import { describe, expect, it } from 'vitest';
import { closestNames, didYouMean, editDistance } from '../../pipeline/suggest.ts';

describe('closestNames', () => {
  const keys = ['firstResponseHours', 'resolutionHours', 'timezone', 'trend_fdr_q', 'trend_alpha'];

  it('finds typos by edit distance, closest first', () => {
    expect(closestNames('trend_fdr_qq', keys)).toEqual(['trend_fdr_q']);
    expect(closestNames('timezne', keys)).toEqual(['timezone']);
    expect(closestNames('FIRSTRESPONSEHOUR', keys)).toEqual(['firstResponseHours']);
  });

  it('finds a fragment or a prefix the user typed', () => {
    expect(closestNames('resolution', keys)).toEqual(['resolutionHours']);
    expect(closestNames('int', ['stg_a', 'int_c', 'int_b'])).toEqual(['int_c', 'int_b']);
  });

  it('offers nothing far away, and at most `max` names', () => {
    expect(closestNames('colour', keys)).toEqual([]);
    expect(closestNames('m', ['m1', 'm2', 'm3', 'm4'], 2)).toEqual(['m1', 'm2']);
  });

  it('words the hint, or falls back', () => {
    expect(didYouMean('timezne', keys)).toBe(' (did you mean "timezone"?)');
    expect(didYouMean('colour', keys, ' (see docs)')).toBe(' (see docs)');
  });

  it('edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});
