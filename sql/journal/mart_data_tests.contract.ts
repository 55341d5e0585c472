// The contract of mart_data_tests.sql (a journal mart: a view created with the base tables): its key and
// its columns' kinds, in column order. Change it together with the SQL; tests/unit/contract and
// tests/integration/mart-contract.test.ts check both agree.
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_data_tests',
  key: ['test'],
  columns: {
    run_id: 'integer',
    test: 'text',
    severity: 'text',
    failures: 'integer',
    status: 'text',
  },
});
