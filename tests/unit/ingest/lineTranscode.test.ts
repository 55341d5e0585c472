import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUtf8File, transcodeLines } from '../../../pipeline/ingest/lineTranscode.ts';
import { MAX_RECORD_BYTES } from '../../../pipeline/ingest/records.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'line-transcode-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function run(name: string, bytes: Buffer, primary: 'utf-8' | 'gb18030') {
  const src = join(dir, name);
  const dest = join(dir, `${name}.out`);
  await writeFile(src, bytes);
  const result = await transcodeLines(src, dest, primary);
  return { result, text: await readFile(dest, 'utf8'), utf8: await isUtf8File(src) };
}

describe('transcodeLines', () => {
  it('decodes each line in the file encoding or the other, and counts the switch', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"a":"空调"}\r\n{"a":"ok"}\n', 'utf8'),
      iconv.encode('{"a":"冰箱"}\n{"a":"洗衣机"}', 'gbk'),
    ]);
    const { result, text, utf8 } = await run('mixed.ndjson', bytes, 'utf-8');
    expect(utf8).toBe(false);
    expect(text).toBe('{"a":"空调"}\r\n{"a":"ok"}\n{"a":"冰箱"}\n{"a":"洗衣机"}');
    expect(result).toEqual({ lines: 4, switchedLines: 2, firstSwitchedLine: 3, badLines: 0 });
  });

  it('a line valid in neither keeps U+FFFD in place of its bad bytes and is counted', async () => {
    const bytes = Buffer.concat([
      Buffer.from('ok\nx'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('\n'),
    ]);
    const { result, text } = await run('bad.ndjson', bytes, 'gb18030');
    expect(text.split('\n')[1]).toContain('\ufffd');
    expect(result).toMatchObject({ lines: 2, badLines: 1 });
  });

  it('streams a line longer than MAX_RECORD_BYTES in the file encoding instead of holding it', async () => {
    const long = '冰'.repeat(Math.ceil(MAX_RECORD_BYTES / 2) + 1000); // > 16 MiB in GBK
    const bytes = Buffer.concat([iconv.encode(`["${long}"]`, 'gbk'), Buffer.from('\n["尾"]\n')]);
    const { result, text } = await run('long.json', bytes, 'gb18030');
    expect(text).toBe(`["${long}"]\n["尾"]\n`);
    expect(result).toEqual({ lines: 2, switchedLines: 1, firstSwitchedLine: 2, badLines: 0 });
  });
});
