// The fictional appliance maker's product range: categories and models.
// Volumes and complaint rates are relative: the generator scales them so the export has exactly the
// requested number of rows, so only their ratios matter (which models sell more, which complain more).

export type CategoryKey =
  'fridge' | 'washer' | 'ac' | 'heater' | 'hob' | 'hood' | 'purifier' | 'microwave' | 'dishwasher';

export interface Category {
  key: CategoryKey;
  zh: string;
  en: string;
  /** Relative lifetime product-fault complaints per unit sold. */
  qualityRate: number;
  /** Relative lifetime delivery/installation/price/contract/service complaints per unit sold. */
  salesRate: number;
  /** Weight of installation complaints among the sales-related ones (no installer for a microwave). */
  installWeight: number;
  /** Production seasonality by month (index 0 = January): stock is built before the selling season. */
  productionSeason: readonly number[];
  /** When faults get noticed, by month: air conditioners fail on the first hot days, heaters in winter. */
  faultSeason: readonly number[];
  /** Typical gift in promotions, for gift complaints. */
  giftsZh: readonly string[];
  giftsEn: readonly string[];
}

export interface ProductModel {
  code: string;
  /** Model part of the batch code, unique across models (B2025W14-BCD520). */
  short: string;
  category: CategoryKey;
  /** Typical units per weekly batch. */
  weeklyUnits: number;
  /** Model quality factor around 1 (some designs fail more than others). */
  rateFactor: number;
  price: number;
  /** Months before endDate when the model was launched (undefined: on sale throughout). */
  launchedMonthsBeforeEnd?: number;
  /** Months before endDate when production stopped. */
  discontinuedMonthsBeforeEnd?: number;
}

const FLAT = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] as const;

export const CATEGORIES: readonly Category[] = [
  {
    key: 'fridge',
    zh: '冰箱',
    en: 'Refrigerator',
    qualityRate: 0.9,
    salesRate: 0.6,
    installWeight: 0.25,
    productionSeason: [0.9, 0.8, 1, 1, 1.1, 1.1, 1.1, 1, 1.05, 1.15, 1.1, 0.9],
    faultSeason: [0.85, 0.8, 0.9, 1, 1.1, 1.25, 1.35, 1.3, 1.1, 0.95, 0.85, 0.85],
    giftsZh: ['保鲜盒', '电水壶', '除味剂'],
    giftsEn: ['storage box set', 'electric kettle', 'odour absorber'],
  },
  {
    key: 'washer',
    zh: '洗衣机',
    en: 'Washing machine',
    qualityRate: 1.0,
    salesRate: 0.64,
    installWeight: 0.6,
    productionSeason: [0.95, 0.8, 1, 1, 1.05, 1.1, 1, 1, 1.05, 1.15, 1.1, 0.95],
    faultSeason: FLAT,
    giftsZh: ['洗衣液', '防震垫', '脏衣篮'],
    giftsEn: ['laundry detergent', 'anti-vibration pads', 'laundry basket'],
  },
  {
    key: 'ac',
    zh: '空调',
    en: 'Air conditioner',
    qualityRate: 1.1,
    salesRate: 0.88,
    installWeight: 2.6,
    productionSeason: [0.9, 1.1, 1.4, 1.5, 1.4, 1.2, 0.9, 0.7, 0.7, 0.8, 0.8, 0.8],
    faultSeason: [0.8, 0.75, 0.7, 0.8, 1.1, 1.55, 1.7, 1.6, 1.1, 0.8, 0.8, 0.85],
    giftsZh: ['空调罩', '遥控器支架', '延保卡'],
    giftsEn: ['AC cover', 'remote holder', 'extended warranty card'],
  },
  {
    key: 'heater',
    zh: '热水器',
    en: 'Water heater',
    qualityRate: 1.0,
    salesRate: 0.72,
    installWeight: 1.6,
    productionSeason: [1.1, 0.8, 0.9, 0.9, 0.9, 0.9, 0.9, 1, 1.15, 1.25, 1.25, 1.1],
    faultSeason: [1.35, 1.3, 1.1, 0.95, 0.85, 0.8, 0.75, 0.8, 0.9, 1, 1.15, 1.35],
    giftsZh: ['电水壶', '花洒', '安装软管'],
    giftsEn: ['electric kettle', 'shower head', 'installation hose'],
  },
  {
    key: 'hob',
    zh: '燃气灶',
    en: 'Gas hob',
    qualityRate: 0.85,
    salesRate: 0.6,
    installWeight: 1.0,
    productionSeason: FLAT,
    faultSeason: [1.15, 1.2, 1, 0.95, 0.95, 0.9, 0.9, 0.9, 0.95, 1, 1.05, 1.1],
    giftsZh: ['不粘锅', '燃气报警器', '灶具支架'],
    giftsEn: ['non-stick pan', 'gas alarm', 'pan support'],
  },
  {
    key: 'hood',
    zh: '油烟机',
    en: 'Range hood',
    qualityRate: 0.9,
    salesRate: 0.64,
    installWeight: 1.4,
    productionSeason: FLAT,
    faultSeason: FLAT,
    giftsZh: ['不粘锅', '油杯', '清洁剂'],
    giftsEn: ['non-stick pan', 'oil cup', 'degreaser'],
  },
  {
    key: 'purifier',
    zh: '净水器',
    en: 'Water purifier',
    qualityRate: 1.15,
    salesRate: 0.68,
    installWeight: 1.3,
    productionSeason: FLAT,
    faultSeason: [0.9, 0.9, 0.95, 1, 1.05, 1.1, 1.15, 1.1, 1, 0.95, 0.9, 0.9],
    giftsZh: ['替换滤芯', 'TDS测试笔', '前置过滤器'],
    giftsEn: ['replacement filter', 'TDS pen', 'pre-filter'],
  },
  {
    key: 'microwave',
    zh: '微波炉',
    en: 'Microwave oven',
    qualityRate: 0.65,
    salesRate: 0.48,
    installWeight: 0.1,
    productionSeason: FLAT,
    faultSeason: FLAT,
    giftsZh: ['微波炉饭盒', '防溅盖', '烤盘'],
    giftsEn: ['microwave lunch box', 'splatter cover', 'baking tray'],
  },
  {
    key: 'dishwasher',
    zh: '洗碗机',
    en: 'Dishwasher',
    qualityRate: 1.05,
    salesRate: 0.68,
    installWeight: 1.2,
    productionSeason: [1, 0.85, 0.95, 1, 1, 1.05, 1, 1, 1.05, 1.15, 1.1, 0.95],
    faultSeason: FLAT,
    giftsZh: ['洗碗块', '软水盐', '漂洗剂'],
    giftsEn: ['detergent tablets', 'softener salt', 'rinse aid'],
  },
];

export const CATEGORY_INDEX: Record<CategoryKey, number> = Object.fromEntries(
  CATEGORIES.map((c, i) => [c.key, i]),
) as Record<CategoryKey, number>;

export const MODELS: readonly ProductModel[] = [
  {
    code: 'BCD-520W',
    short: 'BCD520',
    category: 'fridge',
    weeklyUnits: 2400,
    rateFactor: 1.0,
    price: 4599,
  },
  {
    code: 'BCD-401WDPT',
    short: 'BCD401',
    category: 'fridge',
    weeklyUnits: 1800,
    rateFactor: 0.9,
    price: 3299,
  },
  {
    code: 'BCD-258WD',
    short: 'BCD258',
    category: 'fridge',
    weeklyUnits: 1500,
    rateFactor: 1.2,
    price: 1899,
    discontinuedMonthsBeforeEnd: 8,
  },
  {
    code: 'BCD-186T',
    short: 'BCD186',
    category: 'fridge',
    weeklyUnits: 1100,
    rateFactor: 0.8,
    price: 1099,
  },
  {
    code: 'BCD-603WGS',
    short: 'BCD603',
    category: 'fridge',
    weeklyUnits: 900,
    rateFactor: 1.1,
    price: 6999,
    launchedMonthsBeforeEnd: 14,
  },
  {
    code: 'XQG100-BD14',
    short: 'XQG100',
    category: 'washer',
    weeklyUnits: 2200,
    rateFactor: 1.0,
    price: 2799,
  },
  {
    code: 'XQB80-TS30',
    short: 'XQB80',
    category: 'washer',
    weeklyUnits: 1900,
    rateFactor: 0.8,
    price: 1199,
  },
  {
    code: 'XQG80-HB12',
    short: 'XQG80',
    category: 'washer',
    weeklyUnits: 1300,
    rateFactor: 1.1,
    price: 2199,
  },
  {
    code: 'XQG120-DS',
    short: 'XQG120',
    category: 'washer',
    weeklyUnits: 700,
    rateFactor: 1.2,
    price: 4999,
    launchedMonthsBeforeEnd: 18,
  },
  {
    code: 'KFR-35GW/BP3',
    short: 'KFR35',
    category: 'ac',
    weeklyUnits: 2600,
    rateFactor: 1.0,
    price: 2899,
  },
  {
    code: 'KFR-26GW/N1',
    short: 'KFR26',
    category: 'ac',
    weeklyUnits: 2100,
    rateFactor: 0.9,
    price: 2399,
  },
  {
    code: 'KFR-72LW/BP2',
    short: 'KFR72',
    category: 'ac',
    weeklyUnits: 800,
    rateFactor: 1.2,
    price: 6999,
  },
  {
    code: 'KFR-50LW/D1',
    short: 'KFR50',
    category: 'ac',
    weeklyUnits: 600,
    rateFactor: 1.1,
    price: 5199,
  },
  {
    code: 'F60-21W3',
    short: 'F6021',
    category: 'heater',
    weeklyUnits: 1500,
    rateFactor: 1.0,
    price: 1299,
  },
  {
    code: 'F80-32A5',
    short: 'F8032',
    category: 'heater',
    weeklyUnits: 1700,
    rateFactor: 1.0,
    price: 1799,
  },
  {
    code: 'JSQ30-16WT',
    short: 'JSQ30',
    category: 'heater',
    weeklyUnits: 1000,
    rateFactor: 1.1,
    price: 2599,
  },
  {
    code: 'F50-15A1',
    short: 'F5015',
    category: 'heater',
    weeklyUnits: 900,
    rateFactor: 0.8,
    price: 899,
    discontinuedMonthsBeforeEnd: 10,
  },
  {
    code: 'JZT-Q330B',
    short: 'Q330B',
    category: 'hob',
    weeklyUnits: 1600,
    rateFactor: 1.0,
    price: 1299,
  },
  {
    code: 'JZY-Q236',
    short: 'Q236',
    category: 'hob',
    weeklyUnits: 1200,
    rateFactor: 0.9,
    price: 899,
  },
  {
    code: 'JZT-Q510',
    short: 'Q510',
    category: 'hob',
    weeklyUnits: 800,
    rateFactor: 1.1,
    price: 2199,
  },
  {
    code: 'CXW-260-A7',
    short: 'CXW260',
    category: 'hood',
    weeklyUnits: 1500,
    rateFactor: 1.0,
    price: 2499,
  },
  {
    code: 'CXW-220-T15',
    short: 'CXW220',
    category: 'hood',
    weeklyUnits: 1200,
    rateFactor: 0.9,
    price: 1599,
  },
  {
    code: 'CXW-300-J9',
    short: 'CXW300',
    category: 'hood',
    weeklyUnits: 700,
    rateFactor: 1.1,
    price: 3999,
  },
  {
    code: 'MRO-400G',
    short: 'MRO400',
    category: 'purifier',
    weeklyUnits: 1300,
    rateFactor: 1.0,
    price: 1999,
  },
  {
    code: 'MRO-600X',
    short: 'MRO600',
    category: 'purifier',
    weeklyUnits: 900,
    rateFactor: 1.1,
    price: 2999,
  },
  {
    code: 'MRC-75A',
    short: 'MRC75',
    category: 'purifier',
    weeklyUnits: 600,
    rateFactor: 0.9,
    price: 999,
  },
  {
    code: 'M1-L213B',
    short: 'M1L213',
    category: 'microwave',
    weeklyUnits: 1400,
    rateFactor: 0.8,
    price: 499,
  },
  {
    code: 'M3-L251C',
    short: 'M3L251',
    category: 'microwave',
    weeklyUnits: 1000,
    rateFactor: 0.9,
    price: 799,
  },
  {
    code: 'EG823MF',
    short: 'EG823',
    category: 'microwave',
    weeklyUnits: 800,
    rateFactor: 1.0,
    price: 699,
  },
  {
    code: 'WQP12-V5',
    short: 'WQP12',
    category: 'dishwasher',
    weeklyUnits: 700,
    rateFactor: 1.1,
    price: 3999,
  },
  {
    code: 'WQP8-S3',
    short: 'WQP8',
    category: 'dishwasher',
    weeklyUnits: 500,
    rateFactor: 1.0,
    price: 2599,
    launchedMonthsBeforeEnd: 20,
  },
];
