// The contract of mart_load_runs.sql (a journal mart: a view created with the base tables): its key and
// its columns' kinds, in column order. Change it together with the SQL; tests/unit/contract and
// tests/integration/mart-contract.test.ts check both agree.
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_load_runs',
  key: ['run_id', 'file'],
  columns: {
    run_id: 'integer',
    file: 'text',
    kind: 'text',
    started_at: 'timestamp',
    finished_at: 'timestamp',
    status: 'text',
    rows_read: 'integer',
    rows_new: 'integer',
    rows_updated: 'integer',
    rows_unchanged: 'integer',
    rows_rejected: 'integer',
    accounting_ok: 'boolean',
    format: 'text',
    encoding: 'text',
    bytes: 'integer',
    message: 'text',
    derivation: 'text',
    missing_fields: 'text',
  },
});
