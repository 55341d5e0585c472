// The contract of mart_cluster_builds.sql: its key and its columns' kinds, in column order.
// Change it together with the SQL; tests/integration/mart-contract.test.ts checks both agree.
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_cluster_builds',
  key: ['build_id'],
  columns: {
    build_id: 'integer',
    built_at: 'timestamp',
    mode: 'text',
    reason: 'text',
    fit_build: 'integer',
    is_current_fit: 'boolean',
    clusters: 'integer',
    kept: 'integer',
    changed_ids: 'text[]',
    changed_labels: 'text[]',
    new_ids: 'text[]',
    new_labels: 'text[]',
    retired_ids: 'text[]',
    retired_labels: 'text[]',
    assignments: 'integer',
  },
});
