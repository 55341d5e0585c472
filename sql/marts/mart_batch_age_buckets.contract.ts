// The contract of mart_batch_age_buckets.sql: its key and its columns' kinds, in column order.
// Change it together with the SQL; tests/integration/mart-contract.test.ts checks both agree.
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_batch_age_buckets',
  key: ['age_bucket'],
  columns: {
    /** The bucket's key, the `age` URL parameter: '<start>-<end>' days, '<start>+' for the last. */
    age_bucket: 'text',
    /** The bucket's place among the heatmap's columns, 1-based. */
    bucket_index: 'integer',
    start_days: 'integer',
    /** Inclusive; NULL for the last, open bucket. */
    end_days: 'integer',
    /** hotspots_heatmap_min_expected: the least Σ expected a cell's ratio needs. */
    min_expected_for_ratio: 'number',
  },
});
