// Composes the free-text fields of a complaint (description, customer demand, resolution) from the
// language's template bank, the complaint's root cause and its facts (product, time in use, amounts).

import { civil } from './calendar.ts';
import { ROOT_CAUSES, type RootCause } from './causes.ts';
import type { ExcerptsByTheme } from './excerpts.ts';
import { fakeEmail, fakeIdCard, fakeMobile } from './pii.ts';
import { CATEGORIES, MODELS } from './products.ts';
import type { Rng } from './prng.ts';
import { PROVINCES, type Lang, type StatusKey } from './taxonomy.ts';
import { TemplateSet, type SlotFn } from './template.ts';

export interface CauseText {
  core: string[];
  detail?: string[];
  demand: string[];
  fix: string[];
}

export type ResolutionGroup =
  'fault' | 'logistics' | 'install' | 'service' | 'price' | 'contract' | 'other';

export interface NarrativeBank {
  causes: Record<string, CauseText>;
  openers: string[];
  openersNoProduct: string[];
  history: string[];
  emotion: string[];
  escalation: string[];
  repeatPrefix: string[];
  pendingByGroup: Record<ResolutionGroup, string[]>;
  resolvedSuffix: string[];
  compensationSuffix: string[];
  denial: string[];
  refund: string[];
  pii: {
    phone: string[];
    email: string[];
    idCard: string[];
    demandPhone: string[];
    resolutionPhone: string[];
  };
  separator: string;
  sentenceEnd: string;
  exclaim: string;
}

/** Facts about one complaint that the text must agree with. */
export interface NarrativeFacts {
  cause: number;
  model: number; // -1: no product recorded
  channel: number;
  region: number;
  receivedDay: number;
  saleDay: number;
  repeatNo: number;
  status: StatusKey;
  compensation: number;
  /** The compensation is a full refund of the product price. */
  refund: boolean;
  denied: boolean;
}

export interface NarrativeText {
  description: string;
  demand: string;
  resolution: string;
}

interface CompiledCause {
  core: TemplateSet;
  detail: TemplateSet;
  demand: TemplateSet;
  fix: TemplateSet;
  excerpts: string[];
  resolutionGroup: ResolutionGroup;
}

const MODEL_CATEGORY = MODELS.map((m) => CATEGORIES.find((c) => c.key === m.category)!);
const ZH_NUM = ['零', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

function resolutionGroup(c: RootCause): ResolutionGroup {
  if (c.group === 'fault') return c.type === 'attitude' ? 'service' : 'fault';
  if (c.key.startsWith('install_')) return 'install';
  switch (c.type) {
    case 'logistics':
      return 'logistics';
    case 'attitude':
      return 'service';
    case 'price':
      return 'price';
    case 'contract':
      return 'contract';
    default:
      return 'other';
  }
}

export class Narrator {
  readonly lang: Lang;
  readonly bank: NarrativeBank;
  readonly causes: CompiledCause[];
  readonly openers: TemplateSet;
  readonly openersNoProduct: TemplateSet;
  readonly history: TemplateSet;
  readonly emotion: TemplateSet;
  readonly escalation: TemplateSet;
  readonly repeatPrefix: TemplateSet;
  readonly pending: Record<ResolutionGroup, TemplateSet>;
  readonly resolvedSuffix: TemplateSet;
  readonly compensationSuffix: TemplateSet;
  readonly denial: TemplateSet;
  readonly refund: TemplateSet;
  readonly pii: Record<keyof NarrativeBank['pii'], TemplateSet>;
  readonly genericQuality: string[];

  // Per-call state read by the slot function (avoids allocating a closure per complaint).
  private facts: NarrativeFacts | null = null;
  private rng: Rng | null = null;
  private readonly slotFn: SlotFn;

  constructor(lang: Lang, bank: NarrativeBank, excerpts: ExcerptsByTheme) {
    this.lang = lang;
    this.bank = bank;
    this.causes = ROOT_CAUSES.map((c) => {
      const t = bank.causes[c.key];
      if (!t) throw new Error(`no ${lang} narrative for root cause ${c.key}`);
      return {
        core: new TemplateSet(t.core),
        detail: new TemplateSet(t.detail ?? []),
        demand: new TemplateSet(t.demand),
        fix: new TemplateSet(t.fix),
        excerpts: lang === 'zh' && c.excerptTheme ? (excerpts.get(c.excerptTheme) ?? []) : [],
        resolutionGroup: resolutionGroup(c),
      };
    });
    this.genericQuality = lang === 'zh' ? (excerpts.get('quality_generic') ?? []) : [];
    this.openers = new TemplateSet(bank.openers);
    this.openersNoProduct = new TemplateSet(bank.openersNoProduct);
    this.history = new TemplateSet(bank.history);
    this.emotion = new TemplateSet(bank.emotion);
    this.escalation = new TemplateSet(bank.escalation);
    this.repeatPrefix = new TemplateSet(bank.repeatPrefix);
    this.pending = Object.fromEntries(
      Object.entries(bank.pendingByGroup).map(([k, v]) => [k, new TemplateSet(v)]),
    ) as Record<ResolutionGroup, TemplateSet>;
    this.resolvedSuffix = new TemplateSet(bank.resolvedSuffix);
    this.compensationSuffix = new TemplateSet(bank.compensationSuffix);
    this.denial = new TemplateSet(bank.denial);
    this.refund = new TemplateSet(bank.refund);
    this.pii = Object.fromEntries(
      Object.entries(bank.pii).map(([k, v]) => [k, new TemplateSet(v)]),
    ) as Record<keyof NarrativeBank['pii'], TemplateSet>;
    this.slotFn = (name) => this.slot(name);
  }

  compose(facts: NarrativeFacts, rng: Rng): NarrativeText {
    this.facts = facts;
    this.rng = rng;
    const cause = ROOT_CAUSES[facts.cause];
    const text = this.causes[facts.cause];
    const zh = this.lang === 'zh';
    const sentences: string[] = [];

    if (facts.repeatNo > 0)
      sentences.push(this.end(this.repeatPrefix.expand(rng, this.slotFn), false));
    let first = text.core.expand(rng, this.slotFn);
    if (text.detail.size > 0 && rng.chance(0.5))
      first += this.bank.separator + text.detail.expand(rng, this.slotFn);
    const hasProduct = facts.model >= 0;
    if (rng.chance(hasProduct ? 0.45 : 0.3)) {
      const opener = (hasProduct ? this.openers : this.openersNoProduct).expand(rng, this.slotFn);
      if (zh) first = opener + first;
      else if (opener) sentences.push(this.end(opener, false));
    }
    sentences.push(this.end(first, false));
    if (rng.chance(cause.group === 'fault' || cause.type === 'attitude' ? 0.22 : 0.1))
      sentences.push(this.end(this.history.expand(rng, this.slotFn), false));
    if (text.excerpts.length > 0 && rng.chance(0.18))
      sentences.push(this.end(rng.pick(text.excerpts), false));
    else if (cause.group === 'fault' && this.genericQuality.length > 0 && rng.chance(0.05))
      sentences.push(this.end(rng.pick(this.genericQuality), false));
    if (rng.chance(0.35))
      sentences.push(this.end(this.emotion.expand(rng, this.slotFn), rng.chance(0.4)));
    const external = facts.channel >= 7; // 12315, 黑猫投诉, 微博: people who go there threaten more
    if (rng.chance(external ? 0.3 : 0.06))
      sentences.push(this.end(this.escalation.expand(rng, this.slotFn), rng.chance(0.5)));
    const piiDraw = rng.next();
    if (piiDraw < 0.015) sentences.push(this.end(this.pii.phone.expand(rng, this.slotFn), false));
    else if (piiDraw < 0.021)
      sentences.push(this.end(this.pii.email.expand(rng, this.slotFn), false));
    else if (piiDraw < 0.026)
      sentences.push(this.end(this.pii.idCard.expand(rng, this.slotFn), false));
    const joiner = rng.chance(0.03) ? '\n' : zh ? '' : ' ';
    const description = sentences.join(joiner);

    let demand = '';
    if (rng.chance(0.92)) {
      demand = text.demand.expand(rng, this.slotFn);
      if (rng.chance(0.015))
        demand += this.bank.separator + this.pii.demandPhone.expand(rng, this.slotFn);
    }

    let resolution = '';
    if (facts.status === 'inProgress') {
      resolution = this.pending[text.resolutionGroup].expand(rng, this.slotFn);
    } else if (facts.status === 'resolved' || facts.status === 'closed') {
      if (facts.denied) resolution = this.denial.expand(rng, this.slotFn);
      else if (facts.refund)
        resolution =
          this.refund.expand(rng, this.slotFn) + this.resolvedSuffix.expand(rng, this.slotFn);
      else {
        resolution = text.fix.expand(rng, this.slotFn);
        if (facts.compensation > 0 && rng.chance(0.7))
          resolution += this.compensationSuffix.expand(rng, this.slotFn);
        resolution += this.resolvedSuffix.expand(rng, this.slotFn);
      }
      if (rng.chance(0.004))
        resolution += this.bank.separator + this.pii.resolutionPhone.expand(rng, this.slotFn);
    }
    this.facts = null;
    this.rng = null;
    return { description, demand, resolution };
  }

  private end(text: string, exclaim: boolean): string {
    if (!text) return text;
    if (this.lang === 'zh') {
      const last = text[text.length - 1];
      if (last === '。' || last === '！' || last === '？') return text;
      return text + (exclaim ? this.bank.exclaim : this.bank.sentenceEnd);
    }
    const capital = text[0].toUpperCase() + text.slice(1);
    const last = capital[capital.length - 1];
    if (last === '.' || last === '!' || last === '?') return capital;
    return capital + (exclaim ? '!' : '.');
  }

  private num(n: number): string {
    if (this.lang === 'en') return String(n);
    return n <= 12 && this.rng!.chance(0.7) ? ZH_NUM[n] : String(n);
  }

  private slot(name: string): string {
    const f = this.facts!;
    const rng = this.rng!;
    const zh = this.lang === 'zh';
    switch (name) {
      case 'cat':
        if (f.model < 0) return zh ? '产品' : 'appliance';
        return zh ? MODEL_CATEGORY[f.model].zh : MODEL_CATEGORY[f.model].en.toLowerCase();
      case 'model':
        return f.model >= 0 ? MODELS[f.model].code : zh ? '这台机器' : 'the unit';
      case 'used':
      case 'used2':
        return this.timeInUse(Math.max(0, f.receivedDay - f.saleDay), name === 'used2');
      case 'bought':
        return this.purchaseTime(f.saleDay, f.receivedDay);
      case 'shop':
        return this.shop(f.channel);
      case 'n':
        return this.num(rng.between(2, 5));
      case 'days':
        return String(rng.between(3, 25));
      case 'hours':
        return String(rng.pick([24, 48, 72]));
      case 'fee':
        return String(rng.between(5, 40) * 10);
      case 'money':
        return String(rng.between(2, 16) * 50);
      case 'db':
        return String(rng.between(45, 62));
      case 'tds':
        return String(rng.between(60, 220));
      case 'gift': {
        if (f.model < 0) return zh ? '赠品' : 'gift';
        const cat = MODEL_CATEGORY[f.model];
        return rng.pick(zh ? cat.giftsZh : cat.giftsEn);
      }
      case 'date': {
        const c = civil(f.receivedDay + rng.between(1, 5));
        return zh
          ? `${c.month}月${c.day}日`
          : `${c.year}-${String(c.month).padStart(2, '0')}-${String(c.day).padStart(2, '0')}`;
      }
      case 'comp':
        return zh ? String(f.compensation) : `¥${f.compensation}`;
      case 'phone':
        return fakeMobile(rng);
      case 'email':
        return fakeEmail(rng);
      case 'idcard':
        return fakeIdCard(rng, PROVINCES[f.region].idPrefix);
      default:
        throw new Error(`unknown narrative slot <${name}>`);
    }
  }

  private timeInUse(days: number, short: boolean): string {
    const rng = this.rng!;
    if (this.lang === 'en') {
      if (days < 14)
        return short
          ? `${Math.max(1, days)} days`
          : rng.pick([
              `only ${Math.max(1, days)} days after delivery`,
              'within the first week',
              'almost straight away',
            ]);
      if (days < 60)
        return short
          ? 'a few weeks'
          : rng.pick([
              'after a few weeks',
              `after about ${Math.max(2, Math.round(days / 7))} weeks`,
              'within the first month',
            ]);
      const months = Math.round(days / 30);
      if (days < 365)
        return short
          ? `${months} months`
          : rng.pick([
              `after ${months} months`,
              `after less than ${months + 1} months`,
              `${months} months after we bought it`,
            ]);
      return short
        ? 'over a year'
        : rng.pick(['after just over a year', `after ${Math.floor(days / 365)} year(s) of use`]);
    }
    if (days < 14)
      return short
        ? `${this.num(Math.max(1, days))}天`
        : rng.pick([
            `刚买${this.num(Math.max(2, days))}天`,
            '刚买没几天',
            `收货第${this.num(Math.max(1, days))}天`,
            '刚用一周',
          ]);
    if (days < 60)
      return short
        ? '一个多月'
        : rng.pick([
            '用了一个多月',
            '买了不到两个月',
            `用了${this.num(Math.max(2, Math.round(days / 7)))}周`,
          ]);
    const months = Math.round(days / 30);
    if (days < 365)
      return short
        ? `${this.num(months)}个月`
        : rng.pick([
            `用了${this.num(months)}个月`,
            `用了不到${this.num(Math.min(12, months + 1))}个月`,
            months >= 5 && months <= 7 ? '买了半年' : `买了${this.num(months)}个月`,
          ]);
    return short
      ? '一年多'
      : rng.pick(['用了一年多', `买了${this.num(Math.max(1, Math.floor(days / 365)))}年多`]);
  }

  private purchaseTime(saleDay: number, receivedDay: number): string {
    const rng = this.rng!;
    const s = civil(saleDay);
    const r = civil(receivedDay);
    const monthsAgo = (r.year - s.year) * 12 + (r.month - s.month);
    if (this.lang === 'en') {
      if (monthsAgo === 0)
        return rng.chance(0.5)
          ? `on ${s.year}-${String(s.month).padStart(2, '0')}-${String(s.day).padStart(2, '0')}`
          : 'this month';
      if (monthsAgo === 1) return 'last month';
      return `in ${['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][s.month - 1]} ${s.year}`;
    }
    if (monthsAgo === 0) return rng.chance(0.6) ? `${s.month}月${s.day}日` : '这个月初';
    if (monthsAgo === 1) return rng.chance(0.5) ? '上个月' : `${s.month}月${s.day}日`;
    if (s.year === r.year - 1 && rng.chance(0.5)) return `去年${s.month}月`;
    return `${s.year}年${s.month}月`;
  }

  private shop(channel: number): string {
    const rng = this.rng!;
    const zh = this.lang === 'zh';
    if (channel === 3) return zh ? '京东' : 'JD.com';
    if (channel === 4) return zh ? '天猫旗舰店' : 'the Tmall flagship store';
    if (channel === 5) return zh ? '线下门店' : 'a retail store';
    return zh
      ? rng.pick(['京东', '天猫旗舰店', '官方商城', '线下专卖店', '家电卖场'])
      : rng.pick([
          'JD.com',
          'the Tmall flagship store',
          'the official online shop',
          'a local retail store',
        ]);
  }
}
