// The contract of mart_rejects.sql (a journal mart: a view created with the base tables): its key and
// its columns' kinds, in column order. Change it together with the SQL; tests/unit/contract and
// tests/integration/mart-contract.test.ts check both agree.
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_rejects',
  key: ['run_id', 'file', 'row_number', 'reason', 'message', 'raw', 'complaint_id'],
  columns: {
    run_id: 'integer',
    file: 'text',
    row_number: 'integer',
    reason: 'text',
    message: 'text',
    raw: 'text',
    complaint_id: 'text',
  },
});
