// Queries behind the Recommendations page: the ranked mart_recommendations (written by
// `complaint-lens build`), narrowed by priority and owner department (the page's own URL
// parameters). Each recommendation's drill-down (`drill`, a search string for the complaint
// list made by the pipeline) is validated with the same parser as the dashboard's URL, and
// dropped when it is not a valid filter set, so a link can never carry unknown parameters.
import { error } from '@sveltejs/kit';
import {
  filterParams,
  maxValueLength,
  parseFilters,
  shorten,
  type FilterProblem,
} from '../filters.ts';
import { notAnOption } from './filters.ts';
import { parseEvidence, type Evidence } from '../recommendations/evidence.ts';
import { query, queryRows, type Params } from './db.ts';
import {
  loadEvidenceSources,
  withEvidenceReasons,
  withRelatedTitles,
} from './recommendationEvidence.ts';
import { day } from '../../../../pipeline/contract/values.ts';
import {
  recommendationOf,
  type RecommendationRow,
} from '../../../../pipeline/contract/recommendations.ts';

export const recommendationsTable = 'mart_recommendations';
export const priorities = ['P1', 'P2', 'P3'] as const;
export type Priority = (typeof priorities)[number];
/** The page's own URL parameters (besides the global filters). */
export const recommendationParams = ['priority', 'owner'] as const;
/** Most recommendations listed (the mart ranks them; more is not an action list). */
export const listLimit = 200;

export interface RecommendationFilter {
  priority?: Priority;
  owner?: string;
}

/** The shared reader's row, with the evidence parsed and the drill-down validated. */
export interface Recommendation extends RecommendationRow {
  evidence: Evidence;
}

export interface RecommendationList {
  items: Recommendation[];
  /** All recommendations in the mart (before the priority / owner filter). */
  total: number;
  byPriority: Record<string, number>;
  owners: string[];
  asOfDate: string | null;
}

/**
 * Priority and owner from the URL, and the problems of a value that cannot be one (reported by
 * filtersOrError like a wrong filter: named, in the user's language, beside the filter bar).
 */
export function parseRecommendationFilter(url: URL): {
  filter: RecommendationFilter;
  problems: FilterProblem[];
} {
  const filter: RecommendationFilter = {};
  const problems: FilterProblem[] = [];
  const priority = url.searchParams.get('priority')?.trim();
  if (priority) {
    if ((priorities as readonly string[]).includes(priority))
      filter.priority = priority as Priority;
    else problems.push(notAnOption('priority', priority));
  }
  const owner = url.searchParams.get('owner')?.trim();
  if (owner) {
    if (owner.length > maxValueLength || /[\u0000-\u001f\u007f]/.test(owner))
      problems.push({ param: 'owner', problem: 'invalid', value: shorten(owner) });
    else filter.owner = owner;
  }
  return { filter, problems };
}

/** Priority and owner from the URL; 400 naming the parameter for a value that cannot be one. */
export function recommendationFilterOrError(url: URL): RecommendationFilter {
  const { filter, problems } = parseRecommendationFilter(url);
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.param} (${p.problem})`).join(', ');
    error(400, `Invalid parameters: ${list}`, { problems });
  }
  return filter;
}

/** WHERE fragment over mart_recommendations for the filter (values as bound parameters). */
export function recommendationWhere(filter: RecommendationFilter): { sql: string; params: Params } {
  const conditions: string[] = [];
  const params: Params = {};
  if (filter.priority) {
    conditions.push('priority = $r_priority');
    params.r_priority = filter.priority;
  }
  if (filter.owner) {
    conditions.push('owner_department = $r_owner');
    params.r_owner = filter.owner;
  }
  return { sql: conditions.length > 0 ? conditions.join(' and ') : 'true', params };
}

/**
 * The drill-down search string as the dashboard would write it, or null: it must parse as
 * global filters only (no page parameters, nothing unknown, nothing malformed) and set at least
 * one filter.
 */
export function safeDrill(drill: string | null | undefined): string | null {
  if (!drill) return null;
  const text = drill.trim().replace(/^\?/, '');
  if (!text || text.length > 1000) return null;
  const { filters, problems } = parseFilters(new URLSearchParams(text));
  if (problems.length > 0) return null;
  const normalised = filterParams(filters).toString();
  return normalised || null;
}

/** The recommendations under the filter (models built: see models.ts). */
export async function listRecommendations(
  filter: RecommendationFilter,
): Promise<RecommendationList> {
  const where = recommendationWhere(filter);
  const rows = await query(
    `select rec_id, rank, priority, rule, subject_kind, subject_key,
            cast(message_args as varchar) as message_args, owner_department,
            cast(evidence_json as varchar) as evidence_json,
            score, first_raised_on, last_evidence_on, complaints, drill
     from ${recommendationsTable}
     where ${where.sql}
     order by rank nulls last, score desc nulls last, rec_id
     limit $limit`,
    { ...where.params, limit: listLimit },
  );
  const counts = await queryRows(
    { priority: 'text', n: 'integer' },
    `select priority, count(*) as n from ${recommendationsTable} group by priority`,
  );
  const owners = await query(
    `select distinct owner_department as owner from ${recommendationsTable}
     where owner_department is not null order by owner`,
  );
  const [asOf] = await query(`select max(as_of_date) as d from ${recommendationsTable}`);
  const sources = await loadEvidenceSources();
  const byPriority: Record<string, number> = {};
  for (const c of counts) byPriority[String(c.priority)] = c.n ?? 0;
  return {
    items: rows.map(toRecommendation).map((rec) => withEvidenceReasons(rec, sources)),
    total: Object.values(byPriority).reduce((a, b) => a + b, 0),
    byPriority,
    owners: owners.map((o) => String(o.owner)),
    asOfDate: day(asOf?.d),
  };
}

function toRecommendation(json: Record<string, unknown>): Recommendation {
  const rec = recommendationOf(json);
  const evidence = withRelatedTitles(parseEvidence(json.evidence_json));
  return { ...rec, evidence, drill: safeDrill(rec.drill) };
}
