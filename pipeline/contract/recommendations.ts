// A recommendation as the dashboard and the report read it from mart_recommendations: one reader
// for both (each had its own, and they disagreed on which fields may be null). English texts fall
// back to the Chinese ones where the mart has no translation.
import { martRow } from './marts.ts';

export interface RecommendationRow {
  recId: string;
  rank: number;
  priority: string;
  rule: string;
  subjectKind: string | null;
  subjectKey: string | null;
  titleZh: string | null;
  titleEn: string | null;
  actionZh: string | null;
  actionEn: string | null;
  ownerDepartment: string | null;
  score: number | null;
  explainZh: string | null;
  explainEn: string | null;
  firstRaisedOn: string | null;
  lastEvidenceOn: string | null;
  complaints: number | null;
  /** The mart's complaint-list query string, unvalidated. */
  drill: string | null;
}

export function recommendationOf(json: Record<string, unknown>): RecommendationRow {
  const r = martRow('mart_recommendations', json);
  return {
    recId: r.rec_id ?? '',
    rank: r.rank ?? 0,
    priority: r.priority ?? '',
    rule: r.rule ?? '',
    subjectKind: r.subject_kind,
    subjectKey: r.subject_key,
    titleZh: r.title_zh,
    titleEn: r.title_en ?? r.title_zh,
    actionZh: r.action_zh,
    actionEn: r.action_en ?? r.action_zh,
    ownerDepartment: r.owner_department,
    score: r.score,
    explainZh: r.explain_zh,
    explainEn: r.explain_en ?? r.explain_zh,
    firstRaisedOn: r.first_raised_on,
    lastEvidenceOn: r.last_evidence_on,
    complaints: r.complaints,
    drill: r.drill,
  };
}
