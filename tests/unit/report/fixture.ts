// A hand-made ReportData for October 2026 (no warehouse needed): the numbers are chosen so every
// summary sentence and section has something to say, and the reason texts carry markup that must
// only ever appear escaped.
import { monthPeriod, weekPeriod } from '../../../pipeline/report/period.ts';
import { KPI_COLUMNS, type KpiRow, type ReportData } from '../../../pipeline/report/types.ts';

export const MARKUP = '<script>alert("x")</script> & \'q\'';

function kpi(periodStart: string, values: Partial<KpiRow['values']>, isComplete = true): KpiRow {
  const all = Object.fromEntries(KPI_COLUMNS.map((c) => [c, null])) as KpiRow['values'];
  // mature by default (the older fixtures' meaning); tests of provisional periods override it
  return {
    periodStart,
    isComplete,
    isMature: isComplete,
    openShare: 0.01,
    values: { ...all, ...values },
  };
}

export function monthlyFixture(): ReportData {
  const period = monthPeriod(2026, 10);
  return {
    period,
    categoryLabels: {
      产品质量: 'product quality',
      售后维修: 'after-sales repair',
      物流运输: 'delivery',
    },
    warehouse: {
      asOfDate: '2026-10-31',
      latestComplaint: '2026-10-31 21:53:45',
      builtAt: '2026-11-01 06:00:00',
      lastLoad: '2026-11-01 05:58:10.123',
      timezone: 'Asia/Shanghai',
    },
    kpis: {
      current: kpi('2026-10-01', {
        complaints: 765,
        complaints_per_10k_units: 1.2659,
        resolved_within_sla_rate: 0.631,
        delay_rate: 0.369,
        redispatch_rate: 0.28,
        satisfaction_avg: 0.773,
      }),
      previous: kpi('2026-09-01', {
        complaints: 811,
        complaints_per_10k_units: 1.3252,
        resolved_within_sla_rate: 0.721,
        delay_rate: 0.279,
        redispatch_rate: 0.258,
        satisfaction_avg: 0.754,
      }),
      yearAgo: kpi('2025-10-01', { complaints: 776, resolved_within_sla_rate: 0.724 }),
    },
    trend: Array.from({ length: 13 }, (_, i) => ({
      periodStart: `${i < 3 ? 2025 : 2026}-${String(i < 3 ? 10 + i : i - 2).padStart(2, '0')}-01`,
      complaints: 700 + 10 * i,
      isComplete: true,
    })),
    categories: [
      { member: '产品质量', complaints: 337, previous: 320 },
      { member: `售后维修 ${MARKUP}`, complaints: 139, previous: 190 },
    ],
    movers: [
      { dimension: 'department', member: '售后服务部', complaints: 250, previous: 330 },
      { dimension: 'channel', member: '京东', complaints: 94, previous: 68 },
      { dimension: 'category', member: '物流运输', complaints: 80, previous: 61 },
    ],
    rootCauses: {
      weeks: ['2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26'],
      // as sql/macros/pareto.sql ranks them
      rows: [
        {
          clusterId: '10',
          label: '配件缺货 · 调货',
          category: '售后维修',
          complaints: 50,
          rank: 1,
          share: 0.5,
          cumulativeShare: 0.5,
          vitalFew: true,
        },
        {
          clusterId: '9',
          label: '送货延迟',
          category: '物流运输',
          complaints: 30,
          rank: 2,
          share: 0.3,
          cumulativeShare: 0.8,
          vitalFew: true,
        },
        {
          clusterId: '2',
          label: MARKUP,
          category: null,
          complaints: 20,
          rank: 3,
          share: 0.2,
          cumulativeShare: 1,
          vitalFew: false,
        },
      ],
      threshold: 0.8,
    },
    batchHotspots: [
      {
        batch: 'B2025W39-BCD520',
        product: 'BCD-520W',
        productCategory: '冰箱',
        productionDate: '2025-09-24',
        complaints: 28,
        units: 2890,
        rateRatio: 4.65,
        rateRatioLower: 2.7,
        rateRatioUpper: 7.5,
        qValue: 7.4e-9,
        rank: 2,
        firstFlaggedOn: '2025-12-13',
        unitsAtRisk: 2890,
        topRegions: '吉林 5 · 山西 5',
        reasonZh: `批次 B2025W39-BCD520：压缩机噪音 ${MARKUP}`,
        reasonEn: `Batch B2025W39-BCD520: compressor noise ${MARKUP}`,
        isNew: false,
        actions: 'recall R-26-01 2026-01-05 →',
        coveredByAction: true,
        leadTimeDays: 23,
      },
      {
        batch: 'B2025W29-F8032',
        product: 'F80-32A5',
        productCategory: '热水器',
        productionDate: '2025-07-17',
        complaints: 40,
        units: 2760,
        rateRatio: 6.64,
        rateRatioLower: 4.6,
        rateRatioUpper: 9.3,
        qValue: 5.8e-23,
        rank: 1,
        firstFlaggedOn: '2026-10-11',
        unitsAtRisk: 2760,
        topRegions: null,
        reasonZh: '批次 B2025W29-F8032：漏电跳闸',
        reasonEn: 'Batch B2025W29-F8032: leakage trips',
        isNew: true,
        actions: null,
        coveredByAction: false,
        leadTimeDays: null,
      },
    ],
    productHotspots: [],
    alerts: [
      {
        alertId: 'a1',
        kind: 'spike',
        grain: 'month',
        dimension: 'category_region',
        member: '产品质量 × 宁夏',
        memberLabel: '产品质量 × 宁夏',
        periodStart: '2026-10-01',
        observed: 8,
        expected: 1.25,
        firstAlertPeriod: '2026-10-01',
        isOngoing: true,
        reasonZh: '类别×地区「产品质量 × 宁夏」突增',
        reasonEn: 'Category × region spike',
      },
      {
        alertId: 'a2',
        kind: 'shift',
        grain: 'week',
        dimension: 'cluster',
        member: '41',
        memberLabel: '外包装破损',
        periodStart: '2026-10-05',
        observed: 7,
        expected: 4.27,
        firstAlertPeriod: '2026-10-05',
        isOngoing: false,
        reasonZh: '根因簇「41」持续偏高',
        reasonEn: 'Root-cause cluster "41" shift',
      },
    ],
    recommendations: [
      {
        recId: 'R2',
        rank: 2,
        priority: 'P2',
        rule: 'delivery_rise',
        subjectKind: 'category_region',
        subjectKey: '物流运输 × 四川',
        titleZh: '四川物流投诉上升',
        titleEn: 'Delivery complaints rising in Sichuan',
        actionZh: '复核承运商',
        actionEn: 'Review the carrier',
        ownerDepartment: '物流部',
        score: 55,
        explainZh: '严重度 0.6×30 …',
        explainEn: 'severity 0.6×30 …',
        firstRaisedOn: '2026-09-01',
        lastEvidenceOn: '2026-10-31',
        complaints: 22,
        drill: 'category=物流运输&region=四川',
        isNew: false,
      },
      {
        recId: 'R1',
        rank: 1,
        priority: 'P1',
        rule: 'batch_hotspot',
        subjectKind: 'batch',
        subjectKey: 'B2025W29-F8032',
        titleZh: `批次 B2025W29-F8032 漏电跳闸 ${MARKUP}`,
        titleEn: 'Batch B2025W29-F8032: leakage trips.',
        actionZh: '隔离库存，评估召回',
        actionEn: 'Quarantine stock, assess a recall',
        ownerDepartment: '质量管理部',
        score: 83.8,
        explainZh: '严重度 1.00×30 + 数量 0.70×20 = 83.8',
        explainEn: 'severity 1.00×30 + volume 0.70×20 = 83.8',
        firstRaisedOn: '2025-10-11',
        lastEvidenceOn: '2026-10-31',
        complaints: 40,
        drill: 'batch=B2025W29-F8032',
        isNew: false,
      },
    ],
    dataQuality: {
      runs: [
        {
          runId: 3,
          file: '/srv/complaint-lens/exports/complaints-2026-10.csv',
          kind: 'complaints',
          finishedAt: '2026-11-01 05:58:10.123',
          status: 'ok',
          rowsRead: 1000,
          rowsNew: 990,
          rowsUpdated: 5,
          rowsRejected: 5,
        },
      ],
      tests: { passed: 27, failed: 0, warned: 1 },
    },
  };
}

/** The same data as a weekly bulletin for 2026-W43. */
export function weeklyFixture(): ReportData {
  const data = monthlyFixture();
  return { ...data, period: weekPeriod(2026, 43) };
}
