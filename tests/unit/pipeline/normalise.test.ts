import { beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../pipeline/db.ts';
import { inferSatisfactionScale, installNormalisers } from '../../../pipeline/ingest/normalise.ts';
import { addressCases } from '../../helpers/addressCases.ts';

let db: Db;
beforeAll(async () => {
  db = await openDb(':memory:');
  await installNormalisers(db);
});

const one = async (sql: string, params: Record<string, string | null> = {}) =>
  db.scalar(sql, params);

describe('timestamps', () => {
  it.each([
    ['2026-03-05 14:03:00', '2026-03-05 14:03:00'],
    ['2026/3/5 14:03', '2026-03-05 14:03:00'],
    ['2026年3月5日', '2026-03-05 00:00:00'],
    ['2026年3月5日 14时03分', '2026-03-05 14:03:00'],
    ['2026.03.05', '2026-03-05 00:00:00'],
    ['20260305', '2026-03-05 00:00:00'],
    ['２０２６－０３－０５　１４：０３', '2026-03-05 14:03:00'],
    ['2026-03-05T06:03:00Z', '2026-03-05 14:03:00'],
    ['2026-03-05T14:03:00+08:00', '2026-03-05 14:03:00'],
    ['2026-03-05T14:03:00.250', '2026-03-05 14:03:00.25'],
    ['45356', '2024-03-05 00:00:00'],
    ['45356.5', '2024-03-05 12:00:00'],
    ['1772690580', '2026-03-05 14:03:00'],
    ['Mar 19, 2015', '2015-03-19 00:00:00'],
    ['3/19/2015', '2015-03-19 00:00:00'],
  ])('%s → %s', async (input, expected) => {
    expect(await one(`select cl_ts($v, 'mdy', 'Asia/Shanghai')::varchar`, { v: input })).toBe(
      expected,
    );
  });

  it('reads year-last dates in the given order', async () => {
    expect(await one(`select cl_ts('05/03/2026', 'dmy', 'UTC')::date::varchar`)).toBe('2026-03-05');
    expect(await one(`select cl_ts('05/03/2026', 'mdy', 'UTC')::date::varchar`)).toBe('2026-05-03');
  });

  it.each(['not a date', '2026-13-45', '2026-03-05 25:00:00', ''])(
    'unparseable %j → NULL',
    async (input) => {
      expect(await one(`select cl_ts($v, 'mdy', 'UTC')`, { v: input })).toBeNull();
    },
  );
});

describe('money and integers', () => {
  it.each([
    ['¥1,200.00', '1200.00'],
    ['￥1,200.00', '1200.00'],
    ['1200元', '1200.00'],
    ['1.2万', '12000.00'],
    ['RMB 35.5', '35.50'],
    ['$ 20', '20.00'],
    ['12,345,678.9', '12345678.90'],
    ['abc', null],
    // Issue 13, defect 11: commas outside groups of three are not thousands separators.
    ['1,2,3', null],
    ['12,50', null],
  ])('%s → %s', async (input, expected) => {
    expect(await one(`select cl_money($v)::varchar`, { v: input })).toBe(expected);
  });
  it('parses counts', async () => {
    expect(await one(`select cl_int('2次')`)).toBe(2);
    expect(await one(`select cl_int('３')`)).toBe(3);
    expect(await one(`select cl_int('x')`)).toBeNull();
    expect(await one(`select cl_int('4.0')`)).toBe(4);
    // Issue 13, defect 11: a dispatch count of 2.5 is not 2.
    expect(await one(`select cl_int('2.5')`)).toBeNull();
  });
});

describe('satisfaction', () => {
  const sat = (v: string, scale = 'five') =>
    one(
      `select coalesce((select try_cast(value as double) from cl_vocab where kind = 'satisfaction' and key = cl_key($v)), cl_sat_number(cl_clean($v), $s))`,
      { v, s: scale },
    );
  it.each([
    ['满意', 'five', 0.8],
    ['基本满意', 'five', 0.6],
    ['不满意', 'five', 0.4],
    ['Very dissatisfied', 'five', 0.2],
    ['5', 'five', 1],
    ['4星', 'five', 0.8],
    ['★★★', 'five', 0.6],
    ['85%', 'five', 0.85],
    ['8/10', 'five', 0.8],
    ['7', 'ten', 0.7],
    ['90', 'hundred', 0.9],
    ['0.5', 'fraction', 0.5],
  ])('%s (%s) → %d', async (v, scale, expected) => {
    expect(Number(await sat(v, scale))).toBeCloseTo(expected, 6);
  });
});

describe('PII masking', () => {
  it('masks phones, ID numbers and e-mails but keeps other text', async () => {
    const text =
      '我的电话13812345678，备用 +86 139-1234-5678，身份证11010119900307123X，邮箱zhang.san@example.com，座机0755-86001234，订单号2026030512';
    const masked = String(await one(`select cl_mask_pii($v)`, { v: text }));
    expect(masked).toBe(
      '我的电话138****5678，备用 139****5678，身份证110101********123X，邮箱z***@example.com，座机0755-****1234，订单号2026030512',
    );
  });

  // The macro skips values without four digits in a row or an @ (the cheap guard): each pattern
  // alone, with the fewest consecutive digits it can have, must still pass the guard.
  it.each([
    ['备用 +86 139-1234-5678', '备用 139****5678'],
    ['座机 010-6234 5678 或 0755-86001234', '座机 010-6234 5678 或 0755-****1234'],
    ['邮箱 a@b.cn', '邮箱 a***@b.cn'],
    ['等了3天，催了2次，花了199元', '等了3天，催了2次，花了199元'],
  ])('%s', async (text, expected) => {
    expect(await one(`select cl_mask_pii($v)`, { v: text })).toBe(expected);
  });
});

describe('PII masking: Chinese street addresses (the same table as maskPii)', () => {
  it.each(addressCases)('%s → %s', async (text, expected) => {
    expect(await one(`select cl_mask_pii($v)`, { v: text })).toBe(expected);
  });
});

describe('clean', () => {
  it('turns full-width into half-width, trims, empties to NULL', async () => {
    expect(await one(`select cl_clean('　ＢＣＤ－５２０Ｗ ')`)).toBe('BCD-520W');
    expect(await one(`select cl_clean('   ')`)).toBeNull();
    expect(await one(`select cl_region('四川省')`)).toBe('四川');
    expect(await one(`select cl_region('广西壮族自治区')`)).toBe('广西');
  });
});

describe('satisfaction scale', () => {
  const counts = (values: number[]) => ({
    n: values.length,
    le1: values.filter((v) => v <= 1).length,
    le5: values.filter((v) => v <= 5).length,
    le10: values.filter((v) => v <= 10).length,
    le100: values.filter((v) => v <= 100).length,
  });
  it('is the smallest scale that explains the values', () => {
    expect(inferSatisfactionScale(counts([0.2, 0.9, 1]))).toBe('fraction');
    expect(inferSatisfactionScale(counts([1, 3, 5]))).toBe('five');
    expect(inferSatisfactionScale(counts([1, 7, 10]))).toBe('ten');
    expect(inferSatisfactionScale(counts([10, 70, 100]))).toBe('hundred');
  });
  it('is not moved by one outlier (issue 13, defect 5: one 150 turned every 5 into 0.05)', () => {
    const values = [...Array.from({ length: 2999 }, (_, i) => 1 + (i % 5)), 150];
    expect(inferSatisfactionScale(counts(values))).toBe('five');
    // …but a real 0–100 file is still read as one.
    expect(inferSatisfactionScale(counts(Array.from({ length: 100 }, (_, i) => i)))).toBe(
      'hundred',
    );
  });
});
