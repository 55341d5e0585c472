// Coded values of the sample export (complaint types, channels, regions, departments, statuses) with
// their Chinese and English labels and the shares the generator draws them with.

export type Lang = 'zh' | 'en';

export type TypeKey =
  'quality' | 'logistics' | 'attitude' | 'repair' | 'price' | 'contract' | 'other';

/** The complaint-handling handbook's taxonomy (投诉类型). */
export const COMPLAINT_TYPES: Record<TypeKey, { zh: string; en: string }> = {
  quality: { zh: '产品质量', en: 'Product quality' },
  logistics: { zh: '物流运输', en: 'Logistics' },
  attitude: { zh: '服务态度', en: 'Service attitude' },
  repair: { zh: '售后维修', en: 'After-sales repair' },
  price: { zh: '价格', en: 'Price' },
  contract: { zh: '合同/购销', en: 'Contract/Sales' },
  other: { zh: '其他', en: 'Other' },
};

export interface Channel {
  zh: string;
  en: string;
  share: number;
  /** Probability that the ticket is filed without a complaint type (auto-created tickets often are). */
  untypedShare: number;
  /** Hour-of-day weights, 0-23. */
  hours: readonly number[];
  /** Median first-response delay in hours. */
  responseHours: number;
  /** Staffed hours [from, to): first responses happen then. */
  staffed: readonly [number, number];
}

const OFFICE = [
  0, 0, 0, 0, 0, 0, 0, 0.3, 1.6, 2.6, 2.8, 2.4, 1.6, 2.0, 2.6, 2.6, 2.3, 1.9, 1.2, 1.1, 1.0, 0.7,
  0.1, 0,
];
const ONLINE = [
  0.25, 0.12, 0.06, 0.04, 0.04, 0.08, 0.2, 0.5, 1.0, 1.5, 1.7, 1.6, 1.4, 1.5, 1.6, 1.6, 1.5, 1.4,
  1.3, 1.6, 1.9, 2.0, 1.6, 0.8,
];
const STORE = [
  0, 0, 0, 0, 0, 0, 0, 0, 0, 1.0, 1.6, 1.8, 1.4, 1.4, 1.8, 2.0, 1.9, 1.6, 1.4, 1.6, 1.4, 0.6, 0, 0,
];

/** Shares: the hotline and online service dominate; regulators and social media are rare. */
export const CHANNELS: readonly Channel[] = [
  {
    zh: '客服热线',
    en: 'Hotline',
    share: 34,
    untypedShare: 0.15,
    hours: OFFICE,
    responseHours: 0.6,
    staffed: [8, 21],
  },
  {
    zh: '在线客服',
    en: 'Live chat',
    share: 20,
    untypedShare: 0.25,
    hours: ONLINE,
    responseHours: 1.2,
    staffed: [7, 24],
  },
  {
    zh: '官方APP',
    en: 'Official app',
    share: 13,
    untypedShare: 0.34,
    hours: ONLINE,
    responseHours: 3,
    staffed: [8, 22],
  },
  {
    zh: '京东',
    en: 'JD.com',
    share: 10,
    untypedShare: 0.36,
    hours: ONLINE,
    responseHours: 4,
    staffed: [8, 24],
  },
  {
    zh: '天猫',
    en: 'Tmall',
    share: 9,
    untypedShare: 0.36,
    hours: ONLINE,
    responseHours: 4,
    staffed: [8, 24],
  },
  {
    zh: '门店',
    en: 'Retail store',
    share: 5,
    untypedShare: 0.2,
    hours: STORE,
    responseHours: 2.5,
    staffed: [9, 21],
  },
  {
    zh: '邮件',
    en: 'Email',
    share: 2.5,
    untypedShare: 0.4,
    hours: ONLINE,
    responseHours: 14,
    staffed: [9, 18],
  },
  {
    zh: '12315',
    en: '12315 regulator',
    share: 2,
    untypedShare: 0.3,
    hours: OFFICE,
    responseHours: 22,
    staffed: [9, 17],
  },
  {
    zh: '黑猫投诉',
    en: 'Heimao complaints',
    share: 2,
    untypedShare: 0.32,
    hours: ONLINE,
    responseHours: 18,
    staffed: [9, 18],
  },
  {
    zh: '微博',
    en: 'Weibo',
    share: 2.5,
    untypedShare: 0.42,
    hours: ONLINE,
    responseHours: 2,
    staffed: [8, 23],
  },
];

export const CHANNEL_WEIBO = 9;
export const ESCALATION_CHANNELS = [0, 7, 8, 9] as const; // where repeat complainers go next

export interface Province {
  zh: string;
  en: string;
  /** Resident population, millions (7th census, 2020). */
  population: number;
  south: boolean;
  /** Remote: deliveries take longer. */
  remote: boolean;
  /** First two digits of resident ID numbers issued there. */
  idPrefix: string;
}

export const PROVINCES: readonly Province[] = [
  { zh: '广东', en: 'Guangdong', population: 126.0, south: true, remote: false, idPrefix: '44' },
  { zh: '山东', en: 'Shandong', population: 101.5, south: false, remote: false, idPrefix: '37' },
  { zh: '河南', en: 'Henan', population: 99.4, south: false, remote: false, idPrefix: '41' },
  { zh: '江苏', en: 'Jiangsu', population: 84.7, south: false, remote: false, idPrefix: '32' },
  { zh: '四川', en: 'Sichuan', population: 83.7, south: true, remote: false, idPrefix: '51' },
  { zh: '河北', en: 'Hebei', population: 74.6, south: false, remote: false, idPrefix: '13' },
  { zh: '湖南', en: 'Hunan', population: 66.4, south: true, remote: false, idPrefix: '43' },
  { zh: '浙江', en: 'Zhejiang', population: 64.6, south: true, remote: false, idPrefix: '33' },
  { zh: '安徽', en: 'Anhui', population: 61.0, south: false, remote: false, idPrefix: '34' },
  { zh: '湖北', en: 'Hubei', population: 57.8, south: true, remote: false, idPrefix: '42' },
  { zh: '广西', en: 'Guangxi', population: 50.1, south: true, remote: false, idPrefix: '45' },
  { zh: '云南', en: 'Yunnan', population: 47.2, south: true, remote: false, idPrefix: '53' },
  { zh: '江西', en: 'Jiangxi', population: 45.2, south: true, remote: false, idPrefix: '36' },
  { zh: '辽宁', en: 'Liaoning', population: 42.6, south: false, remote: false, idPrefix: '21' },
  { zh: '福建', en: 'Fujian', population: 41.5, south: true, remote: false, idPrefix: '35' },
  { zh: '陕西', en: 'Shaanxi', population: 39.5, south: false, remote: false, idPrefix: '61' },
  { zh: '贵州', en: 'Guizhou', population: 38.6, south: true, remote: false, idPrefix: '52' },
  { zh: '山西', en: 'Shanxi', population: 34.9, south: false, remote: false, idPrefix: '14' },
  { zh: '重庆', en: 'Chongqing', population: 32.1, south: true, remote: false, idPrefix: '50' },
  {
    zh: '黑龙江',
    en: 'Heilongjiang',
    population: 31.9,
    south: false,
    remote: false,
    idPrefix: '23',
  },
  { zh: '新疆', en: 'Xinjiang', population: 25.9, south: false, remote: true, idPrefix: '65' },
  { zh: '甘肃', en: 'Gansu', population: 25.0, south: false, remote: true, idPrefix: '62' },
  { zh: '上海', en: 'Shanghai', population: 24.9, south: true, remote: false, idPrefix: '31' },
  { zh: '吉林', en: 'Jilin', population: 24.1, south: false, remote: false, idPrefix: '22' },
  {
    zh: '内蒙古',
    en: 'Inner Mongolia',
    population: 24.0,
    south: false,
    remote: true,
    idPrefix: '15',
  },
  { zh: '北京', en: 'Beijing', population: 21.9, south: false, remote: false, idPrefix: '11' },
  { zh: '天津', en: 'Tianjin', population: 13.9, south: false, remote: false, idPrefix: '12' },
  { zh: '海南', en: 'Hainan', population: 10.1, south: true, remote: true, idPrefix: '46' },
  { zh: '宁夏', en: 'Ningxia', population: 7.2, south: false, remote: true, idPrefix: '64' },
  { zh: '青海', en: 'Qinghai', population: 5.9, south: false, remote: true, idPrefix: '63' },
  { zh: '西藏', en: 'Tibet', population: 3.6, south: false, remote: true, idPrefix: '54' },
];

export const PROVINCE_SICHUAN = 4;

export type DeptKey = 'cs' | 'aftersales' | 'qa' | 'logistics' | 'sales' | 'finance';

export const DEPARTMENTS: Record<DeptKey, { zh: string; en: string }> = {
  cs: { zh: '客服中心', en: 'Customer Service Center' },
  aftersales: { zh: '售后服务部', en: 'After-sales Service' },
  qa: { zh: '质量管理部', en: 'Quality Management' },
  logistics: { zh: '物流部', en: 'Logistics' },
  sales: { zh: '销售部', en: 'Sales' },
  finance: { zh: '财务部', en: 'Finance' },
};

export const DEPT_KEYS = Object.keys(DEPARTMENTS) as DeptKey[];

/** Which department a complaint type is routed to, with routing noise. */
export const DEPT_ROUTING: Record<TypeKey, Partial<Record<DeptKey, number>>> = {
  quality: { qa: 0.55, aftersales: 0.4, cs: 0.05 },
  repair: { aftersales: 0.9, cs: 0.1 },
  logistics: { logistics: 0.85, cs: 0.15 },
  attitude: { cs: 0.8, aftersales: 0.2 },
  price: { sales: 0.7, finance: 0.25, cs: 0.05 },
  contract: { sales: 0.55, finance: 0.4, cs: 0.05 },
  other: { cs: 0.9, sales: 0.1 },
};

export type StatusKey = 'closed' | 'resolved' | 'inProgress' | 'pending';

export const STATUSES: Record<StatusKey, { zh: string; en: string }> = {
  closed: { zh: '已关闭', en: 'Closed' },
  resolved: { zh: '已解决', en: 'Resolved' },
  inProgress: { zh: '处理中', en: 'In progress' },
  pending: { zh: '待处理', en: 'Pending' },
};

export const SATISFACTION_WORDS: Record<Lang, readonly string[]> = {
  // index = score - 1
  zh: ['非常不满意', '不满意', '基本满意', '满意', '非常满意'],
  en: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
};
