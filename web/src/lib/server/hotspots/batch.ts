// The /hotspots/[batch] page: one batch's row (mart_batch_hotspots), its weekly complaints
// (mart_batch_weekly), root-cause mix against the product's other batches (mart_batch_cause_mix),
// actions (mart_actions), regions and latest complaints (the complaint source, i.e.
// mart_complaints, with bound parameters: small per-batch queries).
// All SQL text comes from this file; every value from the URL is a bound parameter.
import { complaintSource } from '../complaintSource.ts';
import { query, queryMart, queryRows } from '../db.ts';
import { batchHotspotReasons } from '../../../../../pipeline/contract/hotspotReasons.ts';
import { martRow, type MartRow } from '../../../../../pipeline/contract/marts.ts';
import { toBatchRow } from './batchRows.ts';
import type { BatchActions, BatchDetail, BatchDetailRow } from './types.ts';

/** Latest complaints listed on a batch page. */
export const latestComplaints = 20;

/** One batch's page; undefined when the batch is unknown (or the mart is missing: see hasBatchMart). */
export async function loadBatch(batch: string, product?: string): Promise<BatchDetail | undefined> {
  const [json] = await query(
    `select * from mart_batch_hotspots
     where batch = $batch ${product ? 'and product = $product' : ''}
     order by complaints desc, product
     limit 1`,
    product ? { batch, product } : { batch },
  );
  if (!json) return undefined;
  const r = martRow('mart_batch_hotspots', json);
  const row: BatchDetailRow = {
    ...toBatchRow(json),
    ...batchHotspotReasons(json),
    asOf: r.as_of_date,
    dominantClusterId: r.dominant_cluster_id,
    dominantClusterLabel: r.dominant_cluster_label,
    causeRateLabel: r.cause_rate_label,
    causeRateObserved: r.cause_rate_observed,
    causeRateExpected: r.cause_rate_expected,
    causeRateRatio: r.cause_rate_ratio,
    comparatorBatches: r.comparator_batches,
    rateBaselineLevel: r.rate_baseline_level,
    rateReferenceComplaints: r.rate_reference_complaints,
    daysToFirstFlag: r.days_to_first_flag,
  };

  const source = await complaintSource();
  const params = { batch: row.batch, product: row.product };
  // a batch code is unique only within its product (the mart's key is product + batch)
  const ofBatch = 'c.batch = $batch and c.product = $product';
  const [bounds] = await queryRows(
    { n: 'integer' },
    `select count(*) as n from ${source} where ${ofBatch}`,
    params,
  );
  const total = bounds?.n ?? 0;

  // zero-filled weeks from the production (or first complaint) week to the data end
  const weekly = (
    await queryMart(
      'mart_batch_weekly',
      `select * from mart_batch_weekly where batch = $batch and product = $product
       order by week_start`,
      params,
    )
  ).map((w) => ({
    week: w.week_start ?? '',
    weekEnd: w.week_end ?? '',
    complaints: w.complaints ?? 0,
    complete: w.is_complete === true,
  }));

  // the top causes against the product's other batches, the rest as "other" (ranked in SQL)
  const mix = await queryMart(
    'mart_batch_cause_mix',
    `select * from mart_batch_cause_mix where batch = $batch and product = $product
     order by mix_rank`,
    params,
  );

  const regions = await queryRows(
    { region: 'text', n: 'integer' },
    `select c.region, count(*) as n from ${source}
     where ${ofBatch} and c.region is not null
     group by 1 order by n desc, c.region limit 10`,
    params,
  );
  // the complaint source's rows are mart_complaints rows (complaintSource.ts)
  const latest = await queryMart(
    'mart_complaints',
    `select c.complaint_id, strftime(c.received_at, '%Y-%m-%d %H:%M') as received_at, c.category,
            c.cluster_label, c.region, c.status, left(c.description, 140) as description
     from ${source} where ${ofBatch}
     order by c.received_at desc, c.complaint_id limit $limit`,
    { ...params, limit: latestComplaints },
  );

  return {
    row,
    actions: await batchActions(params, r),
    total,
    weekly,
    mix: mix.map((m) => ({
      clusterId: m.cluster_id,
      label: m.cluster_label,
      other: m.is_other === true,
      batchCount: m.batch_complaints ?? 0,
      baselineCount: m.baseline_complaints ?? 0,
      batchShare: m.batch_share ?? 0,
      baselineShare: m.baseline_share ?? 0,
    })),
    baselineTotal: mix[0]?.baseline_total ?? 0,
    regions: regions.map((g) => ({ region: g.region ?? '', complaints: g.n ?? 0 })),
    latest: latest.map((c) => ({
      complaintId: c.complaint_id ?? '',
      receivedAt: c.received_at ?? '',
      category: c.category,
      clusterLabel: c.cluster_label,
      region: c.region,
      status: c.status,
      description: c.description,
    })),
  };
}

/** The batch's actions (mart_actions, a journal mart over the base table `actions`, empty without
 * an actions file) with the mart's cover and lead time. */
async function batchActions(
  params: { batch: string; product: string },
  m: MartRow<'mart_batch_hotspots'>,
): Promise<BatchActions> {
  const asOf = m.as_of_date;
  const list = await queryMart(
    'mart_actions',
    `select * from mart_actions where batch = $batch and product = $product
     order by opened_on, action_type`,
    params,
  );
  return {
    list: list.map(
      ({ action_type, component, opened_on: openedOn, closed_on: closedOn, reference }) => ({
        actionType: action_type ?? '',
        component,
        openedOn,
        closedOn,
        reference,
        open:
          asOf !== null &&
          openedOn !== null &&
          openedOn <= asOf &&
          (closedOn === null || closedOn > asOf),
      }),
    ),
    covered: m.is_covered_by_action === true,
    leadTimeDays: m.lead_time_days,
    firstFlaggedOn: m.first_flagged_on,
  };
}
