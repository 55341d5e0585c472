// Recommendations: the ranked mart_recommendations, narrowed by priority and owner (the page's
// own parameters). The global filters are accepted (navigation carries them) but do not apply.
import { WarehouseMissingError } from '#lib/server/db.ts';
import { modelsBuilt } from '#lib/server/models.ts';
import { filtersOrError } from '#lib/server/filters.ts';
import {
  listRecommendations,
  parseRecommendationFilter,
  recommendationParams,
  type RecommendationFilter,
  type RecommendationList,
} from '#lib/server/recommendations.ts';
import type { PageServerLoad } from './$types';

export type RecommendationsPage =
  | { state: 'ready'; filter: RecommendationFilter; list: RecommendationList }
  | { state: 'missing' }
  | { state: 'error'; reason: 'missing'; path: string }
  | { state: 'error'; reason: 'query' };

export const load: PageServerLoad = async ({
  url,
}): Promise<{ recommendations: RecommendationsPage }> => {
  const { filter, problems } = parseRecommendationFilter(url);
  await filtersOrError(url, recommendationParams, problems);
  try {
    if (!(await modelsBuilt())) return { recommendations: { state: 'missing' } };
    const list = await listRecommendations(filter);
    return { recommendations: { state: 'ready', filter, list } };
  } catch (e) {
    if (e instanceof WarehouseMissingError) {
      return { recommendations: { state: 'error', reason: 'missing', path: e.path } };
    }
    console.error('[recommendations] query failed:', e);
    return { recommendations: { state: 'error', reason: 'query' } };
  }
};
