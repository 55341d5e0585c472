// Root causes: the ground truth behind each generated complaint. Each has its own complaint type,
// routing, resolution time, compensation habits and narrative vocabulary (narratives-zh.ts /
// narratives-en.ts), so that later text clustering can recover them.
//
// Two groups with different timing:
//  - 'fault': a product fault, arrives with the in-service delay after production (see delays.ts) and is
//    tied to the unit's production batch;
//  - 'sales': delivery, installation, price, contract, service: arrives shortly after the sale; the batch
//    is often not recorded.

import type { CategoryKey } from './products.ts';
import type { DeptKey, TypeKey } from './taxonomy.ts';

export type CauseGroup = 'fault' | 'sales';

export interface Compensation {
  /** Probability that a resolved complaint of this cause carries a compensation amount. */
  p: number;
  min: number;
  max: number;
  step: number;
  /** Share of compensated cases that are a full refund of the product price. */
  refund?: number;
}

export interface RootCause {
  key: string;
  zh: string;
  en: string;
  type: TypeKey;
  group: CauseGroup;
  /** Fault causes specific to one category; undefined = any category. */
  category?: CategoryKey;
  weight: number;
  /** Weight multiplier during the 618 and Double-11 promotions. */
  promoBoost?: number;
  /** Weight is multiplied by the category's installWeight. */
  install?: boolean;
  /** Probability that the production batch is filled in. */
  keepBatch: number;
  /** Probability that the product model is filled in. */
  keepProduct: number;
  /** Median days from receipt to resolution. */
  resolveDays: number;
  compensation: Compensation;
  dept?: Partial<Record<DeptKey, number>>;
  /** Theme of the curated review excerpts that may be quoted (sample-data/narratives). */
  excerptTheme?: string;
}

const NONE: Compensation = { p: 0, min: 0, max: 0, step: 1 };
const FAULT_COMP: Compensation = { p: 0.1, min: 100, max: 800, step: 50, refund: 0.25 };

function fault(
  key: string,
  category: CategoryKey,
  zh: string,
  en: string,
  weight: number,
  extra: Partial<RootCause> = {},
): RootCause {
  return {
    key,
    zh,
    en,
    type: 'quality',
    group: 'fault',
    category,
    weight,
    keepBatch: 0.93,
    keepProduct: 1,
    resolveDays: 3,
    compensation: FAULT_COMP,
    ...extra,
  };
}

export const ROOT_CAUSES: readonly RootCause[] = [
  // 冰箱
  fault('fridge_compressor_noise', 'fridge', '压缩机噪音', 'compressor noise', 3),
  fault('fridge_not_cooling', 'fridge', '不制冷', 'not cooling', 3.5, {
    compensation: { p: 0.22, min: 100, max: 600, step: 50, refund: 0.15 },
  }),
  fault('fridge_water_leak', 'fridge', '冷藏室漏水', 'water leak in fridge', 2.5),
  fault('fridge_door_seal', 'fridge', '门封不严结霜', 'door seal and frost', 1.5),
  // 洗衣机
  fault('washer_spin_vibration', 'washer', '脱水震动', 'spin-cycle vibration', 3.5),
  fault('washer_inlet_valve_leak', 'washer', '进水阀漏水', 'inlet valve leak', 2, {
    compensation: { p: 0.2, min: 200, max: 1500, step: 100, refund: 0.1 },
  }),
  fault('washer_drain_fault', 'washer', '不排水', 'drain failure', 2.5),
  fault('washer_door_lock', 'washer', '门锁故障', 'door lock fault', 1.5),
  // 空调
  fault('ac_not_cooling', 'ac', '制冷差缺氟', 'poor cooling / refrigerant', 4),
  fault('ac_outdoor_noise', 'ac', '外机噪音', 'outdoor unit noise', 2),
  fault('ac_indoor_drip', 'ac', '室内机滴水', 'indoor unit dripping', 2.5),
  fault('ac_heating_poor', 'ac', '制热效果差', 'poor heating', 1.5),
  // 热水器
  fault('heater_no_heat', 'heater', '不加热', 'not heating', 3.5, { excerptTheme: 'heater' }),
  fault('heater_leakage_trip', 'heater', '漏电跳闸', 'electric leakage / tripping', 1.5, {
    resolveDays: 2.5,
    compensation: { p: 0.2, min: 200, max: 1000, step: 100, refund: 0.3 },
  }),
  fault('heater_tank_leak', 'heater', '内胆漏水', 'tank leak', 2),
  fault('heater_thermostat', 'heater', '温控失灵', 'thermostat failure', 2, {
    excerptTheme: 'heater',
  }),
  // 燃气灶
  fault('hob_ignition_failure', 'hob', '打不着火', 'ignition failure', 4),
  fault('hob_gas_smell', 'hob', '燃气泄漏气味', 'gas leak smell', 1.5, { resolveDays: 1.5 }),
  fault('hob_flameout', 'hob', '熄火保护异常', 'flame goes out', 2),
  fault('hob_glass_crack', 'hob', '玻璃面板爆裂', 'glass top shattered', 1),
  // 油烟机
  fault('hood_weak_suction', 'hood', '吸力不足', 'weak suction', 4),
  fault('hood_noise', 'hood', '油烟机噪音', 'range hood noise', 3, { excerptTheme: 'noise' }),
  fault('hood_oil_drip', 'hood', '漏油', 'oil dripping', 2),
  // 净水器
  fault('purifier_leak', 'purifier', '净水器漏水', 'purifier leak', 3, {
    compensation: { p: 0.18, min: 100, max: 1200, step: 100, refund: 0.1 },
  }),
  fault('purifier_tds_high', 'purifier', '出水TDS高', 'poor water quality (TDS)', 2.5),
  fault('purifier_filter_life', 'purifier', '滤芯寿命短', 'short filter life', 2),
  fault('purifier_slow_flow', 'purifier', '出水慢废水多', 'slow flow / waste water', 2),
  // 微波炉
  fault('microwave_no_heat', 'microwave', '微波炉不加热', 'microwave not heating', 4),
  fault('microwave_sparking', 'microwave', '打火花', 'sparking', 2.5),
  fault('microwave_panel', 'microwave', '面板按键失灵', 'control panel failure', 2.5),
  // 洗碗机
  fault('dishwasher_not_clean', 'dishwasher', '洗不干净', 'dishes not clean', 4),
  fault('dishwasher_leak', 'dishwasher', '洗碗机漏水', 'dishwasher leak', 2.5),
  fault('dishwasher_dry', 'dishwasher', '烘干差', 'poor drying', 2),

  // After-sales repair of a fault: any category, same timing as faults.
  {
    key: 'repair_repeat',
    zh: '多次维修未修好',
    en: 'repeated repairs',
    type: 'repair',
    group: 'fault',
    weight: 1.3,
    keepBatch: 0.9,
    keepProduct: 1,
    resolveDays: 5,
    compensation: { p: 0.18, min: 100, max: 600, step: 50, refund: 0.25 },
    dept: { aftersales: 0.8, qa: 0.15, cs: 0.05 },
    excerptTheme: 'aftersales',
  },
  {
    key: 'repair_parts_wait',
    zh: '配件缺货久等',
    en: 'waiting for spare parts',
    type: 'repair',
    group: 'fault',
    weight: 1.0,
    keepBatch: 0.85,
    keepProduct: 1,
    resolveDays: 6,
    compensation: { p: 0.12, min: 50, max: 300, step: 50 },
    excerptTheme: 'aftersales',
  },
  {
    key: 'repair_charge',
    zh: '保修期内收费',
    en: 'charged for in-warranty repair',
    type: 'repair',
    group: 'fault',
    weight: 0.7,
    keepBatch: 0.8,
    keepProduct: 1,
    resolveDays: 3,
    compensation: { p: 0.5, min: 50, max: 400, step: 10 },
    dept: { aftersales: 0.7, finance: 0.25, cs: 0.05 },
  },
  {
    key: 'tech_attitude',
    zh: '维修师傅态度差',
    en: 'rude repair technician',
    type: 'attitude',
    group: 'fault',
    weight: 0.6,
    keepBatch: 0.7,
    keepProduct: 0.95,
    resolveDays: 1.5,
    compensation: { p: 0.08, min: 30, max: 200, step: 10 },
    dept: { aftersales: 0.6, cs: 0.4 },
  },

  // Delivery.
  {
    key: 'delivery_late',
    zh: '送货延迟',
    en: 'late delivery',
    type: 'logistics',
    group: 'sales',
    weight: 9,
    promoBoost: 2.2,
    keepBatch: 0.25,
    keepProduct: 0.95,
    resolveDays: 1.8,
    compensation: { p: 0.15, min: 20, max: 200, step: 10 },
    excerptTheme: 'delivery_late',
  },
  {
    key: 'packaging_damaged',
    zh: '包装破损',
    en: 'damaged packaging',
    type: 'logistics',
    group: 'sales',
    weight: 5.5,
    promoBoost: 1.6,
    keepBatch: 0.45,
    keepProduct: 1,
    resolveDays: 2.5,
    compensation: { p: 0.3, min: 50, max: 500, step: 50 },
    excerptTheme: 'packaging_damaged',
  },
  {
    key: 'courier_attitude',
    zh: '送货员态度差/不送上楼',
    en: 'courier would not carry upstairs',
    type: 'logistics',
    group: 'sales',
    weight: 3.5,
    promoBoost: 1.5,
    keepBatch: 0.15,
    keepProduct: 0.9,
    resolveDays: 1.5,
    compensation: { p: 0.25, min: 20, max: 150, step: 10 },
    excerptTheme: 'courier_attitude',
  },
  {
    key: 'wrong_item',
    zh: '送错货少配件',
    en: 'wrong item / missing parts',
    type: 'logistics',
    group: 'sales',
    weight: 2.5,
    promoBoost: 1.4,
    keepBatch: 0.4,
    keepProduct: 1,
    resolveDays: 3,
    compensation: { p: 0.12, min: 20, max: 200, step: 10 },
    excerptTheme: 'wrong_item',
  },
  // Installation.
  {
    key: 'install_no_show',
    zh: '安装师傅爽约',
    en: 'installer no-show',
    type: 'repair',
    group: 'sales',
    weight: 3,
    install: true,
    promoBoost: 1.5,
    keepBatch: 0.3,
    keepProduct: 1,
    resolveDays: 2,
    compensation: { p: 0.1, min: 20, max: 100, step: 10 },
    dept: { aftersales: 0.85, cs: 0.15 },
    excerptTheme: 'install_delay',
  },
  {
    key: 'install_fee',
    zh: '安装乱收费',
    en: 'installation overcharge',
    type: 'repair',
    group: 'sales',
    weight: 3,
    install: true,
    keepBatch: 0.3,
    keepProduct: 1,
    resolveDays: 3,
    compensation: { p: 0.45, min: 50, max: 400, step: 10 },
    dept: { aftersales: 0.7, finance: 0.2, cs: 0.1 },
    excerptTheme: 'install_fee',
  },
  {
    key: 'install_damage',
    zh: '安装不规范致损',
    en: 'damage during installation',
    type: 'repair',
    group: 'sales',
    weight: 1.8,
    install: true,
    keepBatch: 0.35,
    keepProduct: 1,
    resolveDays: 5,
    compensation: { p: 0.4, min: 100, max: 2000, step: 100 },
    dept: { aftersales: 0.85, qa: 0.05, cs: 0.1 },
  },
  // Service.
  {
    key: 'service_attitude',
    zh: '客服态度差',
    en: 'rude customer service',
    type: 'attitude',
    group: 'sales',
    weight: 3.5,
    keepBatch: 0.05,
    keepProduct: 0.6,
    resolveDays: 1,
    compensation: { p: 0.06, min: 20, max: 100, step: 10 },
    excerptTheme: 'service_attitude',
  },
  {
    key: 'service_runaround',
    zh: '推诿扯皮',
    en: 'passed from pillar to post',
    type: 'attitude',
    group: 'sales',
    weight: 3,
    keepBatch: 0.1,
    keepProduct: 0.75,
    resolveDays: 2.5,
    compensation: { p: 0.08, min: 20, max: 200, step: 10 },
    excerptTheme: 'service_attitude',
  },
  {
    key: 'hotline_unreachable',
    zh: '热线难打通不回电',
    en: 'hotline unreachable / no callback',
    type: 'attitude',
    group: 'sales',
    weight: 2,
    keepBatch: 0.03,
    keepProduct: 0.5,
    resolveDays: 1,
    compensation: NONE,
  },
  // Price.
  {
    key: 'price_drop',
    zh: '降价保价不认',
    en: 'price drop, no price protection',
    type: 'price',
    group: 'sales',
    weight: 4,
    promoBoost: 3,
    keepBatch: 0.05,
    keepProduct: 0.95,
    resolveDays: 2,
    compensation: { p: 0.55, min: 50, max: 800, step: 10 },
    excerptTheme: 'price_drop',
  },
  {
    key: 'price_mismatch',
    zh: '结算价与标价不符',
    en: 'charged more than the listed price',
    type: 'price',
    group: 'sales',
    weight: 1.5,
    promoBoost: 2,
    keepBatch: 0.03,
    keepProduct: 0.9,
    resolveDays: 2,
    compensation: { p: 0.5, min: 20, max: 500, step: 10 },
    dept: { sales: 0.5, finance: 0.45, cs: 0.05 },
  },
  // Contract / sales terms.
  {
    key: 'invoice',
    zh: '发票问题',
    en: 'invoice problem',
    type: 'contract',
    group: 'sales',
    weight: 2.5,
    keepBatch: 0.03,
    keepProduct: 0.8,
    resolveDays: 3,
    compensation: NONE,
    dept: { finance: 0.75, sales: 0.2, cs: 0.05 },
    excerptTheme: 'invoice',
  },
  {
    key: 'gift_missing',
    zh: '赠品未兑现',
    en: 'promised gift not delivered',
    type: 'contract',
    group: 'sales',
    weight: 2.5,
    promoBoost: 2,
    keepBatch: 0.05,
    keepProduct: 0.9,
    resolveDays: 4,
    compensation: { p: 0.25, min: 30, max: 300, step: 10 },
    excerptTheme: 'gift_missing',
  },
  {
    key: 'trade_in_subsidy',
    zh: '以旧换新补贴未到账',
    en: 'trade-in subsidy not paid',
    type: 'contract',
    group: 'sales',
    weight: 1.5,
    keepBatch: 0.03,
    keepProduct: 0.9,
    resolveDays: 6,
    compensation: { p: 0.55, min: 100, max: 600, step: 50 },
    dept: { finance: 0.5, sales: 0.45, cs: 0.05 },
  },
  {
    key: 'return_refused',
    zh: '退换货被拒',
    en: 'return refused',
    type: 'contract',
    group: 'sales',
    weight: 2,
    keepBatch: 0.2,
    keepProduct: 1,
    resolveDays: 4,
    compensation: { p: 0.2, min: 0, max: 0, step: 1, refund: 1 },
  },
  // Other.
  {
    key: 'marketing_calls',
    zh: '营销短信电话骚扰',
    en: 'marketing calls and texts',
    type: 'other',
    group: 'sales',
    weight: 1.2,
    keepBatch: 0,
    keepProduct: 0.2,
    resolveDays: 1,
    compensation: NONE,
  },
  {
    key: 'app_binding',
    zh: 'APP配网绑定失败',
    en: 'app pairing fails',
    type: 'other',
    group: 'sales',
    weight: 1.3,
    keepBatch: 0.1,
    keepProduct: 0.95,
    resolveDays: 1.2,
    compensation: NONE,
    dept: { cs: 0.7, aftersales: 0.3 },
  },
  {
    key: 'membership_points',
    zh: '会员积分权益',
    en: 'loyalty points / benefits',
    type: 'other',
    group: 'sales',
    weight: 0.8,
    keepBatch: 0,
    keepProduct: 0.4,
    resolveDays: 2,
    compensation: NONE,
    dept: { cs: 0.6, sales: 0.4 },
  },
];

export const CAUSE_INDEX: Record<string, number> = Object.fromEntries(
  ROOT_CAUSES.map((c, i) => [c.key, i]),
);

export function causeIndex(key: string): number {
  const i = CAUSE_INDEX[key];
  if (i === undefined) throw new Error(`unknown root cause ${key}`);
  return i;
}
