// The sections of the monthly report and the weekly bulletin, each built from ReportData as an
// HTML fragment. Every value from the warehouse goes through the `h` template (escaped); the only
// unescaped markup is the SVG ECharts renders. A part whose table is missing says so plainly.
import { categoryChart, paretoChart, trendChart } from './charts.ts';
import { relativeChange, type Formatter, type Lang } from './format.ts';
import { h, type Html } from './html.ts';
import type { MessageKey, Translate } from './messages.ts';
import { isoWeekOf } from './period.ts';
import { categoryName } from '../messages/codes.ts';
import { fileName } from '../messages/format.ts';
import {
  dimensionLabel,
  memberName,
  ownerName,
  pick,
  productSubject,
  summarySentences,
} from './summary.ts';
import { MATURITY_DEPENDENT } from '../contract/kpis.ts';
import { KPI_COLUMNS, type KpiColumn, type ReportData, type TrendAlert } from './types.ts';

export interface Section {
  id: string;
  title: string;
  body: Html;
  /** Start the section on a new printed page. */
  pageBreak: boolean;
}

export interface SectionContext {
  data: ReportData;
  lang: Lang;
  fmt: Formatter;
  t: Translate;
}

type KpiStyle = 'count' | 'decimal' | 'rate' | 'hours';

const KPI_STYLE: Record<KpiColumn, { style: KpiStyle; upIsGood: boolean }> = {
  complaints: { style: 'count', upIsGood: false },
  complaints_per_10k_units: { style: 'decimal', upIsGood: false },
  first_response_within_sla_rate: { style: 'rate', upIsGood: true },
  resolved_within_sla_rate: { style: 'rate', upIsGood: true },
  delay_rate: { style: 'rate', upIsGood: false },
  redispatch_rate: { style: 'rate', upIsGood: false },
  repeat_rate: { style: 'rate', upIsGood: false },
  resolution_rate: { style: 'rate', upIsGood: true },
  avg_handling_hours: { style: 'hours', upIsGood: false },
  // a mean score on 0–1, not a share: shown as a decimal, changes relative
  satisfaction_avg: { style: 'decimal', upIsGood: true },
  satisfied_rate: { style: 'rate', upIsGood: true },
};

const DASH = '—';

/** Sentence case for a label at the start of a table cell ("department" → "Department"). */
function initialCap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function empty(text: string): Html {
  return h`<p class="empty">${text}</p>`;
}

function kpiValue(fmt: Formatter, style: KpiStyle, value: number | null): string {
  if (value === null) return DASH;
  switch (style) {
    case 'count':
      return fmt.int(value);
    case 'decimal':
      return fmt.dec(value, 2);
    case 'hours':
      return fmt.dec(value, 1);
    case 'rate':
      return fmt.pct(value);
  }
}

/** A change cell: signed change with an arrow, coloured by whether the direction is good. */
function changeCell(
  fmt: Formatter,
  column: KpiColumn,
  current: number | null,
  base: number | null,
): Html {
  if (current === null || base === null) return h`<td class="num muted">${DASH}</td>`;
  const { style, upIsGood } = KPI_STYLE[column];
  let text: string;
  let direction: number;
  if (style === 'rate') {
    const delta = current - base;
    direction = Math.round(delta * 1000);
    text = fmt.signedPoints(delta);
  } else {
    const change = relativeChange(current, base);
    if (change === null) return h`<td class="num muted">${DASH}</td>`;
    direction = Math.round(change * 1000);
    text =
      style === 'count'
        ? `${fmt.signedInt(current - base)} (${fmt.signedPct(change)})`
        : fmt.signedPct(change);
  }
  if (direction === 0) return h`<td class="num muted">${text}</td>`;
  const good = direction > 0 === upIsGood;
  return h`<td class="num ${good ? 'good' : 'bad'}">${direction > 0 ? '▲' : '▼'} ${text}</td>`;
}

function kpiSection(ctx: SectionContext): Html {
  const { data, fmt, t } = ctx;
  const { current, previous, yearAgo } = data.kpis;
  if (!current) return empty(t('kpi.noData'));
  const kind = data.period.kind;
  const rows = KPI_COLUMNS.map((column) => {
    const style = KPI_STYLE[column].style;
    // A provisional value (not mature yet) is shown but not compared: its change would be censoring.
    const provisional = MATURITY_DEPENDENT.has(column) && !current.isMature;
    const now = current.values[column];
    const prev = previous?.values[column] ?? null;
    const ago = yearAgo?.values[column] ?? null;
    const compared = provisional ? null : now;
    return h`<tr>
      <th scope="row">${t(`kpi.${column}`)}</th>
      <td class="num strong">${kpiValue(fmt, style, now)}${provisional ? '*' : ''}</td>
      <td class="num">${kpiValue(fmt, style, prev)}</td>
      ${changeCell(fmt, column, compared, prev)}
      <td class="num">${kpiValue(fmt, style, ago)}</td>
      ${changeCell(fmt, column, compared, ago)}
    </tr>`;
  });
  const provisionalNote = current.isMature
    ? ''
    : h`<p class="note">${t('kpi.provisional', { open: fmt.pct(current.openShare ?? 0) })}</p>`;
  return h`<table class="kpis">
    <thead><tr>
      <th scope="col">${t('kpi.metric')}</th>
      <th scope="col" class="num">${t(`kpi.current.${kind}`)}</th>
      <th scope="col" class="num">${t(`kpi.previous.${kind}`)}</th>
      <th scope="col" class="num">${t('kpi.change')}</th>
      <th scope="col" class="num">${t(`kpi.yearAgo.${kind}`)}</th>
      <th scope="col" class="num">${t('kpi.yoyChange')}</th>
    </tr></thead>
    <tbody>${rows}</tbody>
  </table>
  ${provisionalNote}
  <p class="note">${t('kpi.note')}</p>`;
}

function figure(svg: Html, caption: string): Html {
  return h`<figure class="chart" role="img" aria-label="${caption}">${svg}<figcaption>${caption}</figcaption></figure>`;
}

function trendSection(ctx: SectionContext): Html {
  const { data, fmt, t } = ctx;
  if (data.trend.length === 0) return empty(t('trend.none'));
  return figure(
    trendChart(data.trend, data.period.kind, fmt, t),
    t(`trend.caption.${data.period.kind}`),
  );
}

function categorySection(ctx: SectionContext): Html {
  const { data, fmt, t, lang } = ctx;
  if (data.categories.length === 0) return empty(t('cat.none'));
  const period = fmt.periodShort(data.period);
  const named = data.categories.map((c) => ({
    ...c,
    member: categoryName(lang, c.member, data.categoryLabels),
  }));
  return figure(categoryChart(named, period, fmt, t), t('cat.caption', { period }));
}

function moversSection(ctx: SectionContext): Html {
  const { data, fmt, t, lang } = ctx;
  if (data.movers.length === 0) return empty(t('mov.none'));
  const rows = data.movers.map((m) => {
    const delta = m.complaints - m.previous;
    const change = relativeChange(m.complaints, m.previous);
    return h`<tr>
      <td>${initialCap(dimensionLabel(t, m.dimension))}</td>
      <td class="wrap">${memberName(data, lang, m.dimension, m.member)}</td>
      <td class="num strong">${fmt.int(m.complaints)}</td>
      <td class="num">${fmt.int(m.previous)}</td>
      <td class="num ${delta > 0 ? 'bad' : 'good'}">${delta > 0 ? '▲' : '▼'} ${fmt.signedInt(delta)}${change === null ? '' : ` (${fmt.signedPct(change)})`}</td>
    </tr>`;
  });
  return h`<table class="movers">
    <caption>${t('mov.caption')}</caption>
    <thead><tr>
      <th scope="col">${t('mov.dimension')}</th>
      <th scope="col">${t('mov.member')}</th>
      <th scope="col" class="num">${t('mov.current')}</th>
      <th scope="col" class="num">${t('mov.previous')}</th>
      <th scope="col" class="num">${t('mov.change')}</th>
    </tr></thead>
    <tbody>${rows}</tbody>
  </table>`;
}

/** ISO week key of a Monday: "2026-W43". */
function weekKey(start: string): string {
  const { year, week } = isoWeekOf(start);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const ROOT_CAUSES_LISTED = 15;

function rootCauseSection(ctx: SectionContext): Html {
  const { data, fmt, t, lang } = ctx;
  const causes = data.rootCauses;
  if (causes.rows.length === 0) return empty(t('rc.none'));
  const caption =
    data.period.kind === 'weekly'
      ? t('rc.caption.week', { week: data.period.key })
      : t('rc.caption.period', {
          weeks:
            causes.weeks.length > 1
              ? weekRange(weekKey(causes.weeks[0]), weekKey(causes.weeks[causes.weeks.length - 1]))
              : causes.weeks.map(weekKey).join(''),
        });
  // Ranks, shares and the vital few as the warehouse's Pareto rule decided them (the dashboard's).
  const vital = causes.rows.filter((r) => r.vitalFew).length;
  const rows = causes.rows.slice(0, ROOT_CAUSES_LISTED).map(
    (r) => h`<tr>
      <td class="num">${r.rank}</td>
      <td class="wrap">${r.label}</td>
      <td>${r.category ? categoryName(lang, r.category, data.categoryLabels) : DASH}</td>
      <td class="num">${fmt.int(r.complaints)}</td>
      <td class="num">${fmt.pct(r.share)}</td>
      <td class="num">${fmt.pct(r.cumulativeShare)}</td>
    </tr>`,
  );
  return h`${figure(paretoChart(causes, fmt, t), `${caption}${t('rc.axis')}`)}
  <p>${t('rc.vitalFew', { n: vital, total: causes.rows.length, share: fmt.pct(causes.rows[vital - 1].cumulativeShare, 0) })}</p>
  <table class="causes">
    <caption>${t('rc.top', { n: Math.min(ROOT_CAUSES_LISTED, rows.length) })}</caption>
    <thead><tr>
      <th scope="col" class="num">${t('rc.rank')}</th>
      <th scope="col">${t('rc.label')}</th>
      <th scope="col">${t('rc.category')}</th>
      <th scope="col" class="num">${t('rc.complaints')}</th>
      <th scope="col" class="num">${t('rc.share')}</th>
      <th scope="col" class="num">${t('rc.cumShare')}</th>
    </tr></thead>
    <tbody>${rows}</tbody>
  </table>`;
}

export function formatQ(fmt: Formatter, q: number | null): string {
  if (q === null) return DASH;
  if (q < 0.001) return '<0.001';
  return fmt.dec(q, 3);
}

function ratioText(
  fmt: Formatter,
  ratio: number | null,
  lower: number | null,
  upper: number | null,
): string {
  if (ratio === null) return DASH;
  const interval =
    lower !== null && upper !== null ? ` [${fmt.dec(lower, 1)}–${fmt.dec(upper, 1)}]` : '';
  return `${fmt.dec(ratio, 1)}${interval}`;
}

function batchTable(ctx: SectionContext): Html {
  const { data, fmt, t, lang } = ctx;
  const batches = data.batchHotspots;
  if (batches.length === 0) return empty(t('hs.batchNone'));
  const groups = batches.map((b) => {
    const reason = pick(lang, b.reasonZh, b.reasonEn);
    const regions = b.topRegions ? `${t('hs.regions')}${t('sep.label')}${b.topRegions}` : '';
    const actions = b.actions
      ? `${t(b.coveredByAction ? 'hs.covered' : 'hs.actions')}${t('sep.label')}${b.actions}` +
        (b.leadTimeDays === null ? '' : ` · ${t('hs.leadTime', { days: fmt.int(b.leadTimeDays) })}`)
      : '';
    return h`<tbody class="item">
      <tr>
        <td class="key">${b.batch}${b.isNew ? h` <span class="badge new">${t('hs.new')}</span>` : ''}</td>
        <td class="nowrap">${b.product ?? DASH}${b.productCategory ? h`<br><span class="muted">${b.productCategory}</span>` : ''}</td>
        <td class="num">${b.productionDate ?? DASH}</td>
        <td class="num strong">${fmt.int(b.complaints)}</td>
        <td class="num">${ratioText(fmt, b.rateRatio, b.rateRatioLower, b.rateRatioUpper)}</td>
        <td class="num">${formatQ(fmt, b.qValue)}</td>
        <td class="num">${b.firstFlaggedOn ?? DASH}</td>
        <td class="num">${b.unitsAtRisk === null ? DASH : fmt.int(b.unitsAtRisk)}</td>
      </tr>
      <tr class="detail"><td colspan="8">${reason}${reason && regions ? h`<br>` : ''}${regions}${actions ? h`<br>${actions}` : ''}</td></tr>
    </tbody>`;
  });
  return h`<table class="hotspots">
    <thead><tr>
      <th scope="col">${t('hs.batch')}</th>
      <th scope="col">${t('hs.product')}</th>
      <th scope="col" class="num">${t('hs.produced')}</th>
      <th scope="col" class="num">${t('hs.complaints')}</th>
      <th scope="col" class="num">${t('hs.ratio')}</th>
      <th scope="col" class="num">${t('hs.q')}</th>
      <th scope="col" class="num">${t('hs.flagged')}</th>
      <th scope="col" class="num">${t('hs.atRisk')}</th>
    </tr></thead>
    ${groups}
  </table>`;
}

/** The message for a key built from data, or the raw value when there is none. */
function known(t: Translate, key: string, raw: string): string {
  const text = t(key as MessageKey);
  return text === key ? raw : text;
}

function levelLabel(t: Translate, level: string): string {
  return known(t, `hs.level.${level}`, level);
}

function productTable(ctx: SectionContext): Html {
  const { data, fmt, t, lang } = ctx;
  const products = data.productHotspots;
  if (products.length === 0) return empty(t('hs.productNone'));
  const groups = products.map(
    (p) => h`<tbody class="item">
      <tr>
        <td>${levelLabel(t, p.level)}</td>
        <td class="key wrap">${productSubject(p) || DASH}</td>
        <td class="num">${p.periodStart ? p.periodStart.slice(0, 7) : DASH}</td>
        <td class="num strong">${fmt.int(p.complaints)}</td>
        <td class="num">${p.expected === null ? DASH : fmt.dec(p.expected, 1)}</td>
        <td class="num">${p.rateRatio === null ? DASH : fmt.dec(p.rateRatio, 1)}</td>
        <td class="num">${formatQ(fmt, p.qValue)}</td>
      </tr>
      <tr class="detail"><td colspan="7">${pick(lang, p.reasonZh, p.reasonEn)}</td></tr>
    </tbody>`,
  );
  return h`<table class="hotspots">
    <thead><tr>
      <th scope="col">${t('hs.level')}</th>
      <th scope="col">${t('hs.subject')}</th>
      <th scope="col" class="num">${t('hs.period')}</th>
      <th scope="col" class="num">${t('hs.complaints')}</th>
      <th scope="col" class="num">${t('hs.expected')}</th>
      <th scope="col" class="num">${t('hs.ratio').replace(/ ?\[.*\]$/, '')}</th>
      <th scope="col" class="num">${t('hs.q')}</th>
    </tr></thead>
    ${groups}
  </table>`;
}

function hotspotSection(ctx: SectionContext): Html {
  const { data, fmt, t } = ctx;
  const asOf = data.warehouse.asOfDate;
  return h`${asOf ? h`<p class="note">${t('hs.asOf', { date: fmt.date(asOf) })}</p>` : ''}
  <h3>${t('sec.batchHotspots')}</h3>
  ${batchTable(ctx)}
  <h3>${t('sec.productHotspots')}</h3>
  ${productTable(ctx)}`;
}

function alertPeriod(alert: TrendAlert): string {
  return alert.grain === 'week' ? weekKey(alert.periodStart) : alert.periodStart.slice(0, 7);
}

function alertSince(alert: TrendAlert): string {
  if (!alert.firstAlertPeriod) return DASH;
  return alert.grain === 'week'
    ? weekKey(alert.firstAlertPeriod)
    : alert.firstAlertPeriod.slice(0, 7);
}

function alertSection(ctx: SectionContext): Html {
  const { data, fmt, t, lang } = ctx;
  const scope = h`<p class="note">${t(`al.scope.${data.period.kind}`)}</p>`;
  if (data.alerts.length === 0) return h`${scope}${empty(t('al.none'))}`;
  const groups = data.alerts.map((a) => {
    const kind = known(t, `al.kind.${a.kind}`, a.kind);
    const subject = initialCap(
      a.dimension === 'all'
        ? dimensionLabel(t, 'all')
        : `${dimensionLabel(t, a.dimension)}${t('sep.label')}${a.memberLabel}`,
    );
    return h`<tbody class="item">
      <tr>
        <td>${kind}${a.isOngoing ? h` <span class="badge">${t('al.ongoing')}</span>` : ''}</td>
        <td class="key wrap">${subject}</td>
        <td class="num">${alertPeriod(a)}</td>
        <td class="num strong">${a.observed === null ? DASH : fmt.int(a.observed)}</td>
        <td class="num">${a.expected === null ? DASH : fmt.dec(a.expected, 1)}</td>
        <td class="num">${alertSince(a)}</td>
      </tr>
      <tr class="detail"><td colspan="6">${pick(lang, a.reasonZh, a.reasonEn)}</td></tr>
    </tbody>`;
  });
  return h`${scope}<table class="alerts">
    <thead><tr>
      <th scope="col">${t('al.kind')}</th>
      <th scope="col">${t('al.subject')}</th>
      <th scope="col" class="num">${t('al.period')}</th>
      <th scope="col" class="num">${t('al.observed')}</th>
      <th scope="col" class="num">${t('al.expected')}</th>
      <th scope="col" class="num">${t('al.since')}</th>
    </tr></thead>
    ${groups}
  </table>`;
}

/** The drill-down query string with its values decoded, so 热水器 prints as itself, not %E7%83…. */
export function readableDrill(drill: string): string {
  return drill
    .split('&')
    .map((pair) => {
      try {
        return decodeURIComponent(pair.replace(/\+/g, ' '));
      } catch {
        return pair; // not valid percent-encoding: show it as it is
      }
    })
    .join('&');
}

function recommendationSection(ctx: SectionContext): Html {
  const { data, fmt, t, lang } = ctx;
  const recs = data.recommendations;
  const asOf = data.warehouse.asOfDate;
  const scope = h`<p class="note">${t(`rec.scope.${data.period.kind}`, { date: asOf ? fmt.date(asOf) : DASH })}</p>`;
  if (recs.length === 0) return h`${scope}${empty(t('rec.none'))}`;
  const groups = recs.map((r) => {
    const priority = /^P[123]$/.test(r.priority) ? r.priority.toLowerCase() : 'p3';
    const explain = pick(lang, r.explainZh, r.explainEn);
    return h`<tbody class="item">
      <tr>
        <td class="num">${r.rank}</td>
        <td class="nowrap"><span class="badge ${priority}">${r.priority}</span>${r.isNew ? h` <span class="badge new">${t('rec.new')}</span>` : ''}</td>
        <td class="wrap"><strong>${pick(lang, r.titleZh, r.titleEn, r.rule)}</strong><br>${pick(lang, r.actionZh, r.actionEn)}</td>
        <td class="nowrap">${ownerName(lang, r.ownerDepartment) ?? DASH}</td>
        <td class="num">${r.complaints === null ? DASH : fmt.int(r.complaints)}</td>
        <td class="num">${r.firstRaisedOn ?? DASH}</td>
      </tr>
      <tr class="detail"><td colspan="6">${explain ? h`${t('rec.why')}${t('sep.label')}${explain}` : ''}${explain && r.drill ? h`<br>` : ''}${r.drill ? h`${t('rec.drill')}${t('sep.label')}<code>/complaints?${readableDrill(r.drill)}</code>` : ''}</td></tr>
    </tbody>`;
  });
  return h`${scope}<table class="recs">
    <thead><tr>
      <th scope="col" class="num">${t('rec.rank')}</th>
      <th scope="col" class="nowrap">${t('rec.priority')}</th>
      <th scope="col">${t('rec.title')}</th>
      <th scope="col" class="nowrap">${t('rec.owner')}</th>
      <th scope="col" class="num">${t('rec.complaints')}</th>
      <th scope="col" class="num">${t('rec.raised')}</th>
    </tr></thead>
    ${groups}
  </table>`;
}

function dataQualitySection(ctx: SectionContext): Html {
  const { data, fmt, t } = ctx;
  const w = data.warehouse;
  const when = (naive: string | null) => (naive ? fmt.localDateTime(naive) : t('dq.unknown'));
  const freshness = h`<p>${t('dq.freshness', { latest: when(w.latestComplaint), lastLoad: when(w.lastLoad), built: when(w.builtAt) })}</p>`;
  const dq = data.dataQuality;
  if (dq.runs.length === 0) return h`${freshness}${empty(t('dq.none'))}`;
  const read = dq.runs.reduce((s, r) => s + r.rowsRead, 0);
  const rejected = dq.runs.reduce((s, r) => s + r.rowsRejected, 0);
  const totals = h`<p>${t('dq.totals', {
    runs: dq.runs.length,
    read: fmt.int(read),
    rejected: fmt.int(rejected),
    rate: fmt.pct(read ? rejected / read : 0, 2),
  })}</p>`;
  const tests = dq.tests
    ? h`<p>${t('dq.tests', { passed: dq.tests.passed, failed: dq.tests.failed, warned: dq.tests.warned })}</p>`
    : '';
  const rows = dq.runs.map(
    (r) => h`<tr>
      <td class="num">${r.runId}</td>
      <td class="file">${fileName(r.file)}</td>
      <td>${r.kind ? known(t, `dq.kind.${r.kind}`, r.kind) : DASH}</td>
      <td class="num">${r.finishedAt ? fmt.localDateTime(r.finishedAt) : DASH}</td>
      <td>${r.status ? known(t, `dq.status.${r.status}`, r.status) : DASH}</td>
      <td class="num">${fmt.int(r.rowsRead)}</td>
      <td class="num">${fmt.int(r.rowsNew)}</td>
      <td class="num">${fmt.int(r.rowsUpdated)}</td>
      <td class="num ${r.rowsRejected > 0 ? 'bad' : ''}">${fmt.int(r.rowsRejected)}</td>
      <td class="num">${fmt.pct(r.rowsRead ? r.rowsRejected / r.rowsRead : 0, 2)}</td>
    </tr>`,
  );
  return h`${freshness}${totals}${tests}<table class="loads">
    <thead><tr>
      <th scope="col" class="num">${t('dq.run')}</th>
      <th scope="col">${t('dq.file')}</th>
      <th scope="col">${t('dq.kind')}</th>
      <th scope="col" class="num">${t('dq.finished')}</th>
      <th scope="col">${t('dq.status')}</th>
      <th scope="col" class="num">${t('dq.read')}</th>
      <th scope="col" class="num">${t('dq.new')}</th>
      <th scope="col" class="num">${t('dq.updated')}</th>
      <th scope="col" class="num">${t('dq.rejected')}</th>
      <th scope="col" class="num">${t('dq.rejectRate')}</th>
    </tr></thead>
    <tbody>${rows}</tbody>
  </table>`;
}

function summarySection(ctx: SectionContext): Html {
  return h`<ul class="summary">${summarySentences(ctx.data, ctx.lang).map((s) => h`<li>${s}</li>`)}</ul>`;
}

/** The sections of a report of this kind, in order. */
export function buildSections(ctx: SectionContext): Section[] {
  const { t } = ctx;
  const section = (id: string, title: MessageKey, body: Html, pageBreak: boolean): Section => ({
    id,
    title: t(title),
    body,
    pageBreak,
  });
  if (ctx.data.period.kind === 'weekly') {
    return [
      // a hot-spot bulletin: the findings right after the numbers, the trend behind them last
      section('summary', 'sec.summary', summarySection(ctx), false),
      section('kpis', 'sec.kpis', kpiSection(ctx), false),
      section('hotspots', 'sec.hotspots', hotspotSection(ctx), true),
      section('alerts', 'sec.alerts', alertSection(ctx), false),
      section('recommendations', 'sec.recommendations', recommendationSection(ctx), false),
      section('trend', 'sec.trend', trendSection(ctx), true),
      section('movers', 'sec.movers', moversSection(ctx), false),
      section('data-quality', 'sec.dataQuality', dataQualitySection(ctx), false),
    ];
  }
  return [
    section('summary', 'sec.summary', summarySection(ctx), false),
    section('kpis', 'sec.kpis', kpiSection(ctx), false),
    section('trend', 'sec.trend', trendSection(ctx), true),
    section('categories', 'sec.categories', categorySection(ctx), false),
    section('movers', 'sec.movers', moversSection(ctx), false),
    section('root-causes', 'sec.rootCauses', rootCauseSection(ctx), true),
    section('hotspots', 'sec.hotspots', hotspotSection(ctx), true),
    section('alerts', 'sec.alerts', alertSection(ctx), false),
    section('recommendations', 'sec.recommendations', recommendationSection(ctx), false),
    section('data-quality', 'sec.dataQuality', dataQualitySection(ctx), false),
  ];
}

/** "2025-W45–W48", or "2025-W49–2026-W01" when the weeks span two ISO years. */
export function weekRange(first: string, last: string): string {
  return first.slice(0, 4) === last.slice(0, 4) ? `${first}–${last.slice(5)}` : `${first}–${last}`;
}
