// The Hot spots page's own URL parameters: parsing (bad values are reported, never guessed),
// header sort links, age buckets and links that keep the filters.
import { describe, expect, it } from 'vitest';
import {
  ageBucketOfKey,
  defaultSort,
  nextSort,
  parseHotspotParams,
  parseSort,
  sortParam,
  withParams,
} from './params.ts';
import type { AgeBucket, AgeBucketKey } from './params.ts';

/** The warehouse's buckets with the default setting (mart_batch_age_buckets). */
const buckets: AgeBucket[] = ['0-29', '30-59', '60-89', '90-179', '180-359', '360-719', '720+'].map(
  (key) => ageBucketOfKey(key)!,
);
const parse = (query: string, known: AgeBucket[] | null = buckets) =>
  parseHotspotParams(new URLSearchParams(query), known);

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

describe('age bucket keys', () => {
  it('carry their bounds, the last bucket open', () => {
    expect(ageBucketOfKey('0-29')).toEqual({ key: '0-29', min: 0, max: 29 });
    expect(ageBucketOfKey('90-179')).toEqual({ key: '90-179', min: 90, max: 179 });
    expect(ageBucketOfKey('720+')).toEqual({ key: '720+', min: 720, max: null });
  });

  it('are only keys as the warehouse writes them', () => {
    for (const bad of [
      '',
      '30',
      '30-',
      '-30',
      '30-29',
      '030-59',
      '07+',
      '1e3+',
      '30 - 59',
      '30-59;',
    ]) {
      expect(ageBucketOfKey(bad), bad).toBeUndefined();
    }
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
    // a well-formed key that is not one of the warehouse's buckets
    expect(parse('age=90-119')).toEqual({ invalid: 'age' });
    expect(parse('page=0')).toEqual({ invalid: 'page' });
    expect(parse('page=-1')).toEqual({ invalid: 'page' });
    expect(parse('page=2.5')).toEqual({ invalid: 'page' });
    expect(parse('page=9999999')).toEqual({ invalid: 'page' });
  });
});

describe('parseHotspotParams without the warehouse buckets', () => {
  it('takes any well-formed age key (the page then shows its unbuilt or error state)', () => {
    expect(parse('age=90-119', null)).toMatchObject({ params: { age: '90-119' } });
    expect(parse('age=90-', null)).toEqual({ invalid: 'age' });
  });

  it('takes the keys of configured buckets', () => {
    const configured = ['0-44', '45-99', '100+'].map((key) => ageBucketOfKey(key)!);
    expect(parse('age=45-99', configured)).toMatchObject({
      params: { age: '45-99' as AgeBucketKey },
    });
    expect(parse('age=90-179', configured)).toEqual({ invalid: 'age' });
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
