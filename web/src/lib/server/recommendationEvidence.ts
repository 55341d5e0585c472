// The words a recommendation's evidence quotes, added when the dashboard reads it: the mart
// carries the alert ids, the hot spot it was raised on and the folded recommendations by rule
// and names (codes, not prose); the catalogue (pipeline/messages) words them in both languages.
import type { Evidence } from '../recommendations/evidence.ts';
import { loadClusterLabels } from './clusterLabels.ts';
import { query } from './db.ts';
import {
  messageArgs,
  recommendationTexts,
  type RecommendationRow,
} from '../../../../pipeline/contract/recommendations.ts';
import { trendAlertOf, type TrendAlertRow } from '../../../../pipeline/contract/trendAlerts.ts';
import {
  batchHotspotReasons,
  productHotspotReasons,
} from '../../../../pipeline/contract/hotspotReasons.ts';

type WithEvidence = RecommendationRow & { evidence: Evidence };
type Reasons = { reasonZh: string; reasonEn: string };

/** What the evidence texts are worded from: the trend alerts and the hot spots' reasons. */
export interface EvidenceSources {
  alerts: ReadonlyMap<string, TrendAlertRow>;
  hotspots: ReadonlyMap<string, Reasons>;
}

export async function loadEvidenceSources(): Promise<EvidenceSources> {
  return { alerts: await loadAlerts(), hotspots: await loadHotspotReasons() };
}

/** The recommendation with the reason of the alert or hot spot it was raised on. */
export function withEvidenceReasons<R extends WithEvidence>(rec: R, sources: EvidenceSources): R {
  return withHotspotReason(withAlertReason(rec, sources.alerts), sources.hotspots);
}

function withReason<R extends WithEvidence>(rec: R, reasons: Reasons | undefined): R {
  if (!reasons) return rec;
  return {
    ...rec,
    evidence: { ...rec.evidence, reason_zh: reasons.reasonZh, reason_en: reasons.reasonEn },
  };
}

/**
 * The recommendations folded into this one, by title in both languages: the mart lists each by
 * rule and names (parseEvidence keeps the list as its JSON text), the catalogue words them.
 */
export function withRelatedTitles(evidence: Evidence): Evidence {
  const raw = evidence.related;
  if (typeof raw !== 'string') return evidence;
  let items: unknown;
  try {
    items = JSON.parse(raw);
  } catch {
    return evidence;
  }
  if (!Array.isArray(items)) return evidence;
  const texts = items.map((item: { rule?: unknown; message_args?: unknown }) =>
    recommendationTexts(String(item?.rule ?? ''), messageArgs(item?.message_args)),
  );
  const { related: _related, ...rest } = evidence;
  return {
    ...rest,
    related_zh: texts.map((t) => t.titleZh).join('；'),
    related_en: texts.map((t) => t.titleEn).join('; '),
  };
}

/** The trend alerts by id, their reasons worded (mart_trend_alerts holds a few hundred at most). */
async function loadAlerts(): Promise<Map<string, TrendAlertRow>> {
  const labels = await loadClusterLabels();
  const rows = await query('select * from mart_trend_alerts');
  return new Map(rows.map((r) => trendAlertOf(r, labels)).map((a) => [a.alertId, a]));
}

/**
 * The reasons of the hot spots recommendations are raised on, by `rule|subject|period`: a batch
 * (product · batch), a product's root cause (product · cause), a product (· region) in a month.
 */
async function loadHotspotReasons(): Promise<Map<string, Reasons>> {
  const reasons = new Map<string, Reasons>();
  for (const r of await query('select * from mart_batch_hotspots where is_hotspot'))
    reasons.set(`batch_hotspot|${r.product} · ${r.batch}|`, batchHotspotReasons(r));
  for (const r of await query('select * from mart_product_hotspots where is_hotspot')) {
    const key =
      r.level === 'product_cause'
        ? `product_root_cause|${r.product} · ${r.cause_key}|`
        : `product_hotspot|${r.product}${r.region ? ` · ${r.region}` : ''}|${String(r.period_start).slice(0, 7)}`;
    reasons.set(key, productHotspotReasons(r));
  }
  return reasons;
}

/** A hot-spot recommendation quotes its hot spot's reason, worded by the catalogue. */
export function withHotspotReason<R extends WithEvidence>(
  rec: R,
  reasons: ReadonlyMap<string, Reasons>,
): R {
  const period = rec.rule === 'product_hotspot' ? String(rec.evidence.period ?? '') : '';
  return withReason(rec, reasons.get(`${rec.rule}|${rec.subjectKey}|${period}`));
}

/**
 * A recommendation raised on trend alerts quotes the latest one's reason (`alert_ids` are latest
 * first): the mart carries the alert ids, the catalogue words them, a cluster by its label.
 */
export function withAlertReason<R extends WithEvidence>(
  rec: R,
  alerts: ReadonlyMap<string, TrendAlertRow>,
): R {
  const ids = rec.evidence.alert_ids; // parseEvidence flattens the list to "id, id, …"
  return withReason(rec, typeof ids === 'string' ? alerts.get(ids.split(', ')[0]) : undefined);
}
