// Text preparation: normalisation, tokenisation (Chinese via jieba with the user dictionary, English),
// stop words, negation, phrases. Examples are written to fail on the regressions that matter for
// clustering: a part name split in two, a negation lost, PII or a model code becoming a term.
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../../pipeline/text/normalize.ts';
import {
  Tokenizer,
  displayTerm,
  foldEnglish,
  termCounts,
} from '../../../pipeline/text/tokenize.ts';
import {
  DOMAIN_WORDS,
  EN_NEGATORS,
  ZH_NEGATORS,
  buildStopWords,
} from '../../../pipeline/text/stopwords.ts';
import { userDictionaryText } from '../../../pipeline/text/dictionary.ts';
import { pairKey, selectPhrases } from '../../../pipeline/text/phrases.ts';
import { TermDictionary, TokenStore } from '../../../pipeline/text/tokenStore.ts';

const tk = new Tokenizer();

describe('normalizeText', () => {
  it('folds full-width characters and case (NFKC)', () => {
    expect(normalizeText('ＢＣＤ－５２０Ｗ　冰箱 ABC')).toBe('bcd-520w 冰箱 abc');
  });
  it('removes PII, masked or not', () => {
    const s = normalizeText(
      '电话13812345678，138****5678，邮箱 a.b@example.com，z***@example.com，身份证110101199001011234',
    );
    expect(s).not.toMatch(/\d{7}/);
    expect(s).not.toContain('@');
    expect(s).not.toContain('*');
  });
  it('expands English contractions so the negation survives', () => {
    expect(normalizeText("It doesn't cool and won't start")).toBe(
      'it does not cool and will not start',
    );
  });
});

describe('Tokenizer (Chinese)', () => {
  it('keeps user-dictionary parts and fault phrases whole', () => {
    const words = tk.words('冰箱压缩机噪音很大，进水阀漏水，燃气灶打不着火');
    expect(words).toEqual(expect.arrayContaining(['压缩机', '噪音', '进水阀', '漏水', '打不着火']));
    expect(words).not.toContain('水阀');
  });
  it('glues a negator to the next word (不制冷 is not 制冷)', () => {
    expect(tk.words('空调不制冷')).toEqual(['空调', '不制冷']);
    expect(tk.words('师傅一直没有上门')).toContain('没有上门');
    expect(tk.words('师傅一直没有上门')).not.toContain('上门');
  });
  it('drops stop words and sentiment but keeps domain words', () => {
    const words = tk.words('我的冰箱漏水了，客服态度太差了，非常失望！');
    expect(words).toEqual(expect.arrayContaining(['冰箱', '漏水', '客服', '态度']));
    for (const w of ['我', '的', '了', '差', '失望', '非常']) expect(words).not.toContain(w);
  });
  it('drops model codes, amounts and dates unless they are user words', () => {
    const words = tk.words('2025年2月买的空调（型号KFR-35GW/BP3），花了3999元');
    expect(words.some((w) => /\d/.test(w))).toBe(false);
    expect(words).not.toContain('kfr');
    const custom = new Tokenizer({ userDictionary: ['kfr-35gw'] });
    expect(custom.words('型号KFR-35GW不制冷')).toContain('kfr-35gw');
  });
  it('cuts clauses at punctuation and at dropped tokens, so phrases are adjacent words only', () => {
    expect(tk.tokenize('压缩机噪音，房间有异味')).toEqual([['压缩机', '噪音'], ['房间'], ['异味']]);
  });
});

describe('Tokenizer (English)', () => {
  it('folds plurals, keeps negation, drops stop words', () => {
    expect(tk.words('The fridge is not cooling and the doors leak; batteries died.')).toEqual([
      'fridge',
      'not cooling',
      'door',
      'leak',
      'battery',
      'died',
    ]);
    expect(tk.words("The technician didn't show up")).toEqual(['technician', 'not show']);
  });
  it('folds plurals conservatively (readable labels)', () => {
    expect(foldEnglish('leaks')).toBe('leak');
    expect(foldEnglish('batteries')).toBe('battery');
    expect(foldEnglish('boxes')).toBe('box');
    expect(foldEnglish('glass')).toBe('glass');
    expect(foldEnglish('gas')).toBe('gas');
    expect(foldEnglish('status')).toBe('status');
  });
});

describe('stop words', () => {
  it('never contain the domain words, negators excluded', () => {
    const stop = buildStopWords();
    for (const w of DOMAIN_WORDS) expect(stop.has(w), w).toBe(false);
    for (const w of [...ZH_NEGATORS, ...EN_NEGATORS]) expect(stop.has(w), w).toBe(false);
    for (const w of ['的', '了', '我们', 'the', 'and', 'bought']) expect(stop.has(w), w).toBe(true);
  });
  it('accept additions and removals', () => {
    const stop = buildStopWords(['冰箱'], ['一般']);
    expect(stop.has('冰箱')).toBe(true);
    expect(stop.has('一般')).toBe(false);
  });
});

describe('terms and phrases', () => {
  it('counts unigrams and adjacent pairs', () => {
    const counts = termCounts([['压缩机', '噪音'], ['压缩机']]);
    expect(Object.fromEntries(counts)).toEqual({ 压缩机: 2, 噪音: 1, '压缩机 噪音': 1 });
  });
  it('displays Chinese phrases without the separator, English with it', () => {
    expect(displayTerm('压缩机 噪音')).toBe('压缩机噪音');
    expect(displayTerm('water leak')).toBe('water leak');
  });
  it('selects collocations by NPMI, not frequent independent pairs', () => {
    const dict = new TermDictionary();
    const store = new TokenStore();
    const docs = [
      ...Array.from({ length: 20 }, () => ['压缩机', '噪音']),
      ...Array.from({ length: 20 }, (_, i) => (i % 2 ? ['冰箱', '客服'] : ['客服', '冰箱'])),
      ...Array.from({ length: 200 }, (_, i) => [i % 2 ? '冰箱' : '客服', '其他' + i]),
    ];
    docs.forEach((d, i) => store.add(i, [d.map((w) => dict.word(w))]));
    const phrases = selectPhrases(
      store,
      docs.map((_, i) => i),
      { minCount: 5, minNpmi: 0.25, maxPhrases: 10 },
    );
    const keys = new Set(phrases.map((p) => pairKey(p.a, p.b)));
    expect(keys.has(pairKey(dict.ids.get('压缩机')!, dict.ids.get('噪音')!))).toBe(true);
    expect(keys.has(pairKey(dict.ids.get('冰箱')!, dict.ids.get('客服')!))).toBe(false);
  });
  it('user dictionary entries override defaults and accept a frequency', () => {
    const text = userDictionaryText(['蒸烤箱 500', '冰箱']);
    expect(text).toContain('蒸烤箱 500\n');
    expect(text.match(/^冰箱 /gm)?.length).toBe(1);
  });
});
