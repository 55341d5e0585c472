// The contract of mart_series_monthly.sql: its key and its columns' kinds, in column order.
// Change it together with the SQL; tests/integration/mart-contract.test.ts checks both agree.
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_series_monthly',
  key: ['dimension', 'member', 'period_start'],
  columns: {
    dimension: 'text',
    member: 'text',
    series_id: 'text',
    period_start: 'date',
    period_end: 'date',
    month: 'text',
    is_complete: 'boolean',
    is_current: 'boolean',
    complaints: 'integer',
    complaints_with_volumes: 'integer',
    units: 'integer',
    rate_per_10k_units: 'number',
    expected: 'number',
  },
});
