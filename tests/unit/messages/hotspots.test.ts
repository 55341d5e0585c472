// Hot-spot reasons are codes and numbers in the marts (issue 19: "codes, not prose"); the catalogue
// (pipeline/messages/batchHotspots.ts, productHotspots.ts, codes.ts) words every code in both
// languages. Here: every code declared in pipeline/contract/hotspotCodes.ts has its sentence and
// its label in Chinese and in English, no code leaks into a reader's text, and the SQL models write
// no code that is not declared (and declare none they never write).
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BASELINE_LEVELS,
  BATCH_UNTESTED_CODES,
  FLAG_BASES,
  MIX_UNTESTED_CODES,
  NOT_HOTSPOT_CODES,
  PRODUCT_BASELINE_GROUPS,
  PRODUCT_UNTESTED_CODES,
} from '../../../pipeline/contract/hotspotCodes.ts';
import { martRow } from '../../../pipeline/contract/marts.ts';
import { batchHotspotReason } from '../../../pipeline/messages/batchHotspots.ts';
import { codeLabel, codeLabels } from '../../../pipeline/messages/codes.ts';
import type { Lang } from '../../../pipeline/messages/lang.ts';
import { productHotspotReason } from '../../../pipeline/messages/productHotspots.ts';

const LANGS: Lang[] = ['zh', 'en'];
const CJK = /[\u4e00-\u9fff]/;

/** A reader's text: in Chinese some Chinese, in English none, and never a code (snake_case). */
function expectWorded(text: string, lang: Lang, code: string): void {
  expect(text, `${code} (${lang})`).not.toBe('');
  if (code.includes('_')) expect(text, `${code} (${lang})`).not.toContain(code);
  expect(text, `${code} (${lang})`).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
  if (lang === 'zh') expect(text, code).toMatch(CJK);
  else expect(text, code).not.toMatch(CJK);
}

const batch = (json: Record<string, unknown>) =>
  martRow('mart_batch_hotspots', {
    product: 'P1',
    batch: 'B1',
    age_days: 12,
    test_scope: 'quality',
    exposure_basis: 'units',
    ...json,
  });

const product = (json: Record<string, unknown>) =>
  martRow('mart_product_hotspots', { level: 'product_cause', product: 'P1', ...json });

describe('batch hot spots: why a batch is not tested (untested_because)', () => {
  it.each(BATCH_UNTESTED_CODES)('%s has a sentence and a short label in both languages', (code) => {
    const row = batch({ is_tested: false, untested_because: code, reason_limit: 30 });
    for (const lang of LANGS) {
      const reason = batchHotspotReason(row, lang);
      expectWorded(reason.replace('B1', ''), lang, code);
      expectWorded(codeLabel(lang, 'untested_because', code), lang, code);
    }
  });

  it('words the numbers a code cites: the age and the minimum age', () => {
    const row = batch({ is_tested: false, untested_because: 'too_young', reason_limit: 30 });
    expect(batchHotspotReason(row, 'zh')).toBe(
      '批次 B1：未检验（批次太新：生产 12 天，需满 30 天）',
    );
    expect(batchHotspotReason(row, 'en')).toBe(
      'Batch B1: not tested (too young to judge: 12 days since production, 30 needed)',
    );
  });

  it('a Chinese reader sees Chinese for the reasons that used to be shown in English', () => {
    for (const [code, zh] of [
      ['no_production_date', '缺少生产日期'],
      ['missing_from_volumes', '产量文件中没有该批次'],
      ['no_exposure', '观察期内无暴露'],
    ]) {
      const row = batch({ is_tested: false, untested_because: code });
      expect(batchHotspotReason(row, 'zh')).toContain(zh);
    }
    expect(codeLabel('zh', 'untested_because', 'missing_from_volumes')).toBe('产量文件中无此批次');
  });

  it('an unknown code (a newer warehouse) is shown as it is, not dropped', () => {
    const row = batch({ is_tested: false, untested_because: 'some_new_code' });
    expect(batchHotspotReason(row, 'en')).toBe('Batch B1: not tested (some_new_code)');
  });
});

describe('batch hot spots: why a tested batch is not one (not_hotspot_because)', () => {
  it.each(NOT_HOTSPOT_CODES)('%s is worded in both languages with its limit', (code) => {
    const row = batch({
      is_tested: true,
      is_hotspot: false,
      observed: 2,
      expected: 1,
      rate_ratio: 2,
      q_value: 0.2,
      not_hotspot_because: code,
      reason_limit: code === 'few_complaints' ? 3 : code === 'q_above_limit' ? 0.05 : 1.5,
    });
    for (const lang of LANGS) {
      const reason = batchHotspotReason(row, lang);
      expect(reason).toContain(lang === 'zh' ? '未达热点标准（' : 'not a hot spot (');
      expect(reason).not.toContain(code);
      expect(reason).toMatch(
        code === 'few_complaints' ? /3/ : code === 'q_above_limit' ? /0\.05/ : /1\.5/,
      );
    }
  });
});

describe('batch hot spots: baselines and flag bases', () => {
  const tested = {
    is_tested: true,
    is_hotspot: true,
    observed: 20,
    expected: 4,
    rate_ratio: 5,
    rate_ratio_lower: 3,
    rate_ratio_upper: 8,
    q_value: 0.0001,
    rate_reference_complaints: 2,
  };

  it.each(BASELINE_LEVELS)('rate_baseline_level %s is worded, and labelled', (level) => {
    const row = batch({ ...tested, rate_baseline_level: level });
    for (const lang of LANGS) {
      expectWorded(batchHotspotReason(row, lang).replace('B1', ''), lang, level);
      expectWorded(codeLabel(lang, 'baseline_level', level), lang, level);
    }
    expect(batchHotspotReason(row, 'zh')).toContain(
      {
        product: '同龄批次基线',
        product_line: '同产品线同龄基线',
        all_products: '全部产品同龄基线',
      }[level],
    );
  });

  it.each(BASELINE_LEVELS)('mix_comparison_level %s is worded', (level) => {
    const row = batch({
      ...tested,
      rate_baseline_level: 'product',
      is_mix_signal: true,
      mix_cause: 'k1',
      mix_cause_label: '漏水',
      mix_batch_share: 0.6,
      mix_baseline_share: 0.2,
      mix_comparison_level: level,
    });
    expect(batchHotspotReason(row, 'zh')).toContain(
      {
        product: '该产品同龄可比批次',
        product_line: '同产品线同龄可比批次',
        all_products: '全部产品同龄可比批次',
      }[level],
    );
    expect(batchHotspotReason(row, 'en')).toContain(
      {
        product: 'the product)',
        product_line: 'the product line)',
        all_products: 'the whole range)',
      }[level],
    );
  });

  it('every flag basis has a label; a list reads "a + b"', () => {
    for (const basis of FLAG_BASES)
      for (const lang of LANGS) expectWorded(codeLabel(lang, 'flag_basis', basis), lang, basis);
    expect(codeLabels('zh', 'flag_basis', ['rate', 'cause_rate'])).toBe('投诉率 + 原因投诉率');
    expect(codeLabels('en', 'flag_basis', ['rate', 'cause_mix'])).toBe('rate + cause mix');
    expect(codeLabels('en', 'flag_basis', null)).toBe('');
  });
});

describe('product hot spots: why a test was not run (untested_because)', () => {
  it.each(PRODUCT_UNTESTED_CODES)('%s has a sentence in both languages', (code) => {
    const row = product({
      is_tested: false,
      untested_because: code,
      reason_limit: 3,
      exclusive_share: 0.857,
    });
    for (const lang of LANGS)
      expectWorded(productHotspotReason(row, lang).replace('P1', ''), lang, code);
  });

  it.each(PRODUCT_BASELINE_GROUPS)('baseline_group %s names the peers', (group) => {
    const row = product({
      is_tested: true,
      is_hotspot: true,
      baseline_group: group,
      cause_key: 'k1',
      share: 0.5,
      baseline_share: 0.1,
    });
    expect(productHotspotReason(row, 'zh')).toContain(
      group === 'category' ? '同类产品' : '其他产品',
    );
    expect(productHotspotReason(row, 'en')).toContain(
      group === 'category' ? 'category peers' : 'other products',
    );
  });

  it('words the numbers: the minimum count, the share of product-specific causes', () => {
    const few = product({
      is_tested: false,
      untested_because: 'few_cause_complaints',
      reason_limit: 3,
    });
    expect(productHotspotReason(few, 'en')).toBe(
      'Product P1: not tested (fewer than 3 complaints with the cause)',
    );
    expect(productHotspotReason(few, 'zh')).toBe('产品 P1：未检验（该原因的投诉少于 3 起）');
    const own = product({
      is_tested: false,
      untested_because: 'product_specific_cause',
      exclusive_share: 0.857,
    });
    expect(productHotspotReason(own, 'en')).toBe(
      'Product P1: not tested (no peer product has the cause, and 86% of complaints have such product-specific causes)',
    );
    // the Chinese sentence no longer carries the English reason
    expect(productHotspotReason(own, 'zh')).toBe(
      '产品 P1：未检验（对照产品都没有该原因，且 86% 的投诉属于此类产品特有的原因）',
    );
  });
});

// The SQL writes these codes as literals in the case expressions `… end as untested_because` (and
// the flag bases in `… as flag_basis`): read them from the models, so a code added to a model but
// not to pipeline/contract/hotspotCodes.ts (and so to the catalogue) fails here, without a build.
describe('the SQL writes only declared codes', () => {
  const sqlDir = new URL('../../../sql/', import.meta.url);
  const model = (path: string) => readFileSync(new URL(path, sqlDir), 'utf8');

  /** The string literals of the expression that ends `as <column>`, in every such expression. */
  function literalsOf(sql: string, column: string): string[] {
    const found: string[] = [];
    const pattern = new RegExp(
      String.raw`(case\b(?:(?!\bcase\b)[\s\S])*?\bend|list_filter\(\[[\s\S]*?\]\s*,[^)]*\)\s*,\s*\[\]\))(?:::\w+)?\s+as\s+${column}\b`,
      'g',
    );
    for (const match of sql.matchAll(pattern))
      for (const literal of match[1].matchAll(/\b(?:then|else)\s+'([^']*)'/g))
        found.push(literal[1]);
    return found;
  }

  const codesIn = (files: string[], column: string) =>
    [...new Set(files.flatMap((file) => literalsOf(model(file), column)))].sort();

  it('mart_batch_hotspots.untested_because: the catalogue, the rate tests and the mart', () => {
    expect(
      codesIn(
        [
          'intermediate/int_batch_catalogue.sql',
          'intermediate/int_batch_rate_tests.sql',
          'marts/mart_batch_hotspots.sql',
        ],
        'untested_because',
      ),
    ).toEqual([...BATCH_UNTESTED_CODES].sort());
  });

  it('int_batch_mix_tests.untested_because', () => {
    expect(codesIn(['intermediate/int_batch_mix_tests.sql'], 'untested_because')).toEqual(
      [...MIX_UNTESTED_CODES].sort(),
    );
  });

  it('mart_product_hotspots.untested_because: the period, region and cause tests', () => {
    expect(
      codesIn(
        [
          'intermediate/int_product_period_tests.sql',
          'intermediate/int_product_region_tests.sql',
          'intermediate/int_product_cause_tests.sql',
        ],
        'untested_because',
      ),
    ).toEqual([...PRODUCT_UNTESTED_CODES].sort());
  });

  it('mart_batch_hotspots.not_hotspot_because and flag_basis', () => {
    const mart = ['marts/mart_batch_hotspots.sql'];
    expect(codesIn(mart, 'not_hotspot_because')).toEqual([...NOT_HOTSPOT_CODES].sort());
    expect(codesIn(mart, 'flag_basis')).toEqual([...FLAG_BASES].sort());
  });

  it('the baseline levels of the rate and mix tests', () => {
    const rate = model('intermediate/int_batch_rate_tests.sql');
    const levels = [...rate.matchAll(/'([a-z_]+)'\s*(?:end\s+)?as baseline_level/g)].map(
      (m) => m[1],
    );
    expect(levels.sort()).toEqual(['all_products', 'product']); // 'product_line' is inside the case
    expect(rate).toMatch(
      /when 2 then 'product_line' when 3 then 'all_products' end as baseline_level/,
    );
    expect(model('intermediate/int_batch_mix_tests.sql')).toContain(
      "(values (1, 'product'), (2, 'product_line'), (3, 'all_products'))",
    );
    expect([...BASELINE_LEVELS].sort()).toEqual(['all_products', 'product', 'product_line']);
    // the product tests' peer groups
    for (const file of [
      'intermediate/int_product_period_tests.sql',
      'intermediate/int_product_cause_tests.sql',
    ]) {
      const groups = [...model(file).matchAll(/then 'category' else '([a-z_]+)' end/g)].map(
        (m) => m[1],
      );
      expect(groups.length, file).toBeGreaterThan(0);
      for (const group of groups) expect(PRODUCT_BASELINE_GROUPS, file).toContain(group);
    }
  });

  it('no model writes an English sentence as a reason any more', () => {
    for (const dir of ['intermediate', 'marts']) {
      for (const file of readdirSync(new URL(`${dir}/`, sqlDir)).filter((f) =>
        f.endsWith('.sql'),
      )) {
        const sql = model(`${dir}/${file}`);
        expect(sql, file).not.toMatch(/\buntested_reason\b/);
        expect(sql, file).not.toMatch(/'(product line|all products|cause rate|cause mix)'/);
      }
    }
  });
});
