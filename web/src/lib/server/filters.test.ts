// Filters from the URL: validation, and the WHERE fragment they become. The injection cases run
// the fragment against a real in-memory DuckDB, so "the value is only ever a bound parameter" is
// checked by the database, not by reading strings.
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_DIMENSIONS } from '../../../../pipeline/contract/dimensions.ts';
import {
  barFilterKeys,
  filterParams,
  filtersFromSearch,
  hrefWithFilters,
  isIsoDate,
  monthEnd,
  parseFilters,
  memberFilterKeys,
  withoutFilter,
} from '../filters.ts';
import { complaintWhere, filtersOrError, notAnOption } from './filters.ts';
import { parseRecommendationFilter, recommendationFilterOrError } from './recommendations.ts';

const search = (query: string) => new URLSearchParams(query);

describe('filter keys', () => {
  it('are the contract dimensions, in the filter bar order (then the drill-down filters)', () => {
    expect([...barFilterKeys].sort()).toEqual([...COMPLAINT_DIMENSIONS].sort());
    expect(memberFilterKeys).toEqual([
      'product_category',
      'product',
      'channel',
      'region',
      'department',
      'category',
      'batch',
      'cluster',
    ]);
  });
});

describe('parseFilters', () => {
  it('accepts the known filters and ignores empty values', () => {
    const { filters, problems } = parseFilters(
      search('from=2024-01-01&to=2024-01-31&region=四川&channel=&product=BCD-401WDPT&lang=en'),
    );
    expect(problems).toEqual([]);
    expect(filters).toEqual({
      from: '2024-01-01',
      to: '2024-01-31',
      region: '四川',
      product: 'BCD-401WDPT',
    });
  });

  it('rejects unknown parameters unless the page declares them', () => {
    expect(parseFilters(search('colour=red')).problems).toEqual([
      { param: 'colour', problem: 'unknown' },
    ]);
    expect(parseFilters(search('q=lid&page=2'), ['q', 'page']).problems).toEqual([]);
    // a column name that exists in the table is still not a filter
    expect(parseFilters(search('description=x')).problems[0]).toEqual({
      param: 'description',
      problem: 'unknown',
    });
  });

  it('rejects malformed dates, reversed ranges, control characters, long and repeated values', () => {
    const problems = (q: string) => parseFilters(search(q)).problems.map((p) => p.problem);
    expect(problems('from=2024-02-30')).toEqual(['invalid']);
    expect(problems('from=2024-1-1')).toEqual(['invalid']);
    expect(problems("from=2024-01-01' or 1=1 --")).toEqual(['invalid']);
    expect(problems('from=2024-03-01&to=2024-02-01')).toEqual(['reversed']);
    expect(problems('region=a%00b')).toEqual(['invalid']);
    expect(problems(`region=${'x'.repeat(201)}`)).toEqual(['invalid']);
    expect(problems('region=a&region=b')).toEqual(['repeated']);
  });

  it('validates calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(monthEnd('2024-02-01')).toBe('2024-02-29');
    expect(monthEnd('2024-12-01')).toBe('2024-12-31');
  });

  it('answers 400 for a bad URL in a server load, with the problems for the error page', async () => {
    await expect(filtersOrError(new URL('http://x/complaints?bogus=1'))).rejects.toMatchObject({
      status: 400,
      body: { problems: [{ param: 'bogus', problem: 'unknown' }] },
    });
    await expect(filtersOrError(new URL('http://x/?from=yesterday'))).rejects.toMatchObject({
      status: 400,
      body: { problems: [{ param: 'from', problem: 'invalid', value: 'yesterday' }] },
    });
  });

  it('refuses a page parameter outside its choices the same way, with the filter problems', async () => {
    const url = new URL('http://x/trends?grain=year&from=yesterday');
    await expect(
      filtersOrError(url, ['grain'], [notAnOption('grain', 'year')]),
    ).rejects.toMatchObject({
      status: 400,
      body: {
        problems: [
          { param: 'from', problem: 'invalid', value: 'yesterday' },
          { param: 'grain', problem: 'notAnOption', value: 'year' },
        ],
      },
    });
    const { filter, problems } = parseRecommendationFilter(
      new URL('http://x/recommendations?priority=P9&owner=' + encodeURIComponent('物流部')),
    );
    expect(filter).toEqual({ owner: '物流部' });
    expect(problems).toEqual([{ param: 'priority', problem: 'notAnOption', value: 'P9' }]);
    expect(() => recommendationFilterOrError(new URL('http://x/?priority=P9'))).toThrow(
      expect.objectContaining({ status: 400, body: expect.objectContaining({ problems }) }),
    );
  });
});

describe('links keep the filters', () => {
  it('serialises in a fixed order and drops page params', () => {
    const filters = filtersFromSearch(search('page=3&region=East&from=2024-01-01&q=lid'));
    expect(filters).toEqual({ region: 'East', from: '2024-01-01' });
    expect(filterParams(filters).toString()).toBe('from=2024-01-01&region=East');
    expect(hrefWithFilters('/trends', filters)).toBe('/trends?from=2024-01-01&region=East');
    expect(hrefWithFilters('/trends', {})).toBe('/trends');
    expect(withoutFilter(filters, 'region')).toEqual({ from: '2024-01-01' });
  });
});

describe('complaintWhere', () => {
  it('is `true` without filters', () => {
    expect(complaintWhere({})).toEqual({ sql: 'true', params: {} });
  });

  it('puts every value in a parameter and only whitelisted columns in the SQL', () => {
    const evil = "x' or '1'='1";
    const where = complaintWhere({
      from: '2024-01-01',
      to: '2024-01-31',
      region: evil,
      category: 'c',
    });
    expect(where.sql).toBe(
      'c.received_at >= cast($f_from as date) and c.received_at < cast($f_to as date) + interval 1 day' +
        ' and c.region = $f_region and c.category = $f_category',
    );
    expect(where.sql).not.toContain(evil);
    expect(where.params).toEqual({
      f_from: '2024-01-01',
      f_to: '2024-01-31',
      f_region: evil,
      f_category: 'c',
    });
    // keys outside the whitelist never reach SQL, even if a caller forgot to validate
    const sneaky = complaintWhere({ ['1=1; drop table complaints; --' as 'region']: 'x' });
    expect(sneaky.sql).toBe('true');
  });

  it('matches the right rows in DuckDB and treats injection attempts as plain values', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      await conn.run(`create table complaints as
        select * from (values
          ('A', timestamp '2024-01-31 23:59:00', 'East', 'p1'),
          ('B', timestamp '2024-02-01 00:00:00', 'East', 'p1'),
          ('C', timestamp '2024-01-15 10:00:00', 'West', 'p2'),
          ('D', timestamp '2024-01-10 10:00:00', $$x' or '1'='1$$, 'p2')
        ) t(complaint_id, received_at, region, product_category)`);
      await conn.run(`create table int_complaint_categories as
        select * from (values ('A', 'quality', 7), ('B', 'quality', 7), ('C', 'delivery', 12))
          t(complaint_id, category, cluster_id)`);
      const ids = async (filters: Parameters<typeof complaintWhere>[0]) => {
        const where = complaintWhere(filters);
        const reader = await conn.runAndReadAll(
          `select c.complaint_id
           from (select * from complaints left join int_complaint_categories using (complaint_id)) as c
           where ${where.sql} order by 1`,
          where.params,
        );
        return reader.getRowObjectsJson().map((r) => r.complaint_id);
      };
      expect(await ids({})).toEqual(['A', 'B', 'C', 'D']);
      expect(await ids({ from: '2024-01-01', to: '2024-01-31' })).toEqual(['A', 'C', 'D']);
      expect(await ids({ region: 'East', category: 'quality' })).toEqual(['A', 'B']);
      // the classic payload only matches the one row whose region literally is that text
      expect(await ids({ region: "x' or '1'='1" })).toEqual(['D']);
      expect(await ids({ region: "East'; drop table complaints; --" })).toEqual([]);
      expect(await ids({ product_category: 'p2', region: 'West' })).toEqual(['C']);
      expect(await ids({ cluster: '7' })).toEqual(['A', 'B']);
      expect(await ids({ cluster: '7 or true' })).toEqual([]);
      expect(await ids({})).toHaveLength(4); // table still there
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
