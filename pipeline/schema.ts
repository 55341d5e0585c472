// The canonical complaint schema and the header synonyms that map real exports onto it.
// docs/schema.md documents each field; keep the two in step.

export type FieldKind = 'id' | 'text' | 'timestamp' | 'date' | 'integer' | 'money' | 'satisfaction' | 'status' | 'channel' | 'longtext';

export interface FieldSpec {
  name: CanonicalField;
  kind: FieldKind;
  required: boolean;
  /** Free text that may hold phone numbers, ID numbers or e-mail addresses: masked on load. */
  pii?: boolean;
}

export const CANONICAL_FIELDS = [
  'complaint_id',
  'received_at',
  'channel',
  'customer_id',
  'product',
  'product_category',
  'batch',
  'production_date',
  'region',
  'complaint_type',
  'severity',
  'description',
  'customer_demand',
  'department',
  'dispatch_count',
  'first_response_at',
  'resolved_at',
  'closed_at',
  'status',
  'resolution',
  'compensation',
  'satisfaction',
  'updated_at',
] as const;

export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

export const FIELD_SPECS: readonly FieldSpec[] = [
  { name: 'complaint_id', kind: 'id', required: true },
  { name: 'received_at', kind: 'timestamp', required: true },
  { name: 'channel', kind: 'channel', required: false },
  { name: 'customer_id', kind: 'id', required: false },
  { name: 'product', kind: 'text', required: false },
  { name: 'product_category', kind: 'text', required: false },
  { name: 'batch', kind: 'id', required: false },
  { name: 'production_date', kind: 'date', required: false },
  { name: 'region', kind: 'text', required: false },
  { name: 'complaint_type', kind: 'text', required: false },
  { name: 'severity', kind: 'text', required: false },
  { name: 'description', kind: 'longtext', required: false, pii: true },
  { name: 'customer_demand', kind: 'longtext', required: false, pii: true },
  { name: 'department', kind: 'text', required: false },
  { name: 'dispatch_count', kind: 'integer', required: false },
  { name: 'first_response_at', kind: 'timestamp', required: false },
  { name: 'resolved_at', kind: 'timestamp', required: false },
  { name: 'closed_at', kind: 'timestamp', required: false },
  { name: 'status', kind: 'status', required: false },
  { name: 'resolution', kind: 'longtext', required: false, pii: true },
  { name: 'compensation', kind: 'money', required: false },
  { name: 'satisfaction', kind: 'satisfaction', required: false },
  { name: 'updated_at', kind: 'timestamp', required: false },
];

/**
 * Header synonyms, Chinese and English, as seen in complaint-handling, ticketing, CRM and
 * regulator exports. Matching is done on a normalised header (NFKC, lower case, no spaces,
 * punctuation or bracketed units), so "投诉编号（必填）" and "Complaint ID" both match.
 * Broad on purpose: it is not tuned to one file.
 */
export const HEADER_SYNONYMS: Record<CanonicalField, readonly string[]> = {
  complaint_id: [
    '投诉编号', '投诉单号', '投诉工单号', '工单号', '工单编号', '单号', '编号', '受理编号', '投诉id', '工单id', '事件编号', '案件编号', '流水号',
    'complaintid', 'complaintno', 'complaintnumber', 'id', 'ticket', 'ticketid', 'ticketno', 'ticketnumber', 'caseid', 'caseno', 'casenumber', 'case', 'referenceno', 'reference',
  ],
  received_at: [
    '投诉时间', '受理时间', '创建时间', '投诉日期', '受理日期', '来电时间', '登记时间', '提交时间', '反馈时间', '建单时间', '接收时间', '发生时间',
    'datereceived', 'receivedat', 'received', 'receiveddate', 'createdat', 'created', 'createdate', 'createddate', 'complaintdate', 'opendate', 'openedat', 'submittedat', 'datesubmitted', 'date',
  ],
  channel: [
    '投诉渠道', '渠道', '来源', '投诉来源', '受理渠道', '来源渠道', '反馈渠道', '投诉方式', '途径',
    'channel', 'source', 'submittedvia', 'via', 'origin', 'medium',
  ],
  customer_id: [
    '客户编号', '客户id', '客户号', '用户id', '用户编号', '会员号', '会员编号', '客户账号', '投诉人编号', '客户', '投诉人',
    'customerid', 'customerno', 'customer', 'clientid', 'userid', 'accountid', 'consumerid', 'memberid',
  ],
  product: [
    '产品型号', '型号', '产品', '产品名称', '商品', '商品名称', '机型', '产品编码', '物料号', 'sku',
    'product', 'productname', 'model', 'productmodel', 'item', 'itemname', 'modelno', 'productcode',
  ],
  product_category: [
    '产品类别', '产品品类', '品类', '产品线', '类目', '产品大类', '商品类目', '产品分类',
    'productcategory', 'productline', 'productfamily', 'productgroup', 'producttype',
  ],
  batch: [
    '批次', '批号', '生产批号', '生产批次', '批次号', '出厂批号', '批次编号',
    'batch', 'batchno', 'batchnumber', 'batchid', 'lot', 'lotno', 'lotnumber', 'productionbatch',
  ],
  production_date: [
    '生产日期', '出厂日期', '制造日期', '生产时间',
    'productiondate', 'manufacturedate', 'manufacturingdate', 'mfgdate', 'builddate', 'produced',
  ],
  region: [
    '地区', '区域', '省份', '省', '所在地区', '所属区域', '城市', '投诉地区', '大区', '片区',
    'region', 'state', 'province', 'area', 'territory', 'city', 'location',
  ],
  complaint_type: [
    '投诉类型', '投诉类别', '问题类型', '问题分类', '投诉分类', '类型', '投诉原因', '问题类别', '诉求类型',
    'complainttype', 'issue', 'issuetype', 'type', 'category', 'reason', 'complaintcategory', 'problemtype', 'topic',
  ],
  severity: [
    '严重程度', '投诉等级', '等级', '级别', '紧急程度', '严重等级', '投诉级别',
    'severity', 'priority', 'level', 'urgency', 'grade',
  ],
  description: [
    '问题描述', '投诉内容', '投诉描述', '内容', '描述', '详情', '客户反馈', '反馈内容', '事件描述', '问题详情', '投诉详情', '诉求内容', '备注',
    'description', 'narrative', 'complaintnarrative', 'consumercomplaintnarrative', 'text', 'content', 'details', 'comment', 'comments', 'complaint', 'complainttext', 'message', 'body', 'review',
  ],
  customer_demand: [
    '客户诉求', '诉求', '客户要求', '期望处理方式', '处理诉求', '期望结果',
    'customerdemand', 'demand', 'request', 'customerrequest', 'desiredoutcome', 'desiredresolution', 'expectation',
  ],
  department: [
    '处理部门', '责任部门', '部门', '承办部门', '处理单位', '责任单位', '处理组',
    'department', 'dept', 'handlingdepartment', 'responsibledepartment', 'team', 'assignedteam', 'assignedgroup', 'owner', 'company',
  ],
  dispatch_count: [
    '派单次数', '派发次数', '转派次数', '派单数', '重派次数', '流转次数',
    'dispatchcount', 'dispatches', 'assignments', 'reassignments', 'transfercount', 'timesassigned',
  ],
  first_response_at: [
    '首次响应时间', '响应时间', '首次回复时间', '首次联系时间', '回复时间', '派单时间',
    'firstresponseat', 'firstresponse', 'firstresponsetime', 'respondedat', 'responsedate', 'firstreplyat', 'datesenttocompany',
  ],
  resolved_at: [
    '解决时间', '处理完成时间', '办结时间', '完成时间', '处理时间', '解决日期',
    'resolvedat', 'resolved', 'resolutiondate', 'resolveddate', 'solvedat', 'completedat',
  ],
  closed_at: ['关闭时间', '结案时间', '归档时间', '闭环时间', '结单时间', 'closedat', 'closed', 'closedate', 'closeddate'],
  status: [
    '状态', '处理状态', '工单状态', '投诉状态', '办理状态', '当前状态',
    'status', 'ticketstatus', 'casestatus', 'complaintstatus', 'companyresponse', 'companyresponsetoconsumer',
  ],
  resolution: [
    '处理结果', '处理意见', '解决方案', '处理方案', '处理措施', '回复内容', '处理说明', '答复内容',
    'resolution', 'solution', 'outcome', 'result', 'response', 'companypublicresponse', 'actiontaken',
  ],
  compensation: [
    '赔偿金额', '补偿金额', '赔付金额', '赔偿', '补偿', '退款金额', '赔付',
    'compensation', 'compensationamount', 'refund', 'refundamount', 'payout', 'amount',
  ],
  satisfaction: [
    '满意度', '客户满意度', '回访满意度', '满意度评价', '评价', '回访结果', '满意度评分',
    'satisfaction', 'csat', 'satisfactionscore', 'rating', 'score', 'customersatisfaction', 'feedbackscore',
  ],
  updated_at: [
    '更新时间', '最后更新时间', '修改时间', '最后修改时间', '变更时间',
    'updatedat', 'updated', 'lastupdated', 'lastmodified', 'modifiedat', 'modified', 'updatedate',
  ],
};

/** Normalise a header for synonym lookup: NFKC, lower case, drop bracketed notes and punctuation. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[(\[（【].*?[)\]）】]/gu, '')
    .replace(/[\s_\-./:?？*#'"’，,、]+/gu, '')
    .trim();
}
