// The contract of mart_batch_weekly.sql: its key and its columns' kinds, in column order.
// Change it together with the SQL; tests/integration/mart-contract.test.ts checks both agree.
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_batch_weekly',
  key: ['product', 'batch', 'week_start'],
  columns: {
    product: 'text',
    batch: 'text',
    /** Monday of the week. */
    week_start: 'date',
    /** Sunday of the week. */
    week_end: 'date',
    complaints: 'integer',
    /** False for the week holding the data end (still running). */
    is_complete: 'boolean',
  },
});
