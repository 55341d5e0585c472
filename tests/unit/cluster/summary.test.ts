import { describe, expect, it } from 'vitest';
import { summarize } from '../../../pipeline/cluster/summary.ts';
import { buildChanges, changedAnything } from '../../../pipeline/cluster/changes.ts';
import { buildLabel } from '../../../pipeline/cluster/labels.ts';

describe('summarize', () => {
  it('takes the first sentence of a Chinese complaint, adding the next when the first says little', () => {
    expect(summarize('冰箱压缩机噪音很大，晚上吵得睡不着。第二天又打电话。')).toBe(
      '冰箱压缩机噪音很大，晚上吵得睡不着。',
    );
    expect(summarize('差评！物流太慢了，等了一个星期。客服也不理。')).toBe(
      '差评！物流太慢了，等了一个星期。',
    );
  });

  it('shows narratives typed in capitals in sentence case and cuts long ones at a word', () => {
    const s = summarize(
      'THE REAR DRIVER SIDE WINDOW SHATTERED THIS MORNING FROM HAVING MY REAR DEFROSTER ON AND THEN I DROVE APPROX 3 MILES BEFORE HEARING A LOUD SOUND.',
      60,
    );
    expect(s).toBe('The rear driver side window shattered this morning from…');
    expect(s.length).toBeLessThanOrEqual(60);
    expect(summarize('Door latch broke. Dealer replaced it.')).toBe('Door latch broke.');
  });

  it('is empty for empty text and never longer than asked, also without spaces', () => {
    expect(summarize(null)).toBe('');
    expect(summarize('   ')).toBe('');
    const s = summarize('很'.repeat(300), 50);
    expect(s.length).toBe(50);
    expect(s.endsWith('…')).toBe(true);
  });
});

describe('buildChanges', () => {
  it('sorts matched clusters into kept and changed, and lists new and retired ids', () => {
    const c = buildChanges(
      { ids: [3, 4, 9, 10], similarity: [0.97, 0.62, null, 0.9], retired: [7, 5] },
      true,
    );
    expect(c).toEqual({
      kept: 2,
      changed: [{ id: 4, similarity: 0.62 }],
      new: [9],
      retired: [5, 7],
    });
    expect(changedAnything(c)).toBe(true);
    expect(changedAnything(buildChanges({ ids: [1], similarity: [0.99], retired: [] }, true))).toBe(
      false,
    );
    expect(buildChanges({ ids: [1, 2], similarity: [null, null], retired: [] }, false)).toBeNull();
  });
});

describe('buildLabel: corpus-level words never lead', () => {
  it('moves the first term that is in fewer than 10 % of all complaints to the front', () => {
    expect(
      buildLabel([
        { term: '京东', weight: 1, corpusShare: 0.11 },
        { term: '客服', weight: 0.8, corpusShare: 0.05 },
        { term: '快递', weight: 0.5, corpusShare: 0.03 },
      ]),
    ).toBe('客服 · 京东 · 快递');
    expect(buildLabel([{ term: 'door', weight: 1, corpusShare: 0.5 }])).toBe('door');
    expect(buildLabel([{ term: 'latch', weight: 1 }])).toBe('latch');
  });
});
