// The report as one self-contained HTML document: inline CSS and SVG, no scripts, no external
// assets, print CSS for A4 (page breaks between the main sections, table rows never split, table
// headers repeated on each page). The same file is what Chromium prints to PDF.
import { formatter, type Lang } from './format.ts';
import { h, trusted, type Html } from './html.ts';
import { translator } from './messages.ts';
import { buildSections } from './sections.ts';
import type { ReportData } from './types.ts';

// Latin text in Liberation Sans (metric-compatible with Arial, with a real bold), Chinese in the
// CJK font: the usual pairing of Chinese business documents (Arial + a Hei face).
export const FONT_STACK =
  '"Liberation Sans", Arial, "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif';

/** Page margins, shared by the CSS (@page) and the PDF options so both print the same layout. */
export const PAGE_MARGIN = { top: '18mm', bottom: '18mm', left: '14mm', right: '14mm' } as const;

const CSS = `
@page { size: A4; margin: ${PAGE_MARGIN.top} ${PAGE_MARGIN.right} ${PAGE_MARGIN.bottom} ${PAGE_MARGIN.left}; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: ${FONT_STACK}; font-size: 10pt; line-height: 1.5; color: #1f2937; margin: 0; background: #fff; }
main { max-width: 182mm; margin: 0 auto; }
@media screen { body { background: #f3f4f6; } main { background: #fff; padding: 14mm; margin: 8mm auto; box-shadow: 0 1px 4px rgba(0,0,0,.15); } }
.title-block { border-top: 6px solid #1d4ed8; padding: 6mm 0 4mm; margin-bottom: 4mm; border-bottom: 1px solid #d1d5db; }
.brand { font-size: 9pt; letter-spacing: .08em; text-transform: uppercase; color: #1d4ed8; font-weight: bold; }
h1 { font-size: 22pt; line-height: 1.25; margin: 2mm 0 1mm; }
.subtitle { font-size: 13pt; color: #374151; margin: 0 0 3mm; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 5mm; margin: 0; font-size: 9pt; color: #374151; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
.warning { margin: 3mm 0 0; padding: 2mm 3mm; border-left: 4px solid #b45309; background: #fffbeb; color: #78350f; font-size: 9pt; }
section { margin: 0 0 6mm; }
section.page-break { break-before: page; }
h2 { font-size: 14pt; margin: 0 0 3mm; padding-bottom: 1mm; border-bottom: 2px solid #1d4ed8; break-after: avoid; }
h2 .no { color: #1d4ed8; margin-right: 2mm; }
h3 { font-size: 11pt; margin: 4mm 0 2mm; break-after: avoid; }
p { margin: 0 0 2mm; }
ul.summary { margin: 0; padding-left: 5mm; }
ul.summary li { margin-bottom: 1.5mm; }
.note { font-size: 8.5pt; color: #4b5563; }
.empty { color: #4b5563; font-style: italic; }
figure.chart { margin: 0 0 4mm; break-inside: avoid; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 8.5pt; color: #4b5563; text-align: center; margin-top: 1mm; }
table { width: 100%; border-collapse: collapse; font-size: 8.5pt; margin: 0 0 3mm; }
caption { caption-side: top; text-align: left; font-size: 8.5pt; color: #4b5563; padding-bottom: 1mm; }
thead { display: table-header-group; }
th, td { padding: 1.2mm 1.5mm; vertical-align: top; text-align: left; border-bottom: 1px solid #e5e7eb; }
thead th { background: #eef2ff; color: #1e3a8a; border-bottom: 1px solid #c7d2fe; font-weight: bold; }
tbody th { font-weight: normal; }
tr, tbody.item { break-inside: avoid; }
tbody.item tr:first-child td { border-bottom: none; }
tr.detail td { color: #4b5563; font-size: 8pt; padding-top: 0; overflow-wrap: anywhere; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.strong { font-weight: bold; }
.muted { color: #6b7280; }
.good { color: #047857; }
.bad { color: #b91c1c; }
.key { font-weight: bold; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.key.wrap, .wrap { white-space: normal; overflow-wrap: anywhere; }
.file { word-break: break-all; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; word-break: break-all; }
.badge { display: inline-block; padding: 0 1.2mm; border-radius: 1mm; font-size: 7.5pt; font-weight: bold; background: #e5e7eb; color: #374151; white-space: nowrap; }
.badge.new { background: #fef3c7; color: #92400e; }
.badge.p1 { background: #fee2e2; color: #991b1b; }
.badge.p2 { background: #ffedd5; color: #9a3412; }
.badge.p3 { background: #e5e7eb; color: #374151; }
table.kpis th[scope=row] { width: 38%; }
/* eight columns of codes, dates and intervals: fixed layout and wrapping keep them inside A4 */
table.hotspots { table-layout: fixed; font-size: 8pt; }
table.hotspots th, table.hotspots td { white-space: normal; overflow-wrap: anywhere; padding: 1mm; }
footer.end { margin-top: 6mm; font-size: 8pt; color: #6b7280; border-top: 1px solid #e5e7eb; padding-top: 2mm; }
`;

export interface RenderOptions {
  lang: Lang;
  /** The moment the report is generated (injected so tests are deterministic). */
  generatedAt: Date;
}

export function reportTitle(data: ReportData, lang: Lang): string {
  return translator(lang)(data.period.kind === 'monthly' ? 'title.monthly' : 'title.weekly');
}

export function renderReportHtml(data: ReportData, options: RenderOptions): string {
  const { lang } = options;
  const fmt = formatter(lang);
  const t = translator(lang);
  const title = reportTitle(data, lang);
  const w = data.warehouse;
  const asOf = w.asOfDate
    ? t('meta.asOfValue', {
        date: fmt.date(w.asOfDate),
        latest: w.latestComplaint ? fmt.localDateTime(w.latestComplaint) : '—',
        built: w.builtAt ? fmt.localDateTime(w.builtAt) : '—',
      })
    : '—';
  const incomplete = data.kpis?.current && !data.kpis.current.isComplete;
  // a "complete" period (the build ran after it) whose export stopped early
  const dataEnd = w.latestComplaint?.slice(0, 10) ?? null;
  const endsEarly = !incomplete && dataEnd !== null && dataEnd < data.period.end;
  const sections = buildSections({ data, lang, fmt, t }).map(
    (s, i) => h`<section id="${s.id}"${s.pageBreak ? trusted(' class="page-break"') : ''}>
  <h2><span class="no">${i + 1}</span>${s.title}</h2>
  ${s.body}
</section>`,
  );
  const page: Html = h`<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="complaint-lens report">
<title>${title} · ${fmt.periodShort(data.period)}</title>
<style>${trusted(CSS)}</style>
</head>
<body>
<main>
<header class="title-block">
  <div class="brand">Complaint Lens</div>
  <h1>${title}</h1>
  <p class="subtitle">${fmt.period(data.period)}</p>
  <dl class="meta">
    <dt>${t('meta.period')}</dt><dd>${fmt.date(data.period.start)} – ${fmt.date(data.period.end)}</dd>
    <dt>${t('meta.generated')}</dt><dd>${fmt.dateTime(options.generatedAt, w.timezone)} (${w.timezone})</dd>
    <dt>${t('meta.asOf')}</dt><dd>${asOf}</dd>
  </dl>
  ${incomplete ? h`<p class="warning">${t('meta.incomplete')}</p>` : ''}
  ${endsEarly ? h`<p class="warning">${t('meta.dataEnds', { date: fmt.date(dataEnd) })}</p>` : ''}
</header>
${sections}
<footer class="end">${title} · ${fmt.periodShort(data.period)} · Complaint Lens</footer>
</main>
</body>
</html>
`;
  return page.html;
}
