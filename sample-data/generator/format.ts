// Turns generated complaint records into export rows (Chinese or English headers and values), with the
// format mix of real exports: two timestamp styles, money with or without '¥1,200.00', satisfaction as
// digits, stars or words.

import { TimestampFormatter } from './calendar.ts';
import type { Catalogue } from './batches.ts';
import { ROOT_CAUSES } from './causes.ts';
import type { Narrator } from './narrative.ts';
import { CATEGORIES, CATEGORY_INDEX, MODELS } from './products.ts';
import { csvField } from './csv.ts';
import { Rng } from './prng.ts';
import type { ComplaintRecord } from './rows.ts';
import {
  CHANNELS,
  COMPLAINT_TYPES,
  DEPARTMENTS,
  DEPT_KEYS,
  PROVINCES,
  SATISFACTION_WORDS,
  STATUSES,
  type Lang,
} from './taxonomy.ts';

export const HEADERS: Record<Lang, readonly string[]> = {
  zh: [
    '投诉编号',
    '受理时间',
    '投诉渠道',
    '客户编号',
    '产品型号',
    '产品类别',
    '生产批号',
    '生产日期',
    '地区',
    '投诉类型',
    '问题描述',
    '客户诉求',
    '处理部门',
    '派单次数',
    '首次响应时间',
    '解决时间',
    '关闭时间',
    '处理状态',
    '处理结果',
    '赔偿金额',
    '满意度',
    '更新时间',
  ],
  en: [
    'Complaint ID',
    'Date received',
    'Channel',
    'Customer ID',
    'Product',
    'Product category',
    'Batch',
    'Production date',
    'Region',
    'Complaint type',
    'Description',
    'Customer demand',
    'Department',
    'Dispatch count',
    'First response at',
    'Resolved at',
    'Closed at',
    'Status',
    'Resolution',
    'Compensation',
    'Satisfaction',
    'Updated at',
  ],
};

/** Column positions shared by both header sets. */
export const COL = {
  id: 0,
  received: 1,
  channel: 2,
  customer: 3,
  product: 4,
  category: 5,
  batch: 6,
  productionDate: 7,
  region: 8,
  type: 9,
  description: 10,
  demand: 11,
  department: 12,
  dispatch: 13,
  firstResponse: 14,
  resolved: 15,
  closed: 16,
  status: 17,
  resolution: 18,
  compensation: 19,
  satisfaction: 20,
  updated: 21,
} as const;

/** Columns that may contain commas, quotes or newlines; every other column is a code, label, number or date. */
const FREE_TEXT = new Set<number>([COL.description, COL.demand, COL.resolution, COL.compensation]);

/** The CSV line of a formatted row, quoting only the free-text columns (the others never need it). */
export function rowLine(fields: readonly string[]): string {
  let line = fields[0];
  for (let i = 1; i < fields.length; i++)
    line += ',' + (FREE_TEXT.has(i) ? csvField(fields[i]) : fields[i]);
  return line + '\n';
}

const STARS = ['★☆☆☆☆', '★★☆☆☆', '★★★☆☆', '★★★★☆', '★★★★★'];

function thousands(n: number): string {
  const [int, frac] = n.toFixed(2).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

export class RowFormatter {
  readonly lang: Lang;
  private readonly catalogue: Catalogue;
  private readonly narrator: Narrator;
  private readonly rng: Rng;
  private readonly ts: TimestampFormatter;
  private readonly customerOffset: number;
  private currentDay = -1;
  private currentYmd = '';
  private seq = 0;

  constructor(
    lang: Lang,
    seed: number,
    catalogue: Catalogue,
    narrator: Narrator,
    firstDay: number,
    lastDay: number,
  ) {
    this.lang = lang;
    this.catalogue = catalogue;
    this.narrator = narrator;
    this.rng = new Rng(seed, `text-${lang}`);
    this.ts = new TimestampFormatter(firstDay, lastDay);
    this.customerOffset = new Rng(seed, 'customer-ids').int(100_000_000);
  }

  format(r: ComplaintRecord): string[] {
    const zh = this.lang === 'zh';
    const rng = this.rng;
    const day = Math.floor(r.received / 86_400);
    if (day !== this.currentDay) {
      this.currentDay = day;
      this.currentYmd = this.ts.date(day, false).replace(/-/g, '');
      this.seq = 0;
    }
    this.seq++;
    const ymd = this.currentYmd;
    const seq = String(this.seq).padStart(6, '0');
    const id = zh ? `TS${ymd}${seq}` : `CMP-${ymd}-${seq}`;
    // Multiplying by an odd number not divisible by 5 permutes 0..10^8-1: distinct customers keep distinct ids.
    const customerNo = String(
      (r.customer * 54_435_761 + this.customerOffset) % 100_000_000,
    ).padStart(8, '0');
    const model = r.model >= 0 ? MODELS[r.model] : null;
    const cat = model ? CATEGORIES[CATEGORY_INDEX[model.category]] : null;
    const batch = r.batch >= 0 && r.showBatch ? this.catalogue.batches[r.batch] : null;
    const cause = ROOT_CAUSES[r.cause];
    const text = this.narrator.compose(
      {
        cause: r.cause,
        model: r.model,
        channel: r.channel,
        region: r.region,
        receivedDay: day,
        saleDay: r.saleDay,
        repeatNo: r.repeatNo,
        status: r.status,
        compensation: r.compensation,
        refund: r.refund,
        denied: r.denied,
      },
      rng,
    );
    const t = (s: number) => (Number.isNaN(s) ? '' : this.ts.timestamp(s, r.slash));
    return [
      id,
      t(r.received),
      zh ? CHANNELS[r.channel].zh : CHANNELS[r.channel].en,
      (zh ? 'KH' : 'CU') + customerNo,
      model ? model.code : '',
      cat ? (zh ? cat.zh : cat.en) : '',
      batch ? batch.code : '',
      batch ? this.ts.date(batch.productionDay, r.slash) : '',
      zh ? PROVINCES[r.region].zh : PROVINCES[r.region].en,
      r.typeShown ? COMPLAINT_TYPES[cause.type][this.lang] : '',
      text.description,
      text.demand,
      r.dept >= 0 ? DEPARTMENTS[DEPT_KEYS[r.dept]][this.lang] : '',
      String(r.dispatch),
      t(r.firstResponse),
      t(r.resolved),
      t(r.closed),
      STATUSES[r.status][this.lang],
      text.resolution,
      r.compensation > 0 ? this.money(r.compensation) : '',
      r.satisfaction > 0 ? this.satisfaction(r.satisfaction) : '',
      t(r.updated),
    ];
  }

  private money(amount: number): string {
    const u = this.rng.next();
    if (u < 0.3) return `¥${thousands(amount)}`;
    if (this.lang === 'en') return u < 0.4 ? `CNY ${thousands(amount)}` : String(amount);
    return u < 0.75 ? String(amount) : amount.toFixed(2);
  }

  private satisfaction(score: number): string {
    const u = this.rng.next();
    if (u < 0.55) return String(score);
    if (u < 0.7)
      return this.lang === 'zh' ? `${score}星` : `${score} star${score === 1 ? '' : 's'}`;
    if (u < 0.75) return STARS[score - 1];
    return SATISFACTION_WORDS[this.lang][score - 1];
  }
}
