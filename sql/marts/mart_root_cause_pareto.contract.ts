// The contract of mart_root_cause_pareto.sql: its key and its columns' kinds, in column order.
// Change it together with the SQL; tests/integration/mart-contract.test.ts checks both agree.
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_root_cause_pareto',
  key: ['cluster_id'],
  columns: {
    rank: 'integer',
    cluster_id: 'integer',
    label: 'text',
    category: 'text',
    complaints: 'integer',
    share: 'number',
    cumulative_complaints: 'integer',
    cumulative_share: 'number',
    share_of_all: 'number',
    is_vital_few: 'boolean',
  },
});
