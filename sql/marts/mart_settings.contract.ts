// The contract of mart_settings.sql: its key and its columns' kinds, in column order.
// Change it together with the SQL; tests/integration/mart-contract.test.ts checks both agree.
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_settings',
  // one row: every column together is its key
  key: ['timezone', 'as_of'],
  columns: {
    timezone: 'text',
    as_of: 'timestamp',
  },
});
