// Recommendations: drill-down strings validated like URL filters, priority/owner parameters,
// and the ranked list from a mart with the contract's columns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWarehouse, stopServingWarehouse } from '../../../../tests/helpers/warehouse.ts';
import {
  createTestWarehouse,
  type TestWarehouse,
} from '../../../../tests/helpers/exportTestWarehouse.ts';
import { listRecommendations, recommendationFilterOrError, safeDrill } from './recommendations.ts';
import { withAlertReason, withRelatedTitles } from './recommendationEvidence.ts';
import { trendAlertOf } from '../../../../pipeline/contract/trendAlerts.ts';

describe('safeDrill', () => {
  it('keeps valid filter strings, normalised to the dashboard order', () => {
    expect(safeDrill('batch=B2025W39-BCD520')).toBe('batch=B2025W39-BCD520');
    expect(safeDrill('?category=物流运输&region=四川')).toBe(
      'region=%E5%9B%9B%E5%B7%9D&category=%E7%89%A9%E6%B5%81%E8%BF%90%E8%BE%93',
    );
    expect(safeDrill('from=2026-01-01&to=2026-01-31')).toBe('from=2026-01-01&to=2026-01-31');
  });

  it('drops anything that is not a valid set of filters', () => {
    for (const bad of [
      null,
      '',
      'colour=red',
      'region=四川&q=x',
      'from=2026-02-30',
      'region=a&region=b',
      'region=%00',
      'lang=en',
      `region=${'x'.repeat(300)}`,
    ]) {
      expect(safeDrill(bad), String(bad)).toBeNull();
    }
  });
});

describe('recommendationFilterOrError', () => {
  const url = (q: string) => new URL(`http://localhost/recommendations?${q}`);
  it('reads priority and owner and refuses bad values with 400', () => {
    expect(recommendationFilterOrError(url('priority=P2&owner=物流部'))).toEqual({
      priority: 'P2',
      owner: '物流部',
    });
    expect(recommendationFilterOrError(url('priority='))).toEqual({});
    expect(() => recommendationFilterOrError(url('priority=P4'))).toThrow(
      expect.objectContaining({ status: 400 }),
    );
    expect(() => recommendationFilterOrError(url('owner=%01'))).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });
});

describe('listRecommendations', () => {
  let warehouse: TestWarehouse;
  beforeAll(async () => {
    warehouse = await createTestWarehouse({ complaints: 10 });
    await serveWarehouse(warehouse.file);
  });
  afterAll(async () => {
    await stopServingWarehouse();
    await warehouse?.remove();
  });

  it('lists by rank with parsed evidence and safe drill-downs', async () => {
    const list = (await listRecommendations({}))!;
    expect(list.total).toBe(3);
    expect(list.byPriority).toEqual({ P1: 1, P2: 1, P3: 1 });
    expect(list.owners).toEqual(['售后服务部', '物流部', '质量管理部'].sort());
    expect(list.asOfDate).toBe('2026-10-31');
    expect(list.items.map((r) => r.rank)).toEqual([1, 2, 3]);
    expect(list.items[0]).toMatchObject({
      priority: 'P1',
      ownerDepartment: '质量管理部',
      complaints: 29,
      drill: 'batch=B2026W03',
      firstRaisedOn: '2026-10-01',
      evidence: { complaints: 29, rate_ratio: 3.2, reason_en: 'three times' },
    });
    expect(list.items[2].drill).toBeNull(); // 'colour=red' is not a filter
  });

  it('filters by priority and owner', async () => {
    expect((await listRecommendations({ priority: 'P2' }))!.items.map((r) => r.recId)).toEqual([
      'R2',
    ]);
    expect((await listRecommendations({ owner: '售后服务部' }))!.items.map((r) => r.recId)).toEqual(
      ['R3'],
    );
    const none = (await listRecommendations({ priority: 'P1', owner: '物流部' }))!;
    expect(none.items).toEqual([]);
    expect(none.total).toBe(3);
  });
});

describe('withAlertReason', () => {
  const alert = trendAlertOf(
    {
      alert_id: 'a1',
      kind: 'emerging',
      grain: 'week',
      dimension: 'cluster',
      member: '41',
      period_start: '2026-10-05',
      first_alert_period: '2026-09-21',
      observed: 24,
      expected: 4.3,
      score: 5.58,
      q_value: 2e-5,
      slope: 0.172,
      window_periods: 4,
    },
    { '41': '门封 · 脱落' },
  );
  const rec = (evidence: Record<string, string | number>) =>
    ({ evidence }) as unknown as Parameters<typeof withAlertReason>[0];

  it("quotes the latest alert's reason, the cluster by its label, in both languages", () => {
    const out = withAlertReason(
      rec({ observed: 24, alert_ids: 'a1, a0' }),
      new Map([['a1', alert]]),
    );
    expect(out.evidence.reason_zh).toContain('根因簇「门封 · 脱落」近 4 周');
    expect(out.evidence.reason_en).toContain('Root-cause cluster "门封 · 脱落" made up 17.2%');
    expect(out.evidence.observed).toBe(24);
  });

  it('leaves evidence without a known alert as it is', () => {
    const plain = rec({ observed: 3 });
    expect(withAlertReason(plain, new Map([['a1', alert]]))).toBe(plain);
    const unknown = rec({ alert_ids: 'zz' });
    expect(withAlertReason(unknown, new Map([['a1', alert]]))).toBe(unknown);
  });
});

describe('withRelatedTitles', () => {
  it('lists the folded recommendations by title in both languages', () => {
    const related = JSON.stringify([
      {
        rec_id: 'R1',
        rule: 'product_surge',
        message_args: { dimension: 'product', member: 'KFR-35' },
      },
      {
        rec_id: 'R2',
        rule: 'product_hotspot',
        message_args: { product: 'KFR-35', region: '四川' },
      },
    ]);
    const out = withRelatedTitles({ complaints: 3, related });
    expect(out).toEqual({
      complaints: 3,
      related_zh: 'KFR-35 投诉持续上升；产品 KFR-35在四川投诉异常偏高',
      related_en:
        'Complaints about KFR-35 keep rising; Product KFR-35 has abnormally many complaints in 四川',
    });
    expect(withRelatedTitles({ related: 'not json' })).toEqual({ related: 'not json' });
  });
});
