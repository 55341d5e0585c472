import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../../pipeline/db.ts';
import type { TextEncoding } from '../../../pipeline/ingest/detect.ts';
import { Gb18030ToUtf8, transcodeToUtf8 } from '../../../pipeline/ingest/transcode.ts';
import { FIXTURE_DIR, HEADER, baseRows, csvText } from '../../fixtures/make-fixtures.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'transcode-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(src: string, encoding: TextEncoding) {
  const dest = join(dir, `out-${Math.random().toString(36).slice(2)}.csv`);
  const result = await transcodeToUtf8(src, dest, encoding);
  const bytes = await readFile(dest);
  return { result, bytes, text: bytes.toString('utf8'), dest };
}

describe('fixtures → UTF-8 without BOM, text exact', () => {
  const cases: [string, TextEncoding, string][] = [
    ['gbk.csv', 'gb18030', csvText([HEADER, ...baseRows('GBK')], { eol: '\r\n' })],
    ['utf8_bom.csv', 'utf-8-bom', csvText([HEADER, ...baseRows('U8B')])],
    ['utf16le_bom.csv', 'utf-16le', csvText([HEADER, ...baseRows('U16L')], { eol: '\r\n' })],
    ['utf16be_bom.csv', 'utf-16be', csvText([HEADER, ...baseRows('U16B')], { eol: '\r\n' })],
    [
      'utf16le_nobom.tsv',
      'utf-16le',
      csvText([HEADER, ...baseRows('U16N')], { delimiter: '\t', eol: '\r\n' }),
    ],
  ];
  it.each(cases)('%s (%s)', async (name, encoding, want) => {
    const src = join(FIXTURE_DIR, name);
    const { result, bytes, text } = await run(src, encoding);
    expect(text).toBe(want);
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(result).toEqual({
      bytesIn: (await stat(src)).size,
      bytesOut: bytes.length,
      replacements: 0,
    });
  });

  it('gb18030.csv keeps characters outside GBK (𡈼 U+2123C, 𠀀 U+20000)', async () => {
    const { text, result } = await run(join(FIXTURE_DIR, 'gb18030.csv'), 'gb18030');
    expect(text).toContain('客户姓名含生僻字𡈼，系统显示为问号');
    expect(text).toContain('收货地址为𠀀村');
    expect(result.replacements).toBe(0);
    // Read as GBK proper, the four-byte sequences would not decode: GB18030 is required.
    const raw = await readFile(join(FIXTURE_DIR, 'gb18030.csv'));
    expect(iconv.decode(raw, 'gbk')).not.toContain('𡈼');
  });

  it('the transcoded GBK file is what DuckDB read_csv needs', async () => {
    const { dest } = await run(join(FIXTURE_DIR, 'gbk.csv'), 'gb18030');
    const db = await openDb(':memory:');
    try {
      const rows = await db.all<{ 投诉编号: string; 问题描述: string }>(
        'select 投诉编号, 问题描述 from read_csv($p, header = true, all_varchar = true)',
        { p: dest },
      );
      expect(rows.map((r) => r.投诉编号)).toEqual([
        'GBK-0001',
        'GBK-0002',
        'GBK-0003',
        'GBK-0004',
        'GBK-0005',
      ]);
      expect(rows[4].问题描述).toBe('热水器外包装破损，机身有划痕');
    } finally {
      db.close();
    }
  });
});

describe('streaming: characters split across 1 MiB read chunks', () => {
  // 3 MiB+ of text mixing 1-, 2- and 4-byte GB18030 sequences (and UTF-16 surrogate pairs), with
  // an odd-length prefix so that chunk boundaries fall inside multi-byte characters.
  const unit = 'a投诉𡈼,𠀀编号\n';
  const text = 'x' + unit.repeat(Math.ceil((3.2 * 1024 * 1024) / Buffer.byteLength(unit)));

  it.each([
    ['gb18030', (s: string) => iconv.encode(s, 'gb18030')],
    [
      'utf-16le',
      (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]),
    ],
    [
      'utf-16be',
      (s: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()]),
    ],
  ] as [TextEncoding, (s: string) => Buffer][])(
    '%s round-trips exactly',
    async (encoding, encode) => {
      const src = join(dir, `big-${encoding}.txt`);
      const encoded = encode(text);
      await writeFile(src, encoded);
      const { text: out, result } = await run(src, encoding);
      expect(out.length).toBe(text.length);
      expect(out === text).toBe(true);
      expect(result.bytesIn).toBe(encoded.length);
      expect(result.bytesOut).toBe(Buffer.byteLength(text));
      expect(result.replacements).toBe(0);
    },
  );

  it('a UTF-8 BOM split across tiny reads is still stripped, and only at the start', async () => {
    const src = join(dir, 'bom.txt');
    await writeFile(
      src,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a\ufeffb\n')]),
    );
    const { text, result } = await run(src, 'utf-8-bom');
    expect(text).toBe('a\ufeffb\n');
    expect(result.bytesOut).toBe(Buffer.byteLength('a\ufeffb\n'));
  });

  it('plain UTF-8 is copied unchanged', async () => {
    const src = join(FIXTURE_DIR, 'quoted_newlines.csv');
    const { bytes } = await run(src, 'utf-8');
    expect(bytes.equals(await readFile(src))).toBe(true);
  });
});

describe('GB18030 fast path = iconv-lite, byte for byte', () => {
  // Deterministic PRNG (mulberry32), so a failure reproduces.
  const rng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /** Byte soup: ASCII, line feeds, 2-byte and 4-byte characters, broken and stray bytes, BOMs. */
  function soup(seed: number, size: number): Buffer {
    const r = rng(seed);
    const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
    const out: number[] = [];
    while (out.length < size) {
      const k = r();
      if (k < 0.3) out.push(int(0x20, 0x7e));
      else if (k < 0.35) out.push(0x0a);
      else if (k < 0.7)
        out.push(int(0x81, 0xfe), int(0x40, 0xfe)); // 2-byte (some unmapped)
      else if (k < 0.78)
        out.push(int(0x81, 0xfe), int(0x30, 0x39), int(0x81, 0xfe), int(0x30, 0x39)); // 4-byte
      else if (k < 0.82)
        out.push(int(0x81, 0xfe), int(0x30, 0x39), int(0x00, 0xff)); // broken 4-byte
      else if (k < 0.86)
        out.push(int(0x81, 0xfe)); // lone lead byte
      else if (k < 0.88) out.push(r() < 0.5 ? 0x80 : 0xff);
      else if (k < 0.9)
        out.push(0x84, 0x31, 0x95, 0x33); // a BOM mid-stream stays U+FEFF
      else if (k < 0.95)
        out.push(int(0x81, 0xfe), 0x0a); // lead byte before a line feed
      else out.push(int(0x00, 0x1f));
    }
    return Buffer.from(out);
  }
  /** iconv-lite's decoding; it keeps a leading GB18030 BOM (84 31 95 33 → U+FEFF), we strip it. */
  const reference = (buf: Buffer) =>
    Buffer.from(iconv.decode(buf, 'gb18030').replace(/^\ufeff/, ''), 'utf8');

  function decodeInChunks(buf: Buffer, r: () => number, maxChunk: number): Buffer {
    const dec = new Gb18030ToUtf8();
    const parts: Buffer[] = [];
    for (let i = 0; i < buf.length;) {
      const n = 1 + Math.floor(r() * maxChunk);
      parts.push(Buffer.from(dec.write(buf.subarray(i, i + n))));
      i += n;
    }
    parts.push(dec.end());
    return Buffer.concat(parts);
  }

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('random byte soup, seed %i, random chunking', (seed) => {
    const buf =
      seed % 2 === 0
        ? Buffer.concat([Buffer.from([0x84, 0x31, 0x95, 0x33]), soup(seed, 60_000)])
        : soup(seed, 60_000);
    const want = reference(buf);
    expect(decodeInChunks(buf, rng(seed * 7919), seed % 3 === 0 ? 7 : 5000).equals(want)).toBe(
      true,
    );
  });

  it('tiny inputs and a BOM split across writes', () => {
    for (const bytes of [
      [],
      [0x84],
      [0x84, 0x31],
      [0x84, 0x31, 0x95],
      [0x84, 0x31, 0x95, 0x33],
      [0x84, 0x31, 0x95, 0x33, 0x41],
      [0xc4],
      [0xc4, 0xe3],
    ]) {
      const buf = Buffer.from(bytes);
      const want = reference(buf);
      expect(decodeInChunks(buf, () => 0, 1).equals(want)).toBe(true);
    }
  });

  it('a line over 8 MiB holding a four-byte character switches to streaming iconv-lite', () => {
    const line = Buffer.concat([
      iconv.encode('𡈼', 'gb18030'),
      iconv.encode('投诉'.repeat(2_200_000), 'gb18030'),
      Buffer.from('\nend\n'),
    ]);
    const want = reference(line);
    expect(decodeInChunks(line, () => 1, 1 << 20).equals(want)).toBe(true);
  });
});

describe('damaged input', () => {
  it('invalid GB18030 bytes become U+FFFD and are counted, the rest decodes', async () => {
    const src = join(dir, 'damaged.csv');
    await writeFile(
      src,
      Buffer.concat([
        iconv.encode('编号,内容\n1,', 'gbk'),
        Buffer.from([0x81, 0x20]),
        iconv.encode('正常\n', 'gbk'),
      ]),
    );
    const { text, result } = await run(src, 'gb18030');
    expect(result.replacements).toBeGreaterThan(0);
    expect(text.startsWith('编号,内容\n1,')).toBe(true);
    expect(text.endsWith('正常\n')).toBe(true);
  });

  it('an odd trailing byte in UTF-16 is reported, not dropped silently', async () => {
    const src = join(dir, 'odd.txt');
    await writeFile(src, Buffer.concat([Buffer.from('ab\n', 'utf16le'), Buffer.from([0x41])]));
    const { text, result } = await run(src, 'utf-16le');
    expect(text.startsWith('ab\n')).toBe(true);
    expect(result.replacements).toBe(1);
  });

  it('a missing source file rejects', async () => {
    await expect(
      transcodeToUtf8(join(dir, 'nope.csv'), join(dir, 'x.csv'), 'gb18030'),
    ).rejects.toThrow(/ENOENT/);
  });
});
