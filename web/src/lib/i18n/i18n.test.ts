import { describe, expect, it } from 'vitest';
import { formatChange, formatInteger, formatIsoWeek, formatMonth, formatPeriod } from './format.ts';
import { codeLabel, hasCodeTable } from './codes.ts';
import { catalogues, statusLabel, t } from './messages.ts';
import { fromAcceptLanguage, negotiateLocale } from './negotiate.ts';

describe('locale negotiation', () => {
  it('prefers ?lang=, then the cookie, then Accept-Language, then zh-CN', () => {
    expect(negotiateLocale({ param: 'en', cookie: 'zh-CN', acceptLanguage: 'zh' })).toBe('en');
    expect(negotiateLocale({ param: 'xx', cookie: 'en', acceptLanguage: 'zh' })).toBe('en');
    expect(negotiateLocale({ acceptLanguage: 'en-GB,en;q=0.9' })).toBe('en');
    expect(negotiateLocale({ acceptLanguage: 'fr-FR' })).toBe('zh-CN');
    expect(negotiateLocale({})).toBe('zh-CN');
  });

  it('accepts the short and regional tags users type: ?lang=zh, zh-CN, zh-cn, en, en-US', () => {
    for (const param of ['zh', 'zh-CN', 'zh-cn', 'zh-Hans'])
      expect(negotiateLocale({ param, acceptLanguage: 'en' }), param).toBe('zh-CN');
    for (const param of ['en', 'EN', 'en-US'])
      expect(negotiateLocale({ param, acceptLanguage: 'zh' }), param).toBe('en');
    expect(negotiateLocale({ param: 'fr', acceptLanguage: 'en' })).toBe('en');
  });

  it('honours q-values and maps any Chinese variant to zh-CN', () => {
    expect(fromAcceptLanguage('en;q=0.5, zh-TW;q=0.8')).toBe('zh-CN');
    expect(fromAcceptLanguage('fr, en;q=0.1, zh;q=0')).toBe('en');
    expect(fromAcceptLanguage('')).toBeUndefined();
  });
});

describe('catalogue', () => {
  it('names no internal table: missing parts are described in user words (issue 17)', () => {
    const internal = /\b(?:mart|int|stg|cfg|raw|fct|dim)_[a-z_]+/;
    for (const [locale, messages] of Object.entries(catalogues))
      for (const [key, text] of Object.entries(messages))
        expect(text, `${locale} ${key}`).not.toMatch(internal);
  });

  it('has the same keys and placeholders in every language', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
    const en = catalogues.en;
    for (const [locale, messages] of Object.entries(catalogues)) {
      expect(Object.keys(messages).sort(), locale).toEqual(Object.keys(en).sort());
      for (const key of Object.keys(en) as Array<keyof typeof en>) {
        expect(placeholders(messages[key]), `${locale} ${key}`).toEqual(placeholders(en[key]));
      }
    }
  });

  it('fills placeholders', () => {
    expect(t('en', 'kpi.average.hint', { count: 5 })).toBe('over 5 complete months');
    expect(t('zh-CN', 'kpi.average.hint', { count: 5 })).toBe('基于 5 个完整月份');
  });
});

describe('formatting', () => {
  it('formats months in UTC whatever the server zone', () => {
    expect(formatMonth('en', '2024-03-01')).toBe('Mar 2024');
    expect(formatMonth('zh-CN', '2024-03-01')).toBe('2024年3月');
    expect(formatMonth('en', '2024-12-01 00:00:00', 'long')).toBe('December 2024');
  });

  it('formats numbers and signed changes', () => {
    expect(formatInteger('en', 6963)).toBe('6,963');
    expect(formatChange('en', 0.124)).toBe('+12.4%');
    expect(formatChange('en', -0.186)).toBe('-18.6%');
  });
});

describe('status labels', () => {
  it('translates every normalised status and shows anything else as it is', () => {
    for (const status of ['open', 'in_progress', 'resolved', 'closed', 'invalid', 'withdrawn']) {
      expect(statusLabel('en', status)).not.toBe(status);
      expect(statusLabel('zh-CN', status)).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(statusLabel('zh-CN', 'closed')).toBe('已关闭');
    expect(statusLabel('en', 'in_progress')).toBe('In progress');
    expect(statusLabel('en', 'escalated')).toBe('escalated');
    expect(statusLabel('en', null)).toBe('—');
  });
});

describe('periods', () => {
  it('labels a month as a month and a week as its ISO week, never as a day', () => {
    expect(formatPeriod('en', 'month', '2026-10-01')).toBe('Oct 2026');
    expect(formatPeriod('zh-CN', 'month', '2026-10-01')).toBe('2026年10月');
    expect(formatPeriod('en', 'week', '2026-09-21')).toBe('2026-W39');
    expect(formatIsoWeek('2024-12-30')).toBe('2025-W01'); // Thursday 2 Jan 2025
    expect(formatIsoWeek('2021-01-04')).toBe('2021-W01');
    expect(formatIsoWeek('2020-12-28')).toBe('2020-W53');
  });
});

describe('product codes', () => {
  it('names rules, alert kinds, chart types, owners and test outcomes in the UI language', () => {
    expect(codeLabel('zh-CN', 'kind', 'shift')).toBe('水平偏移');
    expect(codeLabel('en', 'rule', 'batch_hotspot')).toBe('batch hot spot');
    expect(codeLabel('zh-CN', 'chart_type', 'laney_u')).toBe('Laney u′ 控制图');
    // a recommendation's evidence flattens the mart's list of flag bases to "rate, cause_rate"
    expect(codeLabel('zh-CN', 'flag_basis', 'rate, cause_rate')).toBe('投诉率 + 原因投诉率');
    expect(codeLabel('en', 'flag_basis', 'cause_mix')).toBe('cause mix');
    expect(codeLabel('zh-CN', 'untested_because', 'no_production_date')).toBe('无生产日期');
    expect(codeLabel('zh-CN', 'baseline_level', 'product_line')).toBe('产品线');
    expect(codeLabel('en', 'owner', '质量管理部')).toBe('Quality Management');
    expect(codeLabel('zh-CN', 'test_severity', 'warn')).toBe('警告');
  });

  it('leaves data values and unknown codes as they are', () => {
    expect(codeLabel('en', 'owner', '财务部')).toBe('财务部');
    expect(codeLabel('en', 'kind', 'wobble')).toBe('wobble');
    expect(codeLabel('en', 'no_such_field', 'x')).toBe('x');
    expect(hasCodeTable('kind')).toBe(true);
    expect(hasCodeTable('reason')).toBe(false);
  });
});
