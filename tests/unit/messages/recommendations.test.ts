// The recommendation catalogue (pipeline/messages/recommendations.ts) words what the marts carry;
// what the export did not give is said in words, never as a placeholder.
import { describe, expect, it } from 'vitest';
import { recommendationTexts } from '../../../pipeline/contract/recommendations.ts';

describe('batch hot-spot action', () => {
  const args = { batch: '2020', product: 'ESCAPE', dominant_cause: 'DOOR CHECK ARM' };

  it('quotes the units at risk when a volumes file gave them', () => {
    const t = recommendationTexts('batch_hotspot', { ...args, units_at_risk: 1200 });
    expect(t.actionEn).toContain('assess a recall of the 1200 units sold');
    expect(t.actionZh).toContain('对已售 1200 台开展召回评估');
  });

  it('says the units sold are unknown without volumes, not "?"', () => {
    const t = recommendationTexts('batch_hotspot', args);
    expect(t.actionEn).toContain('units sold (how many is unknown: no volumes file was loaded)');
    expect(t.actionZh).toContain('售出数量未知');
    expect(`${t.actionEn}${t.actionZh}`).not.toContain('?');
  });
});
