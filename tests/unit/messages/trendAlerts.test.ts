// The trend-alert catalogue words the mart's numbers; these are the sentences the SQL used to
// build (same precision and wording), now in one place for the dashboard and the report.
import { describe, expect, it } from 'vitest';
import {
  periodLabel,
  probabilityText,
  trendAlertReason,
  type TrendAlertFacts,
} from '../../../pipeline/messages/trendAlerts.ts';
import { dimensionMessages, dimensionName } from '../../../pipeline/messages/dimensions.ts';
import { SERIES_DIMENSIONS } from '../../../pipeline/contract/dimensions.ts';

const base: TrendAlertFacts = {
  kind: 'spike',
  grain: 'week',
  dimension: 'channel',
  memberLabel: '微博',
  periodStart: '2026-08-31',
  firstAlertPeriod: '2026-08-31',
  observed: 21,
  expected: 5.2,
  score: 4.1,
  pValue: 1.9e-6,
  qValue: null,
  slope: null,
  windowPeriods: null,
  alarmThreshold: null,
};

describe('trendAlertReason', () => {
  it('spike, both languages', () => {
    expect(trendAlertReason(base, 'zh')).toBe(
      '渠道「微博」2026-W36 投诉 21 件，按基线预期约 5.2 件（4.0 倍），单期突增，P=1.9e-6。',
    );
    expect(trendAlertReason(base, 'en')).toBe(
      'Channel "微博": 21 complaints in 2026-W36 against about 5.2 expected from its baseline (4.0×), a one-period spike, p=1.9e-6.',
    );
  });

  it('drop asks to check the feed', () => {
    const drop = { ...base, kind: 'drop', observed: 0, expected: 12, pValue: 0.0123 };
    expect(trendAlertReason(drop, 'en')).toBe(
      'Channel "微博": only 0 complaints in 2026-W36 against about 12.0 expected (100% lower), p=0.0123. A source going quiet can mean a broken export: check the data feed.',
    );
  });

  it('shift names its first period and the alarm limit', () => {
    const shift = {
      ...base,
      kind: 'shift',
      grain: 'month',
      dimension: 'region',
      memberLabel: '四川',
      periodStart: '2026-10-01',
      firstAlertPeriod: '2026-07-01',
      observed: 49,
      expected: 23.4,
      score: 7.26,
      alarmThreshold: 5,
    };
    expect(trendAlertReason(shift, 'zh')).toBe(
      '地区「四川」自 2026-07 起持续高于基线（CUSUM 7.3，报警阈值 5.0）：2026-10 投诉 49 件，基线约 23.4 件。',
    );
  });

  it('trend gives the rise over its window as a share of the median level', () => {
    const trend = {
      ...base,
      kind: 'trend',
      slope: 0.5,
      expected: 10,
      score: 3.456,
      qValue: 0.00321,
      windowPeriods: 13,
    };
    // 100 × 0.5 × (13 − 1) / 10 = 60 %
    expect(trendAlertReason(trend, 'en')).toBe(
      'Channel "微博" has risen over the last 13 weeks: Sen slope +0.50 complaints per week (about 60% of its median level of 10.0), Mann-Kendall z=3.46, q=0.0032 after correcting for all series tested.',
    );
    expect(trendAlertReason(trend, 'zh')).toContain('近 13 周持续上升：Sen 斜率 +0.50 件/周');
  });

  it('emerging: a cluster by its label; a cluster with no earlier share is new', () => {
    const emerging = {
      ...base,
      kind: 'emerging',
      dimension: 'cluster',
      memberLabel: '门封 · 脱落',
      slope: 0.172,
      observed: 24,
      expected: 4.3,
      score: null,
      qValue: 2e-5,
      windowPeriods: 4,
    };
    expect(trendAlertReason(emerging, 'zh')).toBe(
      '根因簇「门封 · 脱落」近 4 周占全部投诉的 17.2%（24 件），按此前占比预期约 4.3 件（新出现），q=2.0e-5。',
    );
    expect(trendAlertReason({ ...emerging, score: 5.58 }, 'en')).toContain('(5.6×), q=2.0e-5.');
  });

  it('an unknown kind has no reason', () => {
    expect(trendAlertReason({ ...base, kind: 'week' }, 'zh')).toBe('');
  });
});

describe('formatting', () => {
  it('ISO weeks belong to the year of their Thursday', () => {
    expect(periodLabel('week', '2026-12-28')).toBe('2026-W53');
    expect(periodLabel('week', '2024-12-30')).toBe('2025-W01');
    expect(periodLabel('week', '2026-01-05')).toBe('2026-W02');
    expect(periodLabel('month', '2026-02-01')).toBe('2026-02');
    expect(periodLabel('week', null)).toBe('');
  });

  it('probabilities: 4 decimals, 2 significant digits below 1e-4', () => {
    expect(probabilityText(0.5)).toBe('0.5000');
    expect(probabilityText(1e-4)).toBe('0.0001');
    expect(probabilityText(9.94e-5)).toBe('9.9e-5');
    expect(probabilityText(null)).toBe('');
  });

  it('every series dimension has a name in both languages', () => {
    for (const lang of ['zh', 'en'] as const) {
      const names = dimensionMessages(lang);
      for (const dim of SERIES_DIMENSIONS)
        expect(names[`dim.${dim}`]).toBe(dimensionName(dim, lang));
      expect(Object.keys(names)).toHaveLength(SERIES_DIMENSIONS.length);
    }
    expect(dimensionName('unknown', 'en')).toBe('unknown');
  });
});
