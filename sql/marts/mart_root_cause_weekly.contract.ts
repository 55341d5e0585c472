// The contract of mart_root_cause_weekly.sql: its key and its columns' kinds, in column order.
// Change it together with the SQL; tests/integration/mart-contract.test.ts checks both agree.
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_root_cause_weekly',
  key: ['cluster_id', 'week'],
  columns: {
    cluster_id: 'integer',
    week: 'date',
    complaints: 'integer',
    label: 'text',
  },
});
