// /hotspots product hot spots (mart_product_hotspots): the flagged tests, else the ones nearest to
// the bar. Global filters: product_category and product select products, region the regional tests,
// from/to the tests by month. All SQL text comes from this file; every value from the URL is a
// bound parameter.
import type { Filters } from '../../filters.ts';
import { query, type Params } from '../db.ts';
import { productHotspotReasons } from '../../../../../pipeline/contract/hotspotReasons.ts';
import { memberConditions } from '../filters.ts';
import { martRow } from '../../../../../pipeline/contract/marts.ts';
import type { HotspotsData, ProductHotspotRow } from './types.ts';

export async function loadProductHotspots(filters: Filters): Promise<HotspotsData['products']> {
  const conditions: string[] = [];
  const params: Params = {};
  memberConditions(
    filters,
    { product_category: 'product_category', product: 'product' },
    conditions,
    params,
  );
  if (filters.region) {
    conditions.push('(region is null or region = $f_region)');
    params.f_region = filters.region;
  }
  if (filters.from) {
    conditions.push(
      `(period_start is null or period_start >= date_trunc('month', cast($f_from as date)))`,
    );
    params.f_from = filters.from;
  }
  if (filters.to) {
    conditions.push('(period_start is null or period_start <= cast($f_to as date))');
    params.f_to = filters.to;
  }
  const where = conditions.length ? `and ${conditions.join(' and ')}` : '';
  const columns = '*';
  const hot = await query(
    `select ${columns} from mart_product_hotspots where is_hotspot ${where}
     order by q_value nulls last, level, product limit 50`,
    params,
  );
  const closest =
    hot.length > 0
      ? []
      : await query(
          `select ${columns} from mart_product_hotspots where is_tested and not is_hotspot ${where}
           order by q_value nulls last, level, product limit 8`,
          params,
        );
  const toRow = (json: Record<string, unknown>): ProductHotspotRow => {
    const r = martRow('mart_product_hotspots', json);
    return {
      level: r.level as ProductHotspotRow['level'],
      product: r.product ?? '',
      productCategory: r.product_category,
      periodStart: r.period_start,
      region: r.region,
      causeKind: r.cause_kind,
      causeKey: r.cause_key,
      causeLabel: r.cause_label,
      observed: r.observed,
      expected: r.expected,
      rateRatio: r.rate_ratio,
      rateRatioLower: r.rate_ratio_lower,
      rateRatioUpper: r.rate_ratio_upper,
      qValue: r.q_value,
      isHotspot: r.is_hotspot === true,
      ...productHotspotReasons(json),
    };
  };
  return { hot: hot.map(toRow), closest: closest.map(toRow) };
}
