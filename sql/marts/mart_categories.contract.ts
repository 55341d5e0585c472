// The contract of mart_categories.sql: its key and its columns' kinds, in column order.
// Change it together with the SQL; tests/integration/mart-contract.test.ts checks both agree.
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_categories',
  key: ['category'],
  columns: {
    category: 'text',
    priority: 'integer',
    label_en: 'text',
  },
});
