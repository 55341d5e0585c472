// What the Overview shows management besides volume: the top batch hot spots, the root causes
// that are rising fastest, and the top recommendations — three short lists, each from its mart,
// each linking to the page with the details. A missing mart gives an empty list.
// Under the global filters the hot spots and root causes are those with complaints matching them
// (a root cause needs `minFilteredComplaints`, and under a category filter must be of that
// category); recommendations are company-level actions and are not filtered (the page says so).
import { hasFilters, type Filters } from '../filters.ts';
import { trendThreshold } from '../rootCauses/trend.ts';
import { complaintSource } from './complaintSource.ts';
import { complaintWhere } from './filters.ts';
import type {
  Highlights,
  HotspotHighlight,
  RecommendationHighlight,
  RootCauseHighlight,
} from '../overview/types.ts';
import { query } from './db.ts';
import { batchHotspotReasons } from '../../../../pipeline/contract/hotspotReasons.ts';
import { martRow } from '../../../../pipeline/contract/marts.ts';
import { recommendationOf } from '../../../../pipeline/contract/recommendations.ts';

/** Items per list. */
export const highlightCount = 3;

/** Complaints under the filters a root cause needs to be listed as rising for them. */
export const minFilteredComplaints = 3;

export async function loadHighlights(filters: Filters = {}): Promise<Highlights> {
  const [hotspots, rising, recommendations] = await Promise.all([
    loadHotspots(filters),
    loadRising(filters),
    loadRecommendations(),
  ]);
  return { hotspots, rising, recommendations, filtered: hasFilters(filters) };
}

/** The highlights of a warehouse whose models are not built yet (models.ts): none. */
export function noHighlights(filters: Filters = {}): Highlights {
  return { hotspots: [], rising: [], recommendations: [], filtered: hasFilters(filters) };
}

async function loadHotspots(filters: Filters): Promise<HotspotHighlight[]> {
  const where = complaintWhere(filters);
  const matching = hasFilters(filters)
    ? `and exists (select 1 from ${await complaintSource()}
                   where ${where.sql} and c.product = h.product and c.batch = h.batch)`
    : '';
  // strongest first: the mart's one order of hot spots (rank, sql/macros/ranking.sql), which the
  // report's list and its summary read too
  const rows = await query(
    `select h.* from mart_batch_hotspots as h
     where is_hotspot ${matching}
     order by rank
     limit $n`,
    { ...where.params, n: highlightCount },
  );
  return rows.map((json) => {
    const r = martRow('mart_batch_hotspots', json);
    return {
      batch: r.batch ?? '',
      product: r.product ?? '',
      rateRatio: r.rate_ratio ?? 0,
      complaints: r.complaints ?? 0,
      ...batchHotspotReasons(json),
    };
  });
}

async function loadRising(filters: Filters): Promise<RootCauseHighlight[]> {
  const where = complaintWhere(filters);
  const filtered = hasFilters(filters);
  const matching = filtered
    ? `and (select count(*) from ${await complaintSource()}
            where ${where.sql} and c.cluster_id = r.cluster_id) >= $min
       and ($f_category is null or r.category = $f_category)`
    : '';
  const params = filtered
    ? { ...where.params, f_category: filters.category ?? null, min: minFilteredComplaints }
    : {};
  const rows = await query(
    `select cluster_id, label, category, trend_slope_pct, complaints
     from mart_root_causes as r
     where trend_slope_pct >= $threshold ${matching}
     order by trend_slope_pct desc, cluster_id
     limit $n`,
    { ...params, threshold: trendThreshold, n: highlightCount },
  );
  return rows.map((json) => {
    const r = martRow('mart_root_causes', json);
    return {
      clusterId: String(r.cluster_id),
      label: r.label ?? String(r.cluster_id),
      category: r.category,
      trendPct: r.trend_slope_pct ?? 0,
      complaints: r.complaints ?? 0,
    };
  });
}

async function loadRecommendations(): Promise<RecommendationHighlight[]> {
  const rows = await query(
    `select rec_id, priority, rule, cast(message_args as varchar) as message_args, owner_department
     from mart_recommendations
     order by rank
     limit $n`,
    { n: highlightCount },
  );
  return rows.map((json) => {
    const r = recommendationOf(json);
    return {
      recId: r.recId,
      priority: r.priority,
      titleZh: r.titleZh,
      titleEn: r.titleEn,
      owner: r.ownerDepartment ?? '',
    };
  });
}
