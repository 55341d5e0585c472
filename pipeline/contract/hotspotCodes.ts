// The reason codes the hot-spot models emit (issue 19: codes, not prose). The SQL writes only these
// values; the catalogue (pipeline/messages/batchHotspots.ts, productHotspots.ts and codes.ts) has a
// sentence or label for each, in both languages, typed by these lists so a new code without its
// words is a compile error. tests/unit/messages/hotspots.test.ts renders every code, and the
// hot-spot model tests check that the SQL emits no code that is missing here.

/** mart_batch_hotspots.untested_because: why a batch's rate test did not run. */
export const BATCH_UNTESTED_CODES = [
  // int_batch_catalogue
  'no_production_date',
  'missing_from_volumes',
  // int_batch_rate_tests (too_young cites reason_limit = hotspots_min_age_days, and age_days)
  'too_young',
  'no_comparable_batches',
  'no_baseline_complaints',
  // mart_batch_hotspots: a batch with no exposure on data_end
  'no_exposure',
] as const;
export type BatchUntestedCode = (typeof BATCH_UNTESTED_CODES)[number];

/** int_batch_mix_tests.untested_because: why a batch's cause-mix row is not tested (not shown). */
export const MIX_UNTESTED_CODES = ['too_young', 'new_cause', 'no_comparable_batches'] as const;
export type MixUntestedCode = (typeof MIX_UNTESTED_CODES)[number];

/** mart_batch_hotspots.not_hotspot_because: the first rule of the flag a tested batch fails. */
export const NOT_HOTSPOT_CODES = ['few_complaints', 'q_above_limit', 'ci_lower_at_most'] as const;
export type NotHotspotCode = (typeof NOT_HOTSPOT_CODES)[number];

/** mart_batch_hotspots.flag_basis: the routes that flagged a batch (a list, in this order). */
export const FLAG_BASES = ['rate', 'cause_rate', 'cause_mix'] as const;
export type FlagBasis = (typeof FLAG_BASES)[number];

/** rate_baseline_level and mix_comparison_level: the batches a batch is compared with. */
export const BASELINE_LEVELS = ['product', 'product_line', 'all_products'] as const;
export type BaselineLevel = (typeof BASELINE_LEVELS)[number];

/** mart_product_hotspots.baseline_group: the peers a product is compared with. */
export const PRODUCT_BASELINE_GROUPS = ['category', 'all_products'] as const;
export type ProductBaselineGroup = (typeof PRODUCT_BASELINE_GROUPS)[number];

/**
 * mart_product_hotspots.untested_because: why a product test did not run; few_cause_complaints
 * cites reason_limit (hotspots_mix_min_complaints), product_specific_cause exclusive_share.
 */
export const PRODUCT_UNTESTED_CODES = [
  // int_product_period_tests
  'short_history',
  'no_baseline',
  'no_baseline_complaints',
  // int_product_region_tests
  'no_peer_complaints_in_region',
  // int_product_cause_tests
  'few_cause_complaints',
  'few_peer_complaints',
  'product_specific_cause',
] as const;
export type ProductUntestedCode = (typeof PRODUCT_UNTESTED_CODES)[number];

/** Whether `value` is one of `codes` (narrows a mart's text column to its code type). */
export function isCode<C extends string>(codes: readonly C[], value: unknown): value is C {
  return typeof value === 'string' && (codes as readonly string[]).includes(value);
}
