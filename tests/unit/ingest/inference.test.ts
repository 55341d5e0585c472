// The pure rules behind first-load recognition: header families and head-noun matching
// (headers.ts), content inference (infer.ts), header-row detection (headerless.ts), hierarchy
// derivation (derive.ts) and the missing-field report (coverage.ts).
import { describe, expect, it } from 'vitest';
import { missingFields } from '../../../pipeline/ingest/coverage.ts';
import { deriveHierarchy, derivationText } from '../../../pipeline/ingest/derive.ts';
import { looksHeaderless } from '../../../pipeline/ingest/headerless.ts';
import { mapHeaders } from '../../../pipeline/ingest/headers.ts';
import { inferFromProfiles, type ColumnProfile } from '../../../pipeline/ingest/infer.ts';

const fieldsOf = (headers: string[]) =>
  Object.fromEntries(mapHeaders(headers).decisions.map((d) => [d.header, d.field]));

describe('header families', () => {
  it('maps the NHTSA flat-file and car-platform headers by meaning', () => {
    expect(
      fieldsOf([
        'ODINO',
        'MAKETXT',
        'MODELTXT',
        'YEARTXT',
        'FAILDATE',
        'COMPDESC',
        'CDESCR',
        'MILES',
        'VIN',
      ]),
    ).toEqual({
      ODINO: 'complaint_id',
      MAKETXT: 'brand',
      MODELTXT: 'series',
      YEARTXT: 'model_year',
      FAILDATE: 'incident_at',
      COMPDESC: 'component',
      CDESCR: 'description',
      MILES: 'usage',
      VIN: 'serial_no',
    });
    expect(
      fieldsOf([
        '品牌',
        '车系',
        '车型',
        '年款',
        '问题简述',
        '故障部位',
        '车架号',
        '行驶里程',
        '故障日期',
      ]),
    ).toEqual({
      品牌: 'brand',
      车系: 'series',
      车型: 'product',
      年款: 'model_year',
      问题简述: 'description',
      故障部位: 'component',
      车架号: 'serial_no',
      行驶里程: 'usage',
      故障日期: 'incident_at',
    });
  });

  it('matches an English header by its head noun, but not by a generic last word', () => {
    expect(
      fieldsOf([
        'Brief description of the complaint',
        'Vehicle make',
        'CMPL_TYPE',
        'Customer name',
        'Timely response?',
        'Model Line Desc',
      ]),
    ).toEqual({
      'Brief description of the complaint': 'description',
      'Vehicle make': 'brand',
      CMPL_TYPE: null,
      'Customer name': null,
      'Timely response?': null,
      'Model Line Desc': 'series',
    });
    // A last word that says how the value is written ("name", "desc") is passed over.
    expect(fieldsOf(['Vehicle Make Name', 'Component Desc', 'Customer Name'])).toEqual({
      'Vehicle Make Name': 'brand',
      'Component Desc': 'component',
      'Customer Name': null,
    });
  });

  it('prefers the make over the manufacturer and records how each column was decided', () => {
    const m = mapHeaders(['MFR_NAME', 'MAKETXT', '客户投诉内容描述']);
    expect(m.fields.brand).toEqual([1, 0]);
    expect(m.extra.map((e) => e.key)).toEqual(['MFR_NAME']);
    expect(m.decisions.map((d) => [d.method, d.confidence])).toEqual([
      ['synonym', 1],
      ['synonym', 1],
      ['contains', 0.8],
    ]);
  });
});

const profile = (index: number, p: Partial<ColumnProfile>): ColumnProfile => ({
  index,
  values: 100,
  distinct: 100,
  meanLength: 8,
  meanWords: 1,
  meanCjk: 0,
  dateShare: 0,
  numberShare: 0,
  spaceShare: 0,
  ...p,
});

describe('content inference', () => {
  it('takes the longest distinct free text as the description, dates and ids as such, and only hints at categories', () => {
    const profiles = [
      profile(0, { distinct: 100, meanLength: 9 }), // id-like
      profile(1, { dateShare: 1, meanLength: 16, spaceShare: 1 }), // dates
      profile(2, { meanLength: 60, meanWords: 11, spaceShare: 1, distinct: 97 }), // narrative
      profile(3, { meanLength: 30, meanWords: 5, spaceShare: 1, distinct: 3 }), // repeated label
      profile(4, { meanLength: 25, meanCjk: 20, distinct: 90 }), // shorter Chinese narrative
    ];
    const out = inferFromProfiles(profiles, () => true);
    expect(out.map((i) => [i.field, i.index])).toEqual([
      ['description', 2],
      ['received_at', 1],
      ['complaint_id', 0],
      [null, 3],
    ]);
    expect(out[0].reason).toMatch(/longest free text: mean 60 characters, 11 words, 97% distinct/);
    expect(out[0].confidence).toBeLessThan(1);
  });

  it('fills only fields a header did not claim', () => {
    const out = inferFromProfiles(
      [profile(2, { meanLength: 60, meanWords: 11, spaceShare: 1 })],
      (f) => f !== 'description',
    );
    expect(out.filter((i) => i.field === 'description')).toEqual([]);
  });
});

describe('header-row detection', () => {
  it('treats a first line of values as data, never a line of known headers', () => {
    expect(
      looksHeaderless([
        'C-0001',
        '2026-03-01 09:15',
        '冰箱',
        '压缩机夜里异响很吵，已经第三次报修了',
      ]),
    ).toBe(true);
    expect(looksHeaderless(['1786343', '11446088', 'KIA', 'SOUL', '2018', '20211217'])).toBe(true);
    expect(looksHeaderless(['投诉编号', '受理时间', '问题描述'])).toBe(false);
    expect(looksHeaderless(['foo', 'bar', 'baz'])).toBe(false);
  });
});

describe('hierarchy derivation and missing fields', () => {
  it('derives product, category and batch from brand › series › model year, and says so', () => {
    const m = mapHeaders(['ODINO', 'LDATE', 'MAKETXT', 'MODELTXT', 'YEARTXT', 'CDESCR']);
    m.derived = deriveHierarchy(m);
    expect(derivationText(m.derived)).toBe(
      'product = brand + series; product_category = brand; batch = model_year; production_date = 1 January of model_year where the row gives none',
    );
    expect(missingFields(m).map((x) => x.field)).toEqual(['resolved_at|closed_at']);
  });

  it('keeps the export’s own product and batch, takes series as category under a variant column', () => {
    const m = mapHeaders(['编号', '投诉时间', '车系', '车型', '生产批号', '生产日期']);
    m.derived = deriveHierarchy(m);
    expect(Object.keys(m.derived)).toEqual(['product_category']);
    expect(m.derived.product_category?.rule).toBe('product_category = series');
  });

  it('names every disabled analysis of a bare export, strict ones first', () => {
    const m = mapHeaders(['channel', 'note']);
    m.derived = deriveHierarchy(m);
    const missing = missingFields(m);
    expect(missing.map((x) => [x.field, x.strict])).toEqual([
      ['complaint_id', true],
      ['received_at', true],
      ['description', true],
      ['product', true],
      ['resolved_at|closed_at', false],
    ]);
  });
});
