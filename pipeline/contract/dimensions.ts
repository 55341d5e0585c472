// The complaint attributes the marts break down by, declared once. The KPI marts carry a row per
// member of each (dimension column), the series marts those plus cluster and category × region;
// the dashboard's trend picker, the report's movers and tests/integration/mart-contract.test.ts
// (which checks the marts carry exactly these) read them from here. Order: display order.
export const COMPLAINT_DIMENSIONS = [
  'category',
  'product_category',
  'product',
  'channel',
  'region',
  'department',
] as const;
export type ComplaintDimension = (typeof COMPLAINT_DIMENSIONS)[number];

/** `dimension` values of mart_kpis_monthly / mart_kpis_weekly. */
export const KPI_DIMENSIONS = ['all', ...COMPLAINT_DIMENSIONS] as const;

/** `dimension` values of mart_series_monthly / mart_series_weekly. */
export const SERIES_DIMENSIONS = [...KPI_DIMENSIONS, 'cluster', 'category_region'] as const;
