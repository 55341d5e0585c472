// The Hot spots page's own URL parameters: parsing (bad values are reported, never guessed),
// header sort links, age buckets and links that keep the filters.
import { describe, expect, it } from 'vitest';
import {
  ageBucketOf,
  ageBuckets,
  ageBucketsFor,
  defaultSort,
  nextSort,
  parseHotspotParams,
  parseSort,
  sortParam,
  withParams,
} from './params.ts';
import { MODEL_SETTINGS } from '../../../../pipeline/models/modelSettings.ts';

const parse = (query: string) => parseHotspotParams(new URLSearchParams(query));

describe('sort parameter', () => {
  it('parses a column, with - for descending, and defaults to q ascending', () => {
    expect(parseSort(null)).toEqual(defaultSort);
    expect(parseSort('')).toEqual({ key: 'q_value', desc: false });
    expect(parseSort('rate_ratio')).toEqual({ key: 'rate_ratio', desc: false });
    expect(parseSort('-rate_ratio')).toEqual({ key: 'rate_ratio', desc: true });
    expect(sortParam({ key: 'complaints', desc: true })).toBe('-complaints');
  });

  it('rejects anything that is not a sortable column', () => {
    for (const bad of [
      'description',
      '--q_value',
      'q_value desc',
      'rate_ratio;drop table x',
      '-',
    ]) {
      expect(parseSort(bad), bad).toBeUndefined();
    }
  });

  it('flips the current column and starts others in their natural direction', () => {
    expect(nextSort({ key: 'rate_ratio', desc: true }, 'rate_ratio')).toEqual({
      key: 'rate_ratio',
      desc: false,
    });
    expect(nextSort(defaultSort, 'rate_ratio')).toEqual({ key: 'rate_ratio', desc: true });
    expect(nextSort(defaultSort, 'batch')).toEqual({ key: 'batch', desc: false });
    expect(nextSort({ key: 'batch', desc: false }, 'q_value')).toEqual({
      key: 'q_value',
      desc: false,
    });
  });
});

describe('age buckets', () => {
  it('cover every age exactly once, the last one open', () => {
    expect(ageBucketOf(0)?.key).toBe('0-29');
    expect(ageBucketOf(29)?.key).toBe('0-29');
    expect(ageBucketOf(30)?.key).toBe('30-59');
    expect(ageBucketOf(90)?.key).toBe('90-179');
    expect(ageBucketOf(359)?.key).toBe('180-359');
    expect(ageBucketOf(360)?.key).toBe('360-719');
    expect(ageBucketOf(720)?.key).toBe('720+');
    expect(ageBucketOf(5000)?.key).toBe('720+');
    expect(ageBucketOf(-1)).toBeUndefined();
    expect(ageBucketOf(Number.NaN)).toBeUndefined();
    for (let i = 1; i < ageBuckets.length; i++) {
      expect(ageBuckets[i].min).toBe((ageBuckets[i - 1].max ?? Number.NaN) + 1);
    }
  });

  it("start at edges of the hot-spot tests' own age buckets (hotspots_age_bucket_edges)", () => {
    const edges = [0, ...MODEL_SETTINGS.hotspots_age_bucket_edges.default.split(',').map(Number)];
    for (const b of ageBuckets) expect(edges, b.key).toContain(b.min);
  });

  it('are derived from the edges: other edges give other buckets, each a union of test buckets', () => {
    expect(ageBucketsFor([45, 100, 200, 400]).map((b) => b.key)).toEqual([
      '0-44',
      '45-99',
      '100-199',
      '200-399',
      '400+',
    ]);
    expect(ageBucketsFor([]).map((b) => b.key)).toEqual(['0+']);
  });
});

describe('parseHotspotParams', () => {
  it('gives defaults for an empty query', () => {
    expect(parse('')).toEqual({
      params: { sort: defaultSort, show: 'tested', metric: 'ratio', age: null, page: 1 },
    });
  });

  it('reads every parameter', () => {
    expect(parse('sort=-complaints&show=all&metric=rate&age=90-179&page=3')).toEqual({
      params: {
        sort: { key: 'complaints', desc: true },
        show: 'all',
        metric: 'rate',
        age: '90-179',
        page: 3,
      },
    });
  });

  it('names the first invalid parameter', () => {
    expect(parse('sort=units')).toEqual({ invalid: 'sort' });
    expect(parse('show=some')).toEqual({ invalid: 'show' });
    expect(parse('metric=max')).toEqual({ invalid: 'metric' });
    expect(parse('age=1-2')).toEqual({ invalid: 'age' });
    expect(parse('page=0')).toEqual({ invalid: 'page' });
    expect(parse('page=-1')).toEqual({ invalid: 'page' });
    expect(parse('page=2.5')).toEqual({ invalid: 'page' });
    expect(parse('page=9999999')).toEqual({ invalid: 'page' });
  });
});

describe('withParams', () => {
  const search = new URLSearchParams('product=BCD-520W&sort=-rate_ratio&page=4&lang=en');

  it('changes page parameters, keeps filters and drops the page number', () => {
    expect(withParams(search, { show: 'all' })).toBe(
      '?product=BCD-520W&sort=-rate_ratio&lang=en&show=all',
    );
    expect(withParams(search, { sort: null })).toBe('?product=BCD-520W&lang=en');
  });

  it('sets or removes the page number when asked', () => {
    expect(withParams(search, { page: '5' })).toBe(
      '?product=BCD-520W&sort=-rate_ratio&page=5&lang=en',
    );
    expect(withParams(search, { page: null })).toBe('?product=BCD-520W&sort=-rate_ratio&lang=en');
    expect(withParams(new URLSearchParams('page=2'), { page: null })).toBe('');
  });
});
