// mart_batch_hotspots rows shared by the batch table (list.ts), the heatmap's batch-grain path
// (heatmap.ts) and the batch page (batch.ts): the global filters' conditions and the row reader.
// Global filters: product_category and product select batches; from/to select batches by
// *production date* (a batch is a production event).
import type { Filters } from '../../filters.ts';
import type { Params } from '../db.ts';
import { memberConditions } from '../filters.ts';
import { martRow } from '../../../../../pipeline/contract/marts.ts';
import type { BatchRow } from './types.ts';

/** Conditions on mart_batch_hotspots from the global filters (production date for from/to). */
export function batchWhere(filters: Filters): { sql: string[]; params: Params } {
  const sql: string[] = [];
  const params: Params = {};
  memberConditions(
    filters,
    { product_category: 'product_category', product: 'product', batch: 'batch' },
    sql,
    params,
  );
  if (filters.from) {
    sql.push('production_date >= cast($f_from as date)');
    params.f_from = filters.from;
  }
  if (filters.to) {
    sql.push('production_date <= cast($f_to as date)');
    params.f_to = filters.to;
  }
  return { sql, params };
}

export const batchColumns = `batch, product, product_category, production_date, age_days, units, complaints,
  observed, expected, rate_ratio, rate_ratio_lower, rate_ratio_upper, q_value, units_at_risk,
  flag_basis, first_flagged_on, is_hotspot, is_tested, untested_because`;

export function toBatchRow(json: Record<string, unknown>): BatchRow {
  const r = martRow('mart_batch_hotspots', json);
  return {
    batch: r.batch ?? '',
    product: r.product ?? '',
    productCategory: r.product_category,
    productionDate: r.production_date,
    ageDays: r.age_days,
    units: r.units,
    complaints: r.complaints ?? 0,
    observed: r.observed,
    expected: r.expected,
    rateRatio: r.rate_ratio,
    rateRatioLower: r.rate_ratio_lower,
    rateRatioUpper: r.rate_ratio_upper,
    qValue: r.q_value,
    unitsAtRisk: r.units_at_risk,
    flagBasis: r.flag_basis,
    firstFlaggedOn: r.first_flagged_on,
    isHotspot: r.is_hotspot === true,
    isTested: r.is_tested === true,
    untestedBecause: r.untested_because,
  };
}
