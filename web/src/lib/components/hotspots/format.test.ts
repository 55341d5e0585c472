import { describe, expect, it } from 'vitest';
import { formatQ, formatRatio, formatRatioCi, formatShare, formatTrend } from './format.ts';

describe('hot-spot number formats', () => {
  it('formats ratios with their interval', () => {
    expect(formatRatio('en', 6.6397)).toBe('6.6');
    expect(formatRatio('en', null)).toBe('—');
    expect(formatRatioCi('en', 6.6397, 4.5704, 9.3246)).toBe('6.6 [4.6–9.3]');
    expect(formatRatioCi('en', 1.5, null, 2)).toBe('1.5');
    expect(formatRatioCi('zh-CN', null, 1, 2)).toBe('—');
  });

  it('writes tiny q-values as <0.001', () => {
    expect(formatQ('en', 5.7e-23)).toBe('<0.001');
    expect(formatQ('en', 0.0133)).toBe('0.013');
    expect(formatQ('en', 1.2)).toBe('1.000');
    expect(formatQ('en', null)).toBe('—');
  });

  it('formats shares and signed weekly trends', () => {
    expect(formatShare('en', 0.4385)).toBe('43.9%');
    expect(formatShare('zh-CN', 0.07, 0)).toBe('7%');
    expect(formatTrend('en', 0.178)).toBe('+17.8%');
    expect(formatTrend('en', -0.05)).toBe('-5.0%');
    expect(formatTrend('en', 0)).toBe('0.0%');
    expect(formatTrend('en', null)).toBe('—');
  });
});
