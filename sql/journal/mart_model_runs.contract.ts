// The contract of mart_model_runs.sql (a journal mart: a view created with the base tables): its key and
// its columns' kinds, in column order. Change it together with the SQL; tests/unit/contract and
// tests/integration/mart-contract.test.ts check both agree.
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_model_runs',
  key: ['model'],
  columns: {
    run_id: 'integer',
    model: 'text',
    started_at: 'timestamp',
    build_started_at: 'timestamp',
    rows: 'integer',
    milliseconds: 'number',
    status: 'text',
    is_failed: 'boolean',
    message: 'text',
  },
});
