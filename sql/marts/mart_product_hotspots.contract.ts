// The contract of mart_product_hotspots.sql: its key and its columns' kinds, in column order.
// Change it together with the SQL; tests/integration/mart-contract.test.ts checks both agree.
// Reasons are codes and numbers (pipeline/contract/hotspotCodes.ts lists the codes), worded by the
// catalogue (pipeline/messages/productHotspots.ts).
import { defineMart } from '../../pipeline/contract/define.ts';

export default defineMart({
  name: 'mart_product_hotspots',
  key: ['level', 'product', 'period_start', 'region', 'cause_key'],
  columns: {
    level: 'text',
    product: 'text',
    product_category: 'text',
    period_start: 'date',
    region: 'text',
    cause_kind: 'text',
    cause_key: 'text',
    cause_label: 'text',
    basis: 'text',
    /** Code: 'category' or 'all_products' (PRODUCT_BASELINE_GROUPS). */
    baseline_group: 'text',
    complaints: 'integer',
    observed: 'number',
    expected: 'number',
    units_in_field: 'integer',
    age_weighted_units: 'number',
    rate_per_10k_units: 'number',
    region_share: 'number',
    share: 'number',
    baseline_share: 'number',
    rate_ratio: 'number',
    rate_ratio_lower: 'number',
    rate_ratio_upper: 'number',
    dispersion_factor: 'number',
    ror: 'number',
    ror_lower: 'number',
    ror_upper: 'number',
    chi2: 'number',
    p_value: 'number',
    q_value: 'number',
    tests_in_family: 'integer',
    is_tested: 'boolean',
    /** Code: why the test was not run (PRODUCT_UNTESTED_CODES); the catalogue words it. */
    untested_because: 'text',
    /** The minimum the untested reason cites (few_cause_complaints). */
    reason_limit: 'number',
    /** product_cause: the share of complaints whose cause no peer product has. */
    exclusive_share: 'number',
    is_hotspot: 'boolean',
    test_scope: 'text',
    product_history_periods: 'integer',
    as_of_date: 'date',
  },
});
