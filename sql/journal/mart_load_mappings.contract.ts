// The contract of mart_load_mappings.sql (a journal mart: a view created with the base tables): its key and
// its columns' kinds, in column order. Change it together with the SQL; tests/unit/contract and
// tests/integration/mart-contract.test.ts check both agree.
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_load_mappings',
  key: ['run_id', 'file', 'column_index', 'field'],
  columns: {
    run_id: 'integer',
    file: 'text',
    column_index: 'integer',
    header: 'text',
    field: 'text',
    method: 'text',
    confidence: 'number',
    reason: 'text',
    is_latest_of_file: 'boolean',
    file_recency: 'integer',
    derivation: 'text',
    missing_fields: 'text',
  },
});
