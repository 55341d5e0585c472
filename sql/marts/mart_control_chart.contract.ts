// The contract of mart_control_chart.sql: its key and its columns' kinds, in column order.
// Change it together with the SQL; tests/integration/mart-contract.test.ts checks both agree.
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_control_chart',
  key: ['series_id', 'period_start'],
  columns: {
    grain: 'text',
    dimension: 'text',
    member: 'text',
    series_id: 'text',
    period_start: 'date',
    period_end: 'date',
    is_complete: 'boolean',
    is_current: 'boolean',
    complaints: 'integer',
    units: 'integer',
    chart_type: 'text',
    subgroup_size: 'number',
    value: 'number',
    center: 'number',
    sigma: 'number',
    sigma_z: 'number',
    laney_applied: 'boolean',
    ucl: 'number',
    lcl: 'number',
    upper_2_sigma: 'number',
    lower_2_sigma: 'number',
    z: 'number',
    rule: 'text',
    rules: 'text',
  },
});
