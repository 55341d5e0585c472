import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  detectEncoding,
  detectFormat,
  normaliseEncodingName,
} from '../../../pipeline/ingest/detect.ts';
import { FIXTURE_DIR } from '../../fixtures/make-fixtures.ts';

const fx = (name: string) => join(FIXTURE_DIR, name);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'detect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
async function temp(name: string, content: string | Buffer): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, content);
  return p;
}

describe('detectFormat on the fixture corpus', () => {
  const cases: [string, string][] = [
    ['gbk.csv', 'csv'],
    ['gb18030.csv', 'csv'],
    ['utf8_bom.csv', 'csv'],
    ['utf16le_bom.csv', 'csv'],
    ['utf16be_bom.csv', 'csv'],
    ['utf16le_nobom.tsv', 'csv'],
    ['quoted_newlines.csv', 'csv'],
    ['ragged.csv', 'csv'],
    ['header_only.csv', 'csv'],
    ['empty.csv', 'csv'],
    ['semicolon.csv', 'csv'],
    ['us_dates.csv', 'csv'],
    ['two_sheets.xlsx', 'xlsx'],
    ['locale_dates.xlsx', 'xlsx'],
    ['array.json', 'json'],
    ['array_malformed.json', 'json'],
    ['wrapped.json', 'json'],
    ['records.ndjson', 'ndjson'],
    ['sample.parquet', 'parquet'],
  ];
  it.each(cases)('%s → %s', async (name, want) => {
    expect(await detectFormat(fx(name))).toBe(want);
  });
});

describe('detectFormat: content beats extension', () => {
  it('reads an xlsx named .csv as xlsx and a CSV named .xlsx as csv', async () => {
    const { readFile } = await import('node:fs/promises');
    expect(
      await detectFormat(await temp('really-xlsx.csv', await readFile(fx('two_sheets.xlsx')))),
    ).toBe('xlsx');
    expect(await detectFormat(await temp('really-csv.xlsx', 'a,b\n1,2\n'))).toBe('csv');
  });
  it('NDJSON named .json is ndjson; pretty-printed JSON named .ndjson is json', async () => {
    expect(await detectFormat(await temp('lines.json', '{"a":1}\n{"a":2}\n'))).toBe('ndjson');
    expect(await detectFormat(await temp('pretty.ndjson', '{\n  "a": 1\n}\n'))).toBe('json');
  });
  it('an envelope written on one line is a JSON document, a lone record line is NDJSON', async () => {
    expect(await detectFormat(await temp('env.txt', '{"code":0,"data":[{"id":1},{"id":2}]}'))).toBe(
      'json',
    );
    expect(await detectFormat(await temp('one.txt', '{"id":1,"tags":["a"]}\n'))).toBe('ndjson');
  });
  it('BOM and leading white space before the JSON are skipped', async () => {
    expect(await detectFormat(await temp('bom.txt', '\ufeff \n [ {"a":1} ]'))).toBe('json');
    const u16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('{"a":1}\r\n{"a":2}\r\n', 'utf16le'),
    ]);
    expect(await detectFormat(await temp('u16.jsonl', u16))).toBe('ndjson');
  });
  it('a CSV whose first header is bracketed is not JSON', async () => {
    expect(await detectFormat(await temp('brackets.csv', '[编号],[受理时间]\n1,2\n'))).toBe('csv');
    expect(await detectFormat(await temp('braces.csv', '{id},{date}\n1,2\n'))).toBe('csv');
  });
  it('extension decides for text that is not JSON-shaped', async () => {
    expect(await detectFormat(await temp('x.jsonl', 'not json\n'))).toBe('ndjson');
    expect(await detectFormat(await temp('x.json', 'not json\n'))).toBe('json');
    expect(await detectFormat(await temp('x.txt', 'a\tb\n'))).toBe('csv');
  });
  it('refuses legacy .xls and HTML "Excel" exports with a clear message', async () => {
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    await expect(detectFormat(await temp('old.xls', ole))).rejects.toThrow(/legacy Excel 97-2003/);
    await expect(
      detectFormat(await temp('web.xls', '<html><table><tr><td>1</td></tr></table></html>')),
    ).rejects.toThrow(/HTML/);
  });
});

describe('detectEncoding on the fixture corpus', () => {
  const cases: [string, string, string][] = [
    ['gbk.csv', 'gb18030', 'high'],
    ['gb18030.csv', 'gb18030', 'high'],
    ['utf8_bom.csv', 'utf-8-bom', 'high'],
    ['utf16le_bom.csv', 'utf-16le', 'high'],
    ['utf16be_bom.csv', 'utf-16be', 'high'],
    ['utf16le_nobom.tsv', 'utf-16le', 'medium'],
    ['quoted_newlines.csv', 'utf-8', 'high'],
    ['fullwidth.csv', 'utf-8', 'high'],
    ['us_dates.csv', 'utf-8', 'medium'], // ASCII only: UTF-8 by default, thin evidence
    ['empty.csv', 'utf-8', 'low'],
    ['records.ndjson', 'utf-8', 'high'],
  ];
  it.each(cases)('%s → %s (%s)', async (name, encoding, confidence) => {
    const got = await detectEncoding(fx(name));
    expect(got.encoding).toBe(encoding);
    expect(got.confidence).toBe(confidence);
    expect(got.reason).not.toBe('');
  });
});

describe('detectEncoding edge cases', () => {
  it('a sample cut inside a UTF-8 character is still valid UTF-8 (cut at a boundary)', async () => {
    const text = '投诉内容'.repeat(1000); // no line feeds at all
    const path = await temp('cut.csv', text);
    for (const sample of [1000, 1001, 1002, 1003]) {
      expect((await detectEncoding(path, sample)).encoding).toBe('utf-8');
    }
  });
  it('a GBK file whose first sample is pure ASCII is caught by the middle/tail samples', async () => {
    const ascii = 'id,date,channel\n' + '1,2026-03-05,web\n'.repeat(2000);
    const chinese = '2,2026-03-06,电话客服热线\n'.repeat(200);
    const path = await temp(
      'late-gbk.csv',
      Buffer.concat([Buffer.from(ascii), iconv.encode(chinese, 'gbk')]),
    );
    const got = await detectEncoding(path, 16 * 1024);
    expect(got.encoding).toBe('gb18030');
    // ...and with a sample covering only the ASCII head it could not know.
    const small = await temp('late-gbk-head.csv', Buffer.from(ascii));
    expect((await detectEncoding(small, 16 * 1024)).confidence).toBe('medium');
  });
  it('UTF-8 with one corrupt byte stays UTF-8, with low confidence', async () => {
    const good = Buffer.from('编号,内容\n' + '1,冰箱不制冷，冷藏室温度偏高\n'.repeat(50));
    const bad = Buffer.concat([good, Buffer.from([0xff]), Buffer.from('2,完\n')]);
    const got = await detectEncoding(await temp('corrupt.csv', bad));
    expect(got).toMatchObject({ encoding: 'utf-8', confidence: 'low' });
  });
  it('Chinese-heavy UTF-16LE without BOM is found by its NUL lane', async () => {
    const text =
      '投诉编号\t问题描述\r\n' + 'A1\t冰箱不制冷冷藏室温度偏高严重影响使用\r\n'.repeat(20);
    const got = await detectEncoding(await temp('u16.txt', Buffer.from(text, 'utf16le')));
    expect(got.encoding).toBe('utf-16le');
    const be = Buffer.from(text, 'utf16le').swap16();
    expect((await detectEncoding(await temp('u16be.txt', be))).encoding).toBe('utf-16be');
  });
  it('bytes that are neither UTF-8 nor plausible GB18030 give gb18030 with low confidence', async () => {
    const noise = Buffer.alloc(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = 0x80 + ((i * 73) % 0x7f);
    expect(await detectEncoding(await temp('noise.bin', noise))).toMatchObject({
      encoding: 'gb18030',
      confidence: 'low',
    });
  });
});

describe('normaliseEncodingName', () => {
  it.each([
    ['gbk', 'gb18030'],
    ['GB2312', 'gb18030'],
    ['gb18030', 'gb18030'],
    ['CP936', 'gb18030'],
    ['utf8', 'utf-8'],
    ['UTF-8', 'utf-8'],
    ['utf-8-sig', 'utf-8-bom'],
    ['utf_8_bom', 'utf-8-bom'],
    ['UTF-16LE', 'utf-16le'],
    ['utf16', 'utf-16le'],
    ['unicode', 'utf-16le'],
    ['utf-16be', 'utf-16be'],
  ])('%s → %s', (name, want) => {
    expect(normaliseEncodingName(name)).toBe(want);
  });
  it('rejects unknown names, listing the accepted ones', () => {
    expect(() => normaliseEncodingName('big5')).toThrow(/unknown encoding "big5".*gb18030/);
  });
});
