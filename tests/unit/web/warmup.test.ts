// The dashboard's warm-up after a warehouse swap (web/warmup.ts), against a stub HTTP server.
import { rename, rm, writeFile, mkdtemp } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startWarmup, warmPaths, type Warmer } from '../../../web/warmup.ts';

let server: http.Server | undefined;
let warmer: Warmer | undefined;
let dir: string | undefined;

afterEach(async () => {
  warmer?.stop();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('requests every main page in both languages once per published warehouse file', async () => {
  const seen: string[] = [];
  server = http.createServer((req, res) => {
    seen.push(`${req.headers['accept-language']} ${req.url}`);
    res.end('ok');
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'cl-warm-'));
  const file = join(dir, 'warehouse.duckdb');

  warmer = startWarmup(url, file, 60_000);
  expect(await warmer.check()).toBe(false); // no warehouse yet: nothing to warm
  expect(seen).toEqual([]);

  await writeFile(file, 'night 1');
  expect(await warmer.check()).toBe(true);
  expect(seen).toHaveLength(warmPaths.length * 2);
  expect(seen).toContain('zh-CN /hotspots');
  expect(seen).toContain('en /recommendations');

  expect(await warmer.check()).toBe(false); // same file: nothing again
  expect(seen).toHaveLength(warmPaths.length * 2);

  // the pipeline publishes the next night's warehouse by renaming a new file over the path
  await writeFile(`${file}.tmp`, 'night 2');
  await rename(`${file}.tmp`, file);
  expect(await warmer.check()).toBe(true);
  expect(seen).toHaveLength(warmPaths.length * 4);
});
