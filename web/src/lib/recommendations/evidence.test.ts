// Evidence of a recommendation: generic key → value list with known keys translated.
import { describe, expect, it } from 'vitest';
import { evidenceItems, formatEvidenceValue, parseEvidence } from './evidence.ts';

const labels: Record<string, string> = {
  complaints: 'Complaints',
  rate_ratio: 'Rate ratio',
  q_value: 'q-value',
  reason: 'Reason',
};
const label = (key: string) => labels[key];

describe('parseEvidence', () => {
  it('accepts JSON text or an object, flattens nested values, rejects non-objects', () => {
    expect(parseEvidence('{"complaints": 40, "period": "2026-W39"}')).toEqual({
      complaints: 40,
      period: '2026-W39',
    });
    expect(
      parseEvidence({ a: { b: 1, c: 0.5 }, c: ['x', 'y'], d: null, e: { f: { g: 1 } } }),
    ).toEqual({
      a: 'b 1 · c 0.5',
      c: 'x, y',
      d: null,
      e: '{"f":{"g":1}}',
    });
    for (const bad of ['not json', '[1,2]', '42', null, undefined, 7]) {
      expect(parseEvidence(bad), String(bad)).toEqual({});
    }
  });
});

describe('formatEvidenceValue', () => {
  it('formats known keys by meaning', () => {
    expect(formatEvidenceValue('complaints', 1234, 'en')).toBe('1,234');
    expect(formatEvidenceValue('expected', 3.24, 'en')).toBe('3.2');
    expect(formatEvidenceValue('rate_ratio', 4.7, 'en')).toBe('4.70×');
    expect(formatEvidenceValue('q_value', 0.0123, 'en')).toBe('0.012');
    expect(formatEvidenceValue('q_value', 3e-9, 'en')).toBe('< 0.0001');
    expect(formatEvidenceValue('dominant_share', 0.345, 'en')).toBe('34.5%');
    expect(formatEvidenceValue('unknown', 2.71828, 'en')).toBe('2.718');
    expect(formatEvidenceValue('period', '2026-W39', 'en')).toBe('2026-W39');
    expect(formatEvidenceValue('x', null, 'en')).toBe('—');
    expect(formatEvidenceValue('x', 'a'.repeat(400), 'en')).toHaveLength(301);
  });
});

describe('evidenceItems', () => {
  const evidence = parseEvidence({
    complaints: 40,
    rate_ratio: 4.7,
    q_value: 0.0004,
    reason_zh: '同龄批次的 4.7 倍',
    reason_en: '4.7× the same-age batches',
    new_key: 'shown as is',
    score_components: { severity: 1, volume: 0.7 },
    alert_ids: ['bda231438f3ded8e'],
  });

  it('keeps the order, translates known keys and shows unknown ones by name', () => {
    expect(evidenceItems(evidence, 'en', label)).toEqual([
      { key: 'complaints', label: 'Complaints', value: '40', long: false },
      { key: 'rate_ratio', label: 'Rate ratio', value: '4.70×', long: false },
      { key: 'q_value', label: 'q-value', value: '0.0004', long: false },
      { key: 'reason', label: 'Reason', value: '4.7× the same-age batches', long: false },
      { key: 'new_key', label: 'new key', value: 'shown as is', long: false },
    ]);
    // hidden keys (score_components repeats explain_*, alert_ids are hashes) are left out
    const long = evidenceItems({ reason_en: 'x'.repeat(40), rate: 0.6836 }, 'en', label);
    expect(long).toEqual([
      { key: 'reason', label: 'Reason', value: 'x'.repeat(40), long: true },
      { key: 'rate', label: 'rate', value: '68.4%', long: false },
    ]);
  });

  it('shows only the current language of a _zh/_en pair', () => {
    const zh = evidenceItems(evidence, 'zh-CN', label);
    expect(zh.find((i) => i.key === 'reason')?.value).toBe('同龄批次的 4.7 倍');
    expect(zh.filter((i) => i.key.startsWith('reason'))).toHaveLength(1);
    // a lone _zh key (no English twin) is still shown in English
    expect(evidenceItems({ note_zh: '仅中文' }, 'en', label)).toEqual([
      { key: 'note_zh', label: 'note zh', value: '仅中文', long: false },
    ]);
  });
});
