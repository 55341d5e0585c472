// The contract of mart_batch_cause_mix.sql: its key and its columns' kinds, in column order.
// Change it together with the SQL; tests/integration/mart-contract.test.ts checks both agree.
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_batch_cause_mix',
  key: ['product', 'batch', 'mix_rank'],
  columns: {
    product: 'text',
    batch: 'text',
    /** 1 = the batch's largest cause; the 'other' row comes last. */
    mix_rank: 'integer',
    /** The root-cause cluster; NULL for 'other' and for complaints no cluster took. */
    cluster_id: 'text',
    cluster_label: 'text',
    is_other: 'boolean',
    batch_complaints: 'integer',
    /** Complaints of the product's other batches. */
    baseline_complaints: 'integer',
    batch_share: 'number',
    baseline_share: 'number',
    batch_total: 'integer',
    baseline_total: 'integer',
  },
});
