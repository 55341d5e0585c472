// A recommendation as the dashboard and the report read it from mart_recommendations: one reader
// for both (each had its own, and they disagreed on which fields may be null). The mart carries
// the rule and the names its texts quote (message_args); the catalogue words the title, the
// action and the score's explanation here, in both languages.
import {
  recommendationAction,
  recommendationExplain,
  recommendationTitle,
  type MessageArgs,
} from '../messages/recommendations.ts';
import { martRow } from './marts.ts';

export interface RecommendationRow {
  recId: string;
  rank: number;
  priority: string;
  rule: string;
  subjectKind: string | null;
  subjectKey: string | null;
  titleZh: string;
  titleEn: string;
  actionZh: string;
  actionEn: string;
  ownerDepartment: string | null;
  score: number | null;
  explainZh: string;
  explainEn: string;
  firstRaisedOn: string | null;
  lastEvidenceOn: string | null;
  complaints: number | null;
  /** The mart's complaint-list query string, unvalidated. */
  drill: string | null;
}

/** message_args as read: a JSON object (text from the warehouse), {} when absent or malformed. */
export function messageArgs(value: unknown): MessageArgs {
  if (value === null || value === undefined) return {};
  try {
    const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as MessageArgs)
      : {};
  } catch {
    return {};
  }
}

/** The six texts of a recommendation, worded from its rule and arguments. */
export function recommendationTexts(rule: string, args: MessageArgs) {
  return {
    titleZh: recommendationTitle(rule, args, 'zh'),
    titleEn: recommendationTitle(rule, args, 'en'),
    actionZh: recommendationAction(rule, args, 'zh'),
    actionEn: recommendationAction(rule, args, 'en'),
    explainZh: recommendationExplain(args, 'zh'),
    explainEn: recommendationExplain(args, 'en'),
  };
}

export function recommendationOf(json: Record<string, unknown>): RecommendationRow {
  const r = martRow('mart_recommendations', json);
  const texts = recommendationTexts(r.rule ?? '', messageArgs(r.message_args));
  return {
    recId: r.rec_id ?? '',
    rank: r.rank ?? 0,
    priority: r.priority ?? '',
    rule: r.rule ?? '',
    subjectKind: r.subject_kind,
    subjectKey: r.subject_key,
    ...texts,
    ownerDepartment: r.owner_department,
    score: r.score,
    firstRaisedOn: r.first_raised_on,
    lastEvidenceOn: r.last_evidence_on,
    complaints: r.complaints,
    drill: r.drill,
  };
}
