// The contract of mart_trend_alerts.sql: its key and its columns' kinds, in column order.
// Change it together with the SQL; tests/integration/mart-contract.test.ts checks both agree.
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_trend_alerts',
  key: ['alert_id'],
  columns: {
    alert_id: 'text',
    kind: 'text',
    grain: 'text',
    dimension: 'text',
    member: 'text',
    period_start: 'date',
    observed: 'number',
    expected: 'number',
    score: 'number',
    p_value: 'number',
    q_value: 'number',
    first_alert_period: 'date',
    alert_periods: 'integer',
    is_ongoing: 'boolean',
    slope: 'number',
    window_periods: 'integer',
    alarm_threshold: 'number',
  },
});
