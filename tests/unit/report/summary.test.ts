// The executive summary generator: sentences built from the fixture's numbers, in both languages,
// and what it says when parts are missing.
import { describe, expect, it } from 'vitest';
import { formatter } from '../../../pipeline/report/format.ts';
import { strongestBatch, summarySentences } from '../../../pipeline/report/summary.ts';
import { monthlyFixture, weeklyFixture } from './fixture.ts';

describe('summarySentences (en)', () => {
  it('states volume vs the previous month and a year ago, handling, the mover, hot spots and the top recommendation', () => {
    const s = summarySentences(monthlyFixture(), 'en');
    expect(s).toEqual([
      'In October 2026 we received 765 complaints, 5.7% fewer than in September 2026 (811) and 1.4% fewer than in October 2025 (776).',
      '63.1% of complaints were resolved within SLA (−9.0 pp on the previous month), and satisfaction averaged 0.77 (score 0–1).',
      'The biggest change was in department 售后服务部: 250 complaints, 80 fewer than the previous month.',
      '2 batch hot spots are active (1 new in this period); the strongest is batch B2025W29-F8032 (F80-32A5): 40 complaints, 6.6× the rate of batches of the same age, 2,760 units at risk; 2 trend alert(s) fall in the period.',
      // rank 1 wins although it is listed second; its title already ends with a full stop
      // the product's default owner department, in English (issue 17)
      'Top recommendation (P1, owner: Quality Management): Batch B2025W29-F8032: leakage trips.',
    ]);
    expect(s.length).toBeGreaterThanOrEqual(3);
    expect(s.length).toBeLessThanOrEqual(5);
  });

  it('says "more" for a rise and words weekly comparisons as weeks', () => {
    const data = weeklyFixture();
    data.kpis!.current!.values.complaints = 900;
    const [volume] = summarySentences(data, 'en');
    expect(volume).toBe(
      'In Week 43, 2026 (19–25 Oct 2026) we received 900 complaints, 11.0% more than the week before (811) and 16.0% more than the same week last year (776).',
    );
  });

  it('calls the handling rate of a period that is not mature provisional and does not compare it', () => {
    const data = monthlyFixture();
    data.kpis!.current!.isMature = false;
    data.kpis!.current!.openShare = 0.183;
    const s = summarySentences(data, 'en');
    expect(s[1]).toBe(
      '63.1% of complaints were resolved within SLA (provisional: 18.3% of the complaints are still open), and satisfaction averaged 0.77 (score 0–1).',
    );
    expect(summarySentences(data, 'zh')[1]).toContain('暂定');
  });

  it('leaves out comparisons it cannot make and flags a partial period', () => {
    const data = monthlyFixture();
    data.kpis!.previous = null;
    data.kpis!.yearAgo = null;
    data.kpis!.current!.isComplete = false;
    const s = summarySentences(data, 'en');
    expect(s[0]).toBe('In October 2026 we received 765 complaints.');
    expect(s[1]).toMatch(/not complete yet/);
    expect(s[2]).toBe(
      '63.1% of complaints were resolved within SLA, and satisfaction averaged 0.77 (score 0–1).',
    );
  });

  it('says plainly when the KPIs, hot spots, alerts and recommendations are empty', () => {
    const noKpis = { ...monthlyFixture(), kpis: { current: null, previous: null, yearAgo: null } };
    expect(summarySentences(noKpis, 'en')[0]).toBe('The warehouse has no KPI row for this period.');
    const none = monthlyFixture();
    none.batchHotspots = [];
    none.alerts = [];
    none.recommendations = [];
    const s = summarySentences(none, 'en');
    expect(s).toContain(
      'No batch or product hot spot is flagged; no trend alert falls in the period.',
    );
    expect(s).toContain('There is no recommendation for this period.');
  });
});

describe('summarySentences (zh)', () => {
  it('writes the same facts in Chinese', () => {
    const s = summarySentences(monthlyFixture(), 'zh');
    expect(s[0]).toBe(
      '2026年10月共受理投诉 765 件，比上月（811 件）下降 5.7%，比去年同期（776 件）下降 1.4%。',
    );
    expect(s[1]).toBe('处理及时率为 63.1%（环比 −9.0个百分点），满意度平均分为 0.77（0–1 分）。');
    expect(s[2]).toBe('变化最大的是处理部门「售后服务部」：投诉 250 件，比上月减少 80 件。');
    expect(s[3]).toContain('当前有 2 个批次热点（本期新增 1 个），最突出的是批次 B2025W29-F8032');
    expect(s[4]).toMatch(
      /^首要建议（P1，责任部门：质量管理部）：批次 B2025W29-F8032 漏电跳闸 .*。$/,
    );
  });
});

describe('helpers', () => {
  it("picks the strongest batch by the mart's rank (sql/macros/ranking.sql), not an order of its own", () => {
    const batches = monthlyFixture().batchHotspots!;
    expect(strongestBatch(batches)?.batch).toBe('B2025W29-F8032');
    // the rank decides, whatever the q-values say
    expect(
      strongestBatch([
        { ...batches[0], rank: 1 },
        { ...batches[1], rank: 2 },
      ])?.batch,
    ).toBe('B2025W39-BCD520');
    // an unranked hot spot (a hand-made row) never beats a ranked one; none ranked: the first
    expect(strongestBatch([{ ...batches[1], rank: null }, batches[0]])?.batch).toBe(
      'B2025W39-BCD520',
    );
    expect(
      strongestBatch([
        { ...batches[0], rank: null },
        { ...batches[1], rank: null },
      ])?.batch,
    ).toBe('B2025W39-BCD520');
    expect(strongestBatch([])).toBeUndefined();
  });

  it('formats numbers and dates per language', () => {
    const en = formatter('en');
    const zh = formatter('zh');
    expect(en.int(12345.4)).toBe('12,345');
    expect(en.signedPoints(0.0234)).toBe('+2.3 pp');
    expect(zh.signedPoints(-0.09)).toBe('−9.0个百分点');
    expect(en.signedPct(0)).toBe('0.0%');
    expect(zh.month('2026-10-01')).toBe('2026年10月');
    expect(en.localDateTime('2026-11-24 06:39:03.5')).toBe('24 Nov 2026, 06:39');
    expect(zh.localDateTime('2026-11-24 06:39:03')).toBe('2026年11月24日 06:39');
    // 2026-11-23T23:05Z is already the 24th in Shanghai
    expect(en.dateTime(new Date('2026-11-23T23:05:00Z'), 'Asia/Shanghai')).toBe(
      '24 Nov 2026, 07:05',
    );
  });
});
