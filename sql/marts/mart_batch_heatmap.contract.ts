// The contract of mart_batch_heatmap.sql: its key and its columns' kinds, in column order.
// Change it together with the SQL; tests/integration/mart-contract.test.ts checks both agree.
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_batch_heatmap',
  key: ['product', 'age_bucket'],
  columns: {
    product: 'text',
    product_category: 'text',
    /** Key of the age bucket (mart_batch_age_buckets), e.g. '90-179' or '720+'. */
    age_bucket: 'text',
    /** The bucket's place among the heatmap's columns, 1-based. */
    age_bucket_index: 'integer',
    age_bucket_start_days: 'integer',
    /** Inclusive; NULL for the last, open bucket. */
    age_bucket_end_days: 'integer',
    batches: 'integer',
    complaints: 'integer',
    units: 'integer',
    observed: 'integer',
    expected: 'number',
    hotspots: 'integer',
    /** The largest rate ratio among the cell's hot-spot batches; NULL without one. */
    hot_ratio: 'number',
    /** Σ observed / Σ expected; NULL below hotspots_heatmap_min_expected expected complaints. */
    ratio: 'number',
    /** Complaints per 10,000 units built; NULL without units. */
    per_10k: 'number',
  },
});
