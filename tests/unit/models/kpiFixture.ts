// Hand-made complaints for the KPI tests. Every expected value in kpis.test.ts is computed by hand
// from this table (see the comments there); as-of time 2024-03-10 00:00, default configuration
// (first response 24 h; resolution 168 h 产品质量/售后维修, 72 h 物流运输/服务态度, 120 h 价格;
// repeat window 30 days; satisfied ≥ 0.8; compensation threshold 1000).
import type { ComplaintRow } from './helpers.ts';

export const KPI_COMPLAINTS: ComplaintRow[] = [
  // --- January 2024 -----------------------------------------------------------------------
  // A1: 产品质量 by type; response 10 h ✓; resolved 72 h ✓ (≤168); closed; satisfied; 一般.
  {
    complaint_id: 'A1',
    received_at: '2024-01-02 10:00:00',
    channel: '客服热线',
    customer_id: 'U1',
    product: 'W1',
    product_category: '洗衣机',
    region: '广东',
    department: '售后部',
    complaint_type: '质量问题',
    dispatch_count: 1,
    first_response_at: '2024-01-02 20:00:00',
    resolved_at: '2024-01-05 10:00:00',
    closed_at: '2024-01-06 10:00:00',
    status: 'closed',
    satisfaction: 1.0,
    compensation: 100,
  },
  // A2: 物流运输 by type; external channel 12315 → 重大; response 36 h ✗; resolved 120 h ✗ (>72); redispatched.
  {
    complaint_id: 'A2',
    received_at: '2024-01-10 08:00:00',
    channel: '12315',
    customer_id: 'U2',
    product: 'W1',
    product_category: '洗衣机',
    region: '广东',
    department: '物流部',
    complaint_type: '物流',
    dispatch_count: 2,
    first_response_at: '2024-01-11 20:00:00',
    resolved_at: '2024-01-15 08:00:00',
    status: 'resolved',
    satisfaction: 0.6,
  },
  // A3: 服务态度; U1 + W1 again 13 days after A1 → repeat → 重大; response 1 h ✓; still in progress and
  // past its 72 h resolution SLA at as-of → resolution ✗, overdue open; dispatched 3 times.
  {
    complaint_id: 'A3',
    received_at: '2024-01-15 09:00:00',
    channel: '在线客服',
    customer_id: 'U1',
    product: 'W1',
    product_category: '洗衣机',
    region: '浙江',
    department: '客服部',
    complaint_type: '服务态度',
    dispatch_count: 3,
    first_response_at: '2024-01-15 10:00:00',
    status: 'in_progress',
  },
  // A4: no type → text: 漏电 (1) + 质量 (2) + 太差 (1) = 4 for 产品质量; 漏电 → 紧急; no first_response_at
  // so the resolution (24 h) is the first response ✓; resolved 24 h ✓; compensation 2000 > 1000.
  {
    complaint_id: 'A4',
    received_at: '2024-01-20 12:00:00',
    channel: '客服热线',
    customer_id: 'U3',
    product: 'W2',
    product_category: '冰箱',
    region: '浙江',
    department: '售后部',
    complaint_type: null,
    description: '冰箱漏电，质量太差',
    dispatch_count: 1,
    resolved_at: '2024-01-21 12:00:00',
    status: 'resolved',
    satisfaction: 0.8,
    compensation: 2000,
  },
  // A5: invalid: counted only in invalid_complaints (its satisfaction and compensation are ignored).
  {
    complaint_id: 'A5',
    received_at: '2024-01-25 00:00:00',
    channel: '微博',
    customer_id: 'U4',
    product: 'W1',
    product_category: '洗衣机',
    region: '广东',
    department: '客服部',
    complaint_type: '价格',
    status: 'invalid',
    satisfaction: 0.2,
    compensation: 500,
  },
  // A6: withdrawn: a complaint, but outside SLA, resolution and closed-loop denominators.
  {
    complaint_id: 'A6',
    received_at: '2024-01-28 10:00:00',
    channel: '京东',
    customer_id: 'U5',
    product: 'W2',
    product_category: '冰箱',
    region: '广东',
    department: '物流部',
    complaint_type: 'delivery',
    dispatch_count: 1,
    status: 'withdrawn',
  },
  // A7: English type 'Repair' → 售后维修; no status but resolved_at → resolved (not closed); response 2 h ✓;
  // resolved 48 h ✓; export severity 'high' → 重大; no customer (repeat unknown), region, department.
  {
    complaint_id: 'A7',
    received_at: '2024-01-31 23:00:00',
    channel: '门店',
    customer_id: null,
    product: 'W1',
    product_category: '洗衣机',
    region: null,
    department: null,
    complaint_type: 'Repair',
    severity: 'high',
    first_response_at: '2024-02-01 01:00:00',
    resolved_at: '2024-02-02 23:00:00',
    status: null,
    satisfaction: 0.9,
    compensation: 0,
  },
  // --- December 2023 (previous month) ----------------------------------------------------------
  {
    complaint_id: 'B1',
    received_at: '2023-12-20 10:00:00',
    channel: '客服热线',
    customer_id: 'U9',
    product: 'W1',
    product_category: '洗衣机',
    region: '广东',
    department: '售后部',
    complaint_type: '质量',
    dispatch_count: 1,
    first_response_at: '2023-12-20 11:00:00',
    resolved_at: '2023-12-21 10:00:00',
    closed_at: '2023-12-22 10:00:00',
    status: 'closed',
    satisfaction: 1.0,
  },
  // --- January 2023 (a year earlier) -----------------------------------------------------------
  {
    complaint_id: 'B2',
    received_at: '2023-01-05 09:00:00',
    channel: '客服热线',
    customer_id: 'U8',
    product: 'W1',
    product_category: '洗衣机',
    region: '广东',
    department: '售后部',
    complaint_type: '质量',
    dispatch_count: 1,
    first_response_at: '2023-01-05 10:00:00',
    resolved_at: '2023-01-06 09:00:00',
    status: 'closed',
  },
  // B3: 价格 (120 h); resolved after 14 days ✗.
  {
    complaint_id: 'B3',
    received_at: '2023-01-06 09:00:00',
    channel: '客服热线',
    customer_id: 'U8',
    product: 'W2',
    product_category: '冰箱',
    region: '广东',
    department: '售后部',
    complaint_type: '价格',
    dispatch_count: 1,
    first_response_at: '2023-01-06 12:00:00',
    resolved_at: '2023-01-20 09:00:00',
    status: 'resolved',
  },
  // --- March 2024 (incomplete at as-of) ---------------------------------------------------------
  // C1: U1 + W1 54 days after A3 → not a repeat; unanswered but its first response is due only
  // at 2024-03-10 12:00, after as-of → SLA outcome unknown (excluded from the rate).
  {
    complaint_id: 'C1',
    received_at: '2024-03-09 12:00:00',
    channel: '客服热线',
    customer_id: 'U1',
    product: 'W1',
    product_category: '洗衣机',
    region: '广东',
    department: '售后部',
    complaint_type: '质量',
    status: 'open',
  },
];

// W1: b1 in the field for January 2024; b2 produced mid-January (counts from January 2024);
// b3 produced 2020-01-01, more than 36 months before 2024-01-31 (out of the field).
// W2: one batch without a production date (always in the field).
export const KPI_VOLUMES = [
  { product: 'W1', batch: 'b1', production_date: '2023-06-01', units: 10000 },
  { product: 'W1', batch: 'b2', production_date: '2024-01-15', units: 5000 },
  { product: 'W1', batch: 'b3', production_date: '2020-01-01', units: 7000 },
  { product: 'W2', batch: 'b1', production_date: null, units: 20000 },
];
