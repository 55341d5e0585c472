// The contract of mart_root_causes.sql: its key and its columns' kinds, in column order.
// Change it together with the SQL; tests/integration/mart-contract.test.ts checks both agree.
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_root_causes',
  key: ['cluster_id'],
  columns: {
    cluster_id: 'integer',
    label: 'text',
    summary: 'text',
    category: 'text',
    complaints: 'integer',
    share: 'number',
    top_terms: 'text[]',
    representative_ids: 'text[]',
    first_seen: 'timestamp',
    last_seen: 'timestamp',
    trend_slope: 'number',
    trend_slope_pct: 'number',
    recent_weekly: 'number',
    category_share: 'number',
    category_refined: 'integer',
    mean_distance: 'number',
    hot_products: 'text[]',
    hot_batches: 'text[]',
    hot_regions: 'text[]',
    representative_texts: 'text[]',
    unassigned_share: 'number',
    created_build: 'integer',
    updated_build: 'integer',
  },
});
