import { describe, expect, it } from 'vitest';
import { Tokenizer } from '../../../pipeline/text/tokenize.ts';
import { classTopWords, labelQuality } from '../../../bench/labelQuality.ts';

const tok = new Tokenizer();

describe('label quality (eval:clusters)', () => {
  const texts = [
    'door latch broke, the contact stated failure',
    'door latch does not close',
    'latch frozen door stuck',
    'wiper motor stopped, the contact stated failure',
    'wiper arm loose motor noise',
    'wiper motor dead',
  ];
  const classes = ['LATCH', 'LATCH', 'LATCH', 'WIPER', 'WIPER', 'WIPER'];
  const docs = texts.map((t) => tok.words(t));
  const top = classTopWords(docs, classes, 2);

  it('ranks the words that distinguish each reference class', () => {
    expect([...top.get('LATCH')!]).toEqual(['door', 'latch']);
    expect([...top.get('WIPER')!]).toEqual(['motor', 'wiper']);
  });

  it('counts a lead hit when the first label term names the majority class, weighted by size', () => {
    const q = labelQuality(
      [
        { label: 'door latch · frozen', complaints: 3, majority: 'LATCH' },
        { label: 'contact stated · wiper', complaints: 1, majority: 'WIPER' },
      ],
      docs,
      tok,
      top,
    );
    expect(q.leadHit).toBe(0.5);
    expect(q.leadHitWeighted).toBe(0.75);
    // 4 label terms, `contact stated` only template words; in six complaints every term is in at
    // least one (≥ 10 %)
    expect(q.terms).toBe(4);
    expect(q.template).toBe(0.25);
    expect(q.boilerplate).toBe(1);
  });

  it('has no lead hit without reference classes', () => {
    const q = labelQuality([{ label: 'wiper · sunroof', complaints: 3 }], docs, tok, null);
    expect(q.leadHit).toBeNull();
    expect(q.boilerplate).toBe(0.5); // wiper in 3 of 6 complaints, sunroof in none
  });
});
