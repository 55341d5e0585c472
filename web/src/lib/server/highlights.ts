// What the Overview shows management besides volume: the top batch hot spots, the root causes
// that are rising fastest, and the top recommendations — three short lists, each from its mart,
// each linking to the page with the details. A missing mart gives an empty list.
import { trendThreshold } from '../components/rootCauses/trend.ts';
import type {
  Highlights,
  HotspotHighlight,
  RecommendationHighlight,
  RootCauseHighlight,
} from '../overview/types.ts';
import { query, relationExists } from './db.ts';

/** Items per list. */
export const highlightCount = 3;

export async function loadHighlights(): Promise<Highlights> {
  const [hotspots, rising, recommendations] = await Promise.all([
    loadHotspots(),
    loadRising(),
    loadRecommendations(),
  ]);
  return { hotspots, rising, recommendations };
}

async function loadHotspots(): Promise<HotspotHighlight[]> {
  if (!(await relationExists('mart_batch_hotspots'))) return [];
  const rows = await query<Record<string, string | number>>(
    `select batch, product, rate_ratio, complaints, reason_zh, reason_en
     from mart_batch_hotspots
     where is_hotspot
     order by q_value, complaints desc, batch
     limit $n`,
    { n: highlightCount },
  );
  return rows.map((r) => ({
    batch: String(r.batch),
    product: String(r.product),
    rateRatio: Number(r.rate_ratio),
    complaints: Number(r.complaints),
    reasonZh: String(r.reason_zh ?? ''),
    reasonEn: String(r.reason_en ?? ''),
  }));
}

async function loadRising(): Promise<RootCauseHighlight[]> {
  if (!(await relationExists('mart_root_causes'))) return [];
  const rows = await query<Record<string, string | number | null>>(
    `select cluster_id, label, category, trend_slope_pct, complaints
     from mart_root_causes
     where trend_slope_pct >= $threshold
     order by trend_slope_pct desc, cluster_id
     limit $n`,
    { threshold: trendThreshold, n: highlightCount },
  );
  return rows.map((r) => ({
    clusterId: String(r.cluster_id),
    label: String(r.label),
    category: r.category === null ? null : String(r.category),
    trendPct: Number(r.trend_slope_pct),
    complaints: Number(r.complaints),
  }));
}

async function loadRecommendations(): Promise<RecommendationHighlight[]> {
  if (!(await relationExists('mart_recommendations'))) return [];
  const rows = await query<Record<string, string>>(
    `select rec_id, priority, title_zh, title_en, owner_department
     from mart_recommendations
     order by rank
     limit $n`,
    { n: highlightCount },
  );
  return rows.map((r) => ({
    recId: String(r.rec_id),
    priority: String(r.priority),
    titleZh: String(r.title_zh),
    titleEn: String(r.title_en),
    owner: String(r.owner_department),
  }));
}
