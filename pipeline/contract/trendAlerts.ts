// A trend alert as the dashboard and the report read it from mart_trend_alerts, with its reason
// worded by the one catalogue (pipeline/messages/trendAlerts.ts) in both languages. A root-cause
// cluster is named by its label: the mart keys it by id, which means nothing to a reader.
import { trendAlertReason } from '../messages/trendAlerts.ts';
import { martRow } from './marts.ts';

export interface TrendAlertRow {
  alertId: string;
  kind: string;
  grain: 'week' | 'month';
  dimension: string;
  member: string;
  /** The member as shown: a cluster's label, otherwise the member itself. */
  memberLabel: string;
  periodStart: string;
  firstAlertPeriod: string | null;
  isOngoing: boolean;
  observed: number | null;
  expected: number | null;
  reasonZh: string;
  reasonEn: string;
}

/** `labels`: root-cause cluster labels by id (mart_root_causes). */
export function trendAlertOf(
  json: Record<string, unknown>,
  labels: Readonly<Record<string, string>> = {},
): TrendAlertRow {
  const r = martRow('mart_trend_alerts', json);
  const member = r.member ?? '';
  const memberLabel = (r.dimension === 'cluster' ? labels[member] : undefined) ?? member;
  const facts = {
    kind: r.kind ?? '',
    grain: r.grain ?? '',
    dimension: r.dimension ?? '',
    memberLabel,
    periodStart: r.period_start ?? '',
    firstAlertPeriod: r.first_alert_period,
    observed: r.observed,
    expected: r.expected,
    score: r.score,
    pValue: r.p_value,
    qValue: r.q_value,
    slope: r.slope,
    windowPeriods: r.window_periods,
    alarmThreshold: r.alarm_threshold,
  };
  return {
    alertId: r.alert_id ?? '',
    kind: facts.kind,
    grain: r.grain === 'week' ? 'week' : 'month',
    dimension: facts.dimension,
    member,
    memberLabel,
    periodStart: facts.periodStart,
    firstAlertPeriod: r.first_alert_period,
    isOngoing: r.is_ongoing === true,
    observed: r.observed,
    expected: r.expected,
    reasonZh: trendAlertReason(facts, 'zh'),
    reasonEn: trendAlertReason(facts, 'en'),
  };
}
