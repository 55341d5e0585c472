// Taxonomy (category, category_source) and severity rules of int_complaints_enriched, on
// hand-written complaints. The rules are documented in docs/metrics.md ("Taxonomy", "Severity").
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../pipeline/db.ts';
import {
  build,
  fixtureDb,
  insertComplaints,
  rows,
  testConfig,
  type ComplaintRow,
} from './helpers.ts';

let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

let seq = 0;
function complaint(fields: Partial<ComplaintRow>): ComplaintRow {
  seq += 1;
  return {
    complaint_id: `T${String(seq).padStart(3, '0')}`,
    received_at: '2024-01-10 10:00:00',
    status: 'open',
    ...fields,
  };
}

async function enriched(cases: ComplaintRow[], config = testConfig()) {
  db = await fixtureDb();
  await insertComplaints(db, cases);
  await build(db, { config });
  const out = await rows(
    db,
    `select e.complaint_id, e.category, e.category_source, c.category_evidence, e.severity_grade, s.severity_reasons, e.is_external, e.is_repeat
     from int_complaints_enriched as e
     join int_complaint_categories as c using (complaint_id)
     join int_complaint_severity as s using (complaint_id)`,
  );
  return new Map(out.map((r) => [r.complaint_id as string, r]));
}

describe('category from complaint_type', () => {
  const cases: [string, string][] = [
    ['质量问题', '产品质量'],
    ['Quality defect', '产品质量'],
    ['送货延迟', '物流运输'],
    ['Shipping delay', '物流运输'],
    ['服务态度', '服务态度'],
    ['Rude staff', '服务态度'],
    ['after-sales repair', '售后维修'],
    ['安装问题', '售后维修'],
    ['价格欺诈', '价格'],
    ['Billing dispute', '价格'],
    ['合同纠纷', '合同/购销'],
    ['虚假宣传', '合同/购销'],
    ['其他', '其他'],
    // Longest pattern wins: 售后服务 (4 chars, 售后维修) beats 态度 (2 chars, 服务态度).
    ['售后服务态度差', '售后维修'],
  ];

  it('maps Chinese and English types through the synonyms', async () => {
    const input = cases.map(([type]) =>
      complaint({ complaint_type: type, description: '快递太慢' }),
    );
    const out = await enriched(input);
    input.forEach((c, i) => {
      const r = out.get(c.complaint_id)!;
      expect({ type: c.complaint_type, category: r.category, source: r.category_source }).toEqual({
        type: c.complaint_type,
        category: cases[i][1],
        source: 'type',
      });
    });
  });

  it('matches ASCII synonyms as whole words only, then falls back to the text', async () => {
    // "fee" must not match "coffee" or "feedback"; the description decides instead.
    const a = complaint({ complaint_type: 'coffee feedback', description: '客服态度恶劣，挂电话' });
    const b = complaint({ complaint_type: 'coffee feedback', description: null });
    const out = await enriched([a, b]);
    expect(out.get(a.complaint_id)).toMatchObject({
      category: '服务态度',
      category_source: 'text',
    });
    expect(out.get(b.complaint_id)).toMatchObject({
      // no whole-word synonym and no keyword: the export's own type is kept as the category
      category: 'coffee feedback',
      category_source: 'export',
      category_evidence: null,
    });
  });
});

describe('category from the description (keyword classifier)', () => {
  it('scores keywords and keeps the best category', async () => {
    const cases = {
      logistics: complaint({ description: '快递送货太慢了，等了一个星期' }), // 快递 3 + 送货 3 + 太慢 1 + 等了 1
      service: complaint({ description: '客服态度恶劣，挂电话' }), // 客服 2 + 态度 3 + 恶劣 2 + 挂电话 3
      english: complaint({ description: 'The washer stopped working after a week' }), // stopped working 3
      repair: complaint({ description: '师傅上门安装，弄坏了墙' }), // 师傅 2 + 上门 2 + 安装 3
      price: complaint({ description: '刚买就降价，要求保价' }), // 降价 3 + 保价 3
      contract: complaint({ description: '订单被取消，发票一直不给开' }), // 订单 2 + 发票 3
      quality: complaint({ complaint_type: '', description: '冰箱不制冷，质量太差' }), // empty type = no type
    };
    const out = await enriched(Object.values(cases));
    const got = (c: ComplaintRow) => out.get(c.complaint_id)!;
    expect(got(cases.logistics)).toMatchObject({ category: '物流运输', category_source: 'text' });
    expect(got(cases.service)).toMatchObject({ category: '服务态度', category_source: 'text' });
    expect(got(cases.english)).toMatchObject({
      category: '产品质量',
      category_source: 'text',
      category_evidence: 'stopped working',
    });
    expect(got(cases.repair)).toMatchObject({ category: '售后维修', category_source: 'text' });
    expect(got(cases.price)).toMatchObject({ category: '价格', category_source: 'text' });
    expect(got(cases.contract)).toMatchObject({ category: '合同/购销', category_source: 'text' });
    expect(got(cases.quality)).toMatchObject({ category: '产品质量', category_source: 'text' });
  });

  it('needs minTextScore (2) and breaks ties by category priority', async () => {
    const weak = complaint({ description: '服务还行吧' }); // 服务 1 < 2
    const tie = complaint({ description: '价格和合同都有问题' }); // 价格 3 = 合同 3 → 价格 comes first
    const nothing = complaint({ description: '请尽快联系我' });
    const out = await enriched([weak, tie, nothing]);
    expect(out.get(weak.complaint_id)).toMatchObject({
      category: '其他',
      category_source: 'default',
    });
    expect(out.get(tie.complaint_id)).toMatchObject({ category: '价格', category_source: 'text' });
    expect(out.get(nothing.complaint_id)).toMatchObject({
      category: '其他',
      category_source: 'default',
    });
  });

  it('follows the configured lexicons (add, re-weight, remove)', async () => {
    const type = complaint({ complaint_type: '漏发商品', description: null });
    const text = complaint({ description: '这个价太坑了' });
    const removed = complaint({ complaint_type: '服务', description: null });
    const config = testConfig({
      taxonomy: {
        typeSynonyms: { 漏发: '物流运输', 服务: null },
        keywords: { 价格: { 太坑: 3 } },
      },
    });
    const out = await enriched([type, text, removed], config);
    expect(out.get(type.complaint_id)).toMatchObject({
      category: '物流运输',
      category_source: 'type',
    });
    expect(out.get(text.complaint_id)).toMatchObject({ category: '价格', category_source: 'text' });
    // A type the (edited) lexicon no longer knows, with no description to score: kept as the
    // export's own category, not folded into 其他.
    expect(out.get(removed.complaint_id)).toMatchObject({
      category: '服务',
      category_source: 'export',
    });
  });

  it('keeps an unknown export category as itself, never reads the component, and tells service brakes from staff service', async () => {
    const unknown = complaint({ complaint_type: 'Debt is not mine', description: null });
    const brakes = complaint({ complaint_type: 'SERVICE BRAKES', description: null });
    const narrative = complaint({
      description: 'THE SERVICE BRAKES FAILED AND THE CAR DID NOT STOP',
    });
    const staff = complaint({ description: 'the customer service staff hung up on me' });
    const none = complaint({ description: 'hello' });
    const componentOnly = complaint({ component: 'CUSTOMER SERVICE PORTAL' });
    const out = await enriched([unknown, brakes, narrative, staff, none, componentOnly]);
    expect(out.get(componentOnly.complaint_id)).toMatchObject({
      category: '其他',
      category_source: 'default',
    });
    expect(out.get(unknown.complaint_id)).toMatchObject({
      category: 'Debt is not mine',
      category_source: 'export',
    });
    expect(out.get(brakes.complaint_id)).toMatchObject({
      category: '产品质量',
      category_source: 'type',
    });
    expect(out.get(narrative.complaint_id)).toMatchObject({
      category: '产品质量',
      category_source: 'text',
    });
    expect(out.get(staff.complaint_id)).toMatchObject({ category: '服务态度' });
    expect(out.get(none.complaint_id)).toMatchObject({
      category: '其他',
      category_source: 'default',
    });
  });
});

describe('severity_grade', () => {
  it('applies the documented rules', async () => {
    const c = {
      fire: complaint({ description: '使用时突然起火' }),
      englishFire: complaint({ description: 'The charger caught fire last night' }),
      notFire: complaint({ description: 'I was fired up about the fireplace' }), // whole words only
      external: complaint({ channel: '黑猫投诉' }),
      overThreshold: complaint({ compensation: 1500 }),
      atThreshold: complaint({ compensation: 1000 }), // strictly above the threshold only
      explicitUrgent: complaint({ severity: '紧急' }),
      explicitLow: complaint({ severity: 'low', description: '插座漏电' }), // the export cannot lower
      legal: complaint({ description: '再不解决就去法院起诉' }),
      unknownLevel: complaint({ severity: 'foo' }),
      plain: complaint({ description: '希望尽快处理', channel: '客服热线' }),
    };
    const out = await enriched(Object.values(c));
    const grade = (x: ComplaintRow) => out.get(x.complaint_id)!.severity_grade;
    expect(grade(c.fire)).toBe('紧急');
    expect(out.get(c.fire.complaint_id)!.severity_reasons).toBe('words: 起火');
    expect(grade(c.englishFire)).toBe('紧急');
    expect(grade(c.notFire)).toBe('一般');
    expect(grade(c.external)).toBe('重大');
    expect(out.get(c.external.complaint_id)!.is_external).toBe(true);
    expect(grade(c.overThreshold)).toBe('重大');
    expect(grade(c.atThreshold)).toBe('一般');
    expect(grade(c.explicitUrgent)).toBe('紧急');
    expect(grade(c.explicitLow)).toBe('紧急');
    expect(grade(c.legal)).toBe('重大');
    expect(grade(c.unknownLevel)).toBe('一般');
    expect(grade(c.plain)).toBe('一般');
    expect(out.get(c.plain.complaint_id)!.severity_reasons).toBeNull();
  });

  it('makes a repeat complaint 重大 (same customer and product within 30 days of the previous one)', async () => {
    const first = complaint({
      customer_id: 'K1',
      product: 'X',
      received_at: '2024-01-01 09:00:00',
    });
    const repeat = complaint({
      customer_id: 'K1',
      product: 'X',
      received_at: '2024-01-31 09:00:00',
    }); // exactly 30 days
    const later = complaint({
      customer_id: 'K1',
      product: 'X',
      received_at: '2024-03-02 09:00:00',
    }); // 31 days after
    const otherProduct = complaint({
      customer_id: 'K1',
      product: 'Y',
      received_at: '2024-01-02 09:00:00',
    });
    const invalidFirst = complaint({
      customer_id: 'K2',
      product: 'X',
      received_at: '2024-01-01 09:00:00',
      status: 'invalid',
    });
    const afterInvalid = complaint({
      customer_id: 'K2',
      product: 'X',
      received_at: '2024-01-05 09:00:00',
    });
    const out = await enriched([first, repeat, later, otherProduct, invalidFirst, afterInvalid]);
    expect(out.get(first.complaint_id)).toMatchObject({ is_repeat: false, severity_grade: '一般' });
    expect(out.get(repeat.complaint_id)).toMatchObject({ is_repeat: true, severity_grade: '重大' });
    expect(out.get(later.complaint_id)).toMatchObject({ is_repeat: false, severity_grade: '一般' });
    expect(out.get(otherProduct.complaint_id)).toMatchObject({ is_repeat: false });
    // An invalid complaint neither is a repeat nor makes the next one a repeat.
    expect(out.get(invalidFirst.complaint_id)!.is_repeat).toBeNull();
    expect(out.get(afterInvalid.complaint_id)).toMatchObject({ is_repeat: false });
  });

  it('follows the configured threshold and escalation channels', async () => {
    const comp = complaint({ compensation: 150 });
    const heimao = complaint({ channel: '黑猫投诉' });
    const store = complaint({ channel: '门店' });
    const config = testConfig({
      severity: { compensationThreshold: 100 },
      escalation: { externalChannels: ['门店'] },
    });
    const out = await enriched([comp, heimao, store], config);
    expect(out.get(comp.complaint_id)!.severity_grade).toBe('重大');
    expect(out.get(heimao.complaint_id)).toMatchObject({
      severity_grade: '一般',
      is_external: false,
    });
    expect(out.get(store.complaint_id)).toMatchObject({
      severity_grade: '重大',
      is_external: true,
    });
  });
});
