// The catalogue rounds like the SQL printf its texts used to be built with: exact ties to even.
import { describe, expect, it } from 'vitest';
import { fixed } from '../../../pipeline/messages/format.ts';

describe('fixed', () => {
  it('rounds an exact tie to even, as printf does (toFixed rounds it up)', () => {
    expect(fixed(3.25, 1)).toBe('3.2');
    expect(fixed(3.35, 1)).toBe('3.4'); // 3.35 is stored as 3.35000000000000008882…: no tie
    expect(fixed(0.125, 2)).toBe('0.12');
    expect(fixed(2.5, 0)).toBe('2');
    expect(fixed(1.5, 0)).toBe('2');
    expect(fixed(-2.25, 1)).toBe('-2.2');
  });

  it('rounds everything else to the nearest, from the exact stored value', () => {
    expect(fixed(1.15, 1)).toBe('1.1'); // stored as 1.14999…
    expect(fixed(12.345, 2)).toBe('12.35');
    expect(fixed(7, 1)).toBe('7.0');
  });

  it('gives nothing for a missing or non-finite value', () => {
    expect(fixed(null, 1)).toBe('');
    expect(fixed(Number.POSITIVE_INFINITY, 1)).toBe('');
  });
});
