// The split acceptance cosine from the complaints' length (splitRule.ts) and its settings.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CHILD_COSINE,
  childCosineFor,
  meanTextTerms,
} from '../../../pipeline/cluster/splitRule.ts';
import { CsrBuilder } from '../../../pipeline/cluster/sparse.ts';
import { resolveClusterOptions } from '../../../pipeline/cluster/options.ts';

describe('childCosineFor', () => {
  const rule = DEFAULT_CHILD_COSINE;

  it('is the base cosine for short complaints (reviews, ≤ 11 terms)', () => {
    expect(childCosineFor(4, rule)).toBe(0.4);
    expect(childCosineFor(11, rule)).toBeCloseTo(0.4, 10);
  });

  it('rises with the log of the length: ≈ 0.55 for 25-term narratives, capped at 0.6', () => {
    expect(childCosineFor(25, rule)).toBeCloseTo(0.4 + 0.18 * Math.log(25 / 11), 10);
    expect(childCosineFor(25, rule)).toBeGreaterThan(0.54);
    expect(childCosineFor(25, rule)).toBeLessThan(0.56);
    expect(childCosineFor(44, rule)).toBe(0.6);
    expect(childCosineFor(1000, rule)).toBe(0.6);
  });

  it('never decreases with length', () => {
    let last = 0;
    for (let t = 1; t <= 80; t++) {
      const c = childCosineFor(t, rule);
      expect(c).toBeGreaterThanOrEqual(last);
      last = c;
    }
  });

  it('falls back to the base when there is no text (0 or NaN terms)', () => {
    expect(childCosineFor(0, rule)).toBe(0.4);
    expect(childCosineFor(Number.NaN, rule)).toBe(0.4);
  });

  it('follows the configured rule', () => {
    expect(childCosineFor(20, { base: 0.5, referenceTerms: 10, perLogTerms: 0, max: 0.9 })).toBe(
      0.5,
    );
    expect(
      childCosineFor(20, { base: 0.3, referenceTerms: 10, perLogTerms: 0.1, max: 0.9 }),
    ).toBeCloseTo(0.3 + 0.1 * Math.log(2), 10);
  });
});

describe('meanTextTerms', () => {
  it('counts text dimensions only, over rows that have any', () => {
    const b = new CsrBuilder(12);
    b.push([0, 1, 2], Float32Array.of(1, 1, 1));
    b.push([], new Float32Array(0));
    b.push([3, 10], Float32Array.of(1, 1)); // dimension 10 is a category dimension (textDim 10)
    b.push([11], Float32Array.of(1)); // category only: no text
    expect(meanTextTerms(b.build(), 10)).toBe(2);
  });

  it('is 0 for a matrix without text', () => {
    expect(meanTextTerms(new CsrBuilder(3).build(), 3)).toBe(0);
  });
});

describe('settings', () => {
  it('default: the cosine comes from the length rule', () => {
    const o = resolveClusterOptions({});
    expect(o.maxChildCosine).toBeNull();
    expect(o.childCosine).toEqual(DEFAULT_CHILD_COSINE);
  });

  it('a fixed maxChildCosine and a partial rule are accepted', () => {
    expect(resolveClusterOptions({ clustering: { maxChildCosine: 0.5 } }).maxChildCosine).toBe(0.5);
    const o = resolveClusterOptions({ clustering: { childCosine: { max: 0.7 } } });
    expect(o.childCosine).toEqual({ ...DEFAULT_CHILD_COSINE, max: 0.7 });
  });

  it('rejects out-of-range values', () => {
    expect(() => resolveClusterOptions({ clustering: { maxChildCosine: 1.5 } })).toThrow(
      /maxChildCosine/,
    );
    expect(() => resolveClusterOptions({ clustering: { maxChildCosine: 'auto' } })).toThrow(
      /maxChildCosine/,
    );
    expect(() => resolveClusterOptions({ clustering: { childCosine: { max: 0.3 } } })).toThrow(
      /childCosine/,
    );
  });
});
