// Section assembly from fixture rows (no warehouse): which sections a monthly report and a weekly
// bulletin have, that every value is escaped, that charts are inline SVG, and that missing tables
// are named instead of leaving empty sections.
import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../../pipeline/report/document.ts';
import { formatter } from '../../../pipeline/report/format.ts';
import { translator } from '../../../pipeline/report/messages.ts';
import { parsePeriod } from '../../../pipeline/report/period.ts';
import { buildSections, readableDrill } from '../../../pipeline/report/sections.ts';
import { MARKUP, monthlyFixture, weeklyFixture } from './fixture.ts';

const generatedAt = new Date('2026-11-01T00:30:00Z');

function sectionIds(data: ReturnType<typeof monthlyFixture>, lang: 'zh' | 'en' = 'en'): string[] {
  return buildSections({ data, lang, fmt: formatter(lang), t: translator(lang) }).map((s) => s.id);
}

/** The text between a section's opening tag and the next section. */
function section(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}"`);
  expect(start, `section ${id}`).toBeGreaterThan(-1);
  const end = html.indexOf('<section id=', start + 1);
  return html.slice(start, end === -1 ? undefined : end);
}

describe('buildSections', () => {
  it('orders the monthly report and the weekly bulletin', () => {
    expect(sectionIds(monthlyFixture())).toEqual([
      'summary',
      'kpis',
      'trend',
      'categories',
      'movers',
      'root-causes',
      'hotspots',
      'alerts',
      'recommendations',
      'data-quality',
    ]);
    expect(sectionIds(weeklyFixture())).toEqual([
      'summary',
      'kpis',
      'hotspots',
      'alerts',
      'recommendations',
      'trend',
      'movers',
      'data-quality',
    ]);
  });
});

describe('renderReportHtml', () => {
  it('writes a self-contained document: title block, inline SVG charts, no scripts or external assets', () => {
    const html = renderReportHtml(monthlyFixture(), { lang: 'en', generatedAt });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Monthly complaint report</h1>');
    expect(html).toContain('<p class="subtitle">October 2026</p>');
    expect(html).toContain('1 Nov 2026, 08:30 (Asia/Shanghai)');
    expect(html).toContain(
      '31 Oct 2026 (latest complaint received 31 Oct 2026, 21:53; models built 1 Nov 2026, 06:00)',
    );
    // trend, category and Pareto charts
    expect(html.match(/<svg /g)?.length).toBe(3);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(link|img|iframe)\b/i);
    expect(html).not.toMatch(/(src|href)=/i);
    expect(html).not.toMatch(/url\((?!#)/i); // only in-document references (SVG clip paths)
  });

  it('escapes every data value (reasons, titles, labels, categories)', () => {
    const html = renderReportHtml(monthlyFixture(), { lang: 'zh', generatedAt });
    expect(html).not.toContain(MARKUP);
    expect(html).not.toContain('<script>');
    const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;';
    expect(section(html, 'hotspots')).toContain(escaped); // batch reason
    expect(section(html, 'recommendations')).toContain(escaped); // title
    expect(section(html, 'root-causes')).toContain(escaped); // root-cause label in the table
    // the category chart's SVG text is escaped by ECharts itself
    expect(section(html, 'categories')).toContain('&lt;script&gt;');
  });

  it('fills the KPI table with values and signed, coloured changes', () => {
    const kpis = section(renderReportHtml(monthlyFixture(), { lang: 'en', generatedAt }), 'kpis');
    expect(kpis).toMatch(
      /Complaints<\/th>\s*<td class="num strong">765<\/td>\s*<td class="num">811<\/td>\s*<td class="num good">▼ −46 \(−5\.7%\)<\/td>/,
    );
    expect(kpis).toMatch(
      /Resolved within SLA \(timely handling\)<\/th>\s*<td class="num strong">63\.1%<\/td>\s*<td class="num">72\.1%<\/td>\s*<td class="num bad">▼ −9\.0 pp<\/td>/,
    );
    // no year-ago value: a dash, not 0
    expect(kpis).toMatch(
      /Re-dispatch rate<\/th>(?:\s*<td[^>]*>[^<]*<\/td>){3}\s*<td class="num">—<\/td>/,
    );
  });

  it('marks the handling KPIs of a period that is not mature as provisional and does not compare them', () => {
    const data = monthlyFixture();
    data.kpis!.current!.isMature = false;
    data.kpis!.current!.openShare = 0.183;
    const kpis = section(renderReportHtml(data, { lang: 'en', generatedAt }), 'kpis');
    expect(kpis).toMatch(
      /Resolved within SLA \(timely handling\)<\/th>\s*<td class="num strong">63\.1%\*<\/td>\s*<td class="num">72\.1%<\/td>\s*<td class="num muted">—<\/td>/,
    );
    // the count is not maturity-dependent: still compared
    expect(kpis).toMatch(/<td class="num good">▼ −46 \(−5\.7%\)<\/td>/);
    expect(kpis).toContain('Provisional: 18.3% of this period’s complaints are still open');
  });

  it('lists hot spots (new ones first as loaded), alerts with cluster labels and recommendations by rank', () => {
    const html = renderReportHtml(monthlyFixture(), { lang: 'en', generatedAt });
    const hot = section(html, 'hotspots');
    expect(hot).toContain('B2025W39-BCD520');
    expect(hot).toContain('B2025W29-F8032 <span class="badge new">new</span>');
    // actions already taken (--actions): the covering recall and the lead time from the first flag
    expect(hot).toContain(
      'Covered by an open action: recall R-26-01 2026-01-05 → · lead time 23 days from the first flag',
    );
    expect(hot).toContain('4.7 [2.7–7.5]');
    expect(hot).toContain('&lt;0.001');
    expect(hot).toContain('No product hot spot is flagged for this period.');
    const alerts = section(html, 'alerts');
    expect(alerts).toContain('Root-cause cluster: 外包装破损');
    expect(alerts).toContain('2026-W41');
    const recs = section(html, 'recommendations');
    expect(recs).toContain('/complaints?category=物流运输&amp;region=四川');
    expect(recs).toContain('Why this priority: severity 1.00×30');
  });

  it('titles the weekly bulletin by ISO week in both languages', () => {
    const en = renderReportHtml(weeklyFixture(), { lang: 'en', generatedAt });
    expect(en).toContain('<h1>Weekly hot-spot bulletin</h1>');
    expect(en).toContain('Week 43, 2026 (19–25 Oct 2026)');
    const zh = renderReportHtml(weeklyFixture(), { lang: 'zh', generatedAt });
    expect(zh).toContain('<h1>投诉热点通报</h1>');
    expect(zh).toContain('2026年第43周（2026年10月19日—10月25日）');
    expect(zh).toContain('<th scope="col" class="num">本周</th>');
  });

  it('warns when the period is partial, or the data stop before it ends', () => {
    const quiet = renderReportHtml(monthlyFixture(), { lang: 'en', generatedAt });
    expect(quiet).not.toContain('class="warning"');
    const running = monthlyFixture();
    running.kpis!.current!.isComplete = false;
    expect(renderReportHtml(running, { lang: 'en', generatedAt })).toContain(
      'This period is not over yet in the warehouse',
    );
    const early = { ...weeklyFixture(), period: parsePeriod('2026-W44') }; // ends 1 Nov, data 31 Oct
    expect(renderReportHtml(early, { lang: 'zh', generatedAt })).toContain(
      '数据仓库中的投诉截至 2026年10月31日，早于本期结束日',
    );
  });

  it('names categories and default owner departments in the report language, and load files without their directories (issue 17)', () => {
    const en = renderReportHtml(monthlyFixture(), { lang: 'en', generatedAt });
    // categories: the chart, the movers table and the root-cause table
    expect(section(en, 'categories')).toContain('Product quality');
    expect(section(en, 'categories')).not.toContain('产品质量');
    expect(section(en, 'movers')).toContain('<td class="wrap">Delivery</td>');
    expect(section(en, 'root-causes')).toContain('<td>After-sales repair</td>');
    expect(section(en, 'root-causes')).not.toMatch(/<td>(售后维修|物流运输)<\/td>/);
    // the product's default owners; an export's own department (售后服务部 as a mover) stays as is
    const recs = section(en, 'recommendations');
    expect(recs).toContain('>Logistics</td>');
    expect(recs).toContain('>Quality Management</td>');
    expect(recs).not.toMatch(/物流部|质量管理部/);
    // the loaded file by name, not the server path it was read from
    const dq = section(en, 'data-quality');
    expect(dq).toContain('<td class="file">complaints-2026-10.csv</td>');
    expect(dq).not.toContain('/srv/');

    const zh = renderReportHtml(monthlyFixture(), { lang: 'zh', generatedAt });
    expect(section(zh, 'categories')).toContain('产品质量');
    expect(section(zh, 'movers')).toContain('<td class="wrap">物流运输</td>');
    expect(section(zh, 'recommendations')).toContain('>物流部</td>');
    expect(section(zh, 'data-quality')).not.toContain('/srv/');
  });

  it('decodes drill-down parameters for print, keeping malformed ones as they are', () => {
    expect(readableDrill('product_category=%E7%83%AD%E6%B0%B4%E5%99%A8&batch=B1')).toBe(
      'product_category=热水器&batch=B1',
    );
    expect(readableDrill('q=%E0%A4%A&x=1')).toBe('q=%E0%A4%A&x=1');
  });
});
