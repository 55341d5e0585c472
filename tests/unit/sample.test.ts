// Unit tests of the sample-data generator (sample-data/generator): determinism, exact row counts, headers the
// schema recognises, the planted signals being visible in the written CSV (recomputed from the file,
// not trusted from planted.json), RFC 4180 round trips, bounded memory while streaming, and updates.

import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isoWeek,
  isoWeekLabel,
  parseDate,
  parseTimestamp,
} from '../../sample-data/generator/calendar.ts';
import { CsvWriter, csvLine, readCsv } from '../../sample-data/generator/csv.ts';
import { COL, HEADERS } from '../../sample-data/generator/format.ts';
import {
  generateSample,
  generateUpdates,
  type SampleSummary,
} from '../../sample-data/generator/generate.ts';
import type { CanonicalField } from '../../pipeline/schema/fields.ts';
import { normaliseHeader } from '../../pipeline/schema/normaliseHeader.ts';
import { HEADER_SYNONYMS } from '../../pipeline/schema/synonyms.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cl-sample-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function sha(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

async function records(file: string): Promise<string[][]> {
  const out: string[][] = [];
  for await (const r of readCsv(file)) out.push(r);
  return out;
}

function canonicalOf(header: string): CanonicalField | null {
  const n = normaliseHeader(header);
  for (const [field, synonyms] of Object.entries(HEADER_SYNONYMS))
    if (synonyms.some((s) => normaliseHeader(s) === n)) return field as CanonicalField;
  return null;
}

describe('determinism and shape', () => {
  let a: SampleSummary;
  beforeAll(async () => {
    a = await generateSample({ rows: 1500, seed: 11, outDir: join(dir, 'a'), lang: 'zh' });
  });

  it('same seed gives identical bytes, another seed differs', async () => {
    const b = await generateSample({ rows: 1500, seed: 11, outDir: join(dir, 'b'), lang: 'zh' });
    const c = await generateSample({ rows: 1500, seed: 12, outDir: join(dir, 'c'), lang: 'zh' });
    for (const key of ['complaintsFile', 'volumesFile', 'plantedFile'] as const) {
      expect(await sha(a[key])).toBe(await sha(b[key]));
    }
    expect(await sha(a.complaintsFile)).not.toBe(await sha(c.complaintsFile));
    expect(await sha(a.volumesFile)).not.toBe(await sha(c.volumesFile));
  });

  it('writes exactly the requested number of rows, with the recognised headers', async () => {
    const en = await generateSample({ rows: 1201, seed: 5, outDir: join(dir, 'en'), lang: 'en' });
    const tiny = await generateSample({ rows: 17, seed: 5, outDir: join(dir, 'tiny'), lang: 'zh' });
    for (const [s, rows, lang] of [
      [a, 1500, 'zh'],
      [en, 1201, 'en'],
      [tiny, 17, 'zh'],
    ] as const) {
      const recs = await records(s.complaintsFile);
      expect(recs.length - 1).toBe(rows);
      expect(s.rows).toBe(rows);
      expect(recs[0]).toEqual(HEADERS[lang]);
      for (const r of recs.slice(1)) expect(r.length).toBe(HEADERS[lang].length);
      expect(
        s.complaintsFile.endsWith(lang === 'en' ? 'complaints_en.csv' : 'complaints.csv'),
      ).toBe(true);
      expect(s.volumesFile.endsWith(lang === 'en' ? 'volumes_en.csv' : 'volumes.csv')).toBe(true);
      expect(s.plantedFile.endsWith(lang === 'en' ? 'planted_en.json' : 'planted.json')).toBe(true);
      const vol = await records(s.volumesFile);
      expect(vol[0]).toEqual(['product', 'batch', 'production_date', 'units']);
      expect(vol.length - 1).toBe(s.batches);
      expect(vol[1][1]).toMatch(/^B\d{4}W\d{2}-[A-Z0-9]+$/);
    }
  });

  it('every header maps to a distinct canonical field of pipeline/schema/', () => {
    for (const lang of ['zh', 'en'] as const) {
      const mapped = HEADERS[lang].map(canonicalOf);
      expect(mapped).not.toContain(null);
      expect(new Set(mapped).size).toBe(mapped.length);
      expect(mapped[COL.batch]).toBe('batch');
      expect(mapped[COL.updated]).toBe('updated_at');
    }
  });

  it('the export contains quoted newlines and commas that read back as 22 fields', async () => {
    const recs = (await records(a.complaintsFile)).slice(1);
    expect(recs.every((r) => r.length === 22)).toBe(true);
    expect(recs.some((r) => r[COL.description].includes('\n'))).toBe(true);
    expect(
      recs.some((r) => /[",]/.test(r[COL.description]) || r[COL.compensation].includes(',')),
    ).toBe(true);
  });

  it('updates re-emit a fraction of rows with later timestamps and forward status moves, deterministically', async () => {
    const original = await records(a.complaintsFile);
    const byId = new Map(original.slice(1).map((r) => [r[COL.id], r]));
    const lastUpdate = Math.max(...original.slice(1).map((r) => parseTimestamp(r[COL.updated])));
    const out1 = join(dir, 'a', 'updates1.csv');
    const out2 = join(dir, 'a', 'updates2.csv');
    const r1 = await generateUpdates({
      complaintsFile: a.complaintsFile,
      outFile: out1,
      seed: 1,
      fraction: 0.1,
    });
    await generateUpdates({
      complaintsFile: a.complaintsFile,
      outFile: out2,
      seed: 1,
      fraction: 0.1,
    });
    expect(await sha(out1)).toBe(await sha(out2));
    const updated = await records(out1);
    expect(updated[0]).toEqual(original[0]);
    expect(r1.rowsRead).toBe(1500);
    expect(updated.length - 1).toBe(r1.rowsUpdated);
    expect(r1.rowsUpdated).toBeGreaterThan(100);
    expect(r1.rowsUpdated).toBeLessThan(200);
    const rank: Record<string, number> = { 待处理: 0, 处理中: 1, 已解决: 2, 已关闭: 3 };
    let reopened = 0;
    for (const row of updated.slice(1)) {
      const before = byId.get(row[COL.id])!;
      expect(before).toBeDefined();
      expect(row).not.toEqual(before);
      expect(parseTimestamp(row[COL.updated])).toBeGreaterThan(lastUpdate);
      expect(row[COL.received]).toBe(before[COL.received]);
      expect(row[COL.description]).toBe(before[COL.description]);
      if (rank[row[COL.status]] < rank[before[COL.status]]) {
        reopened++;
        expect(before[COL.status]).toBe('已关闭');
      }
    }
    expect(reopened).toBeLessThan(updated.length * 0.2);
  });
});

describe('CSV', () => {
  it('round-trips commas, quotes, CR/LF and empty fields', async () => {
    const rows = [
      ['plain', '', 'a,b', 'say "hi"', 'line1\nline2', 'crlf\r\nend', '"', ',', '中文，逗号'],
      ['', '', '', '', '', '', '', '', ''],
      ['"quoted, with\nnewline"', 'x', 'y', 'z', 'w', 'v', 'u', 't', 's'],
    ];
    expect(csvLine(['a,b', 'c"d', 'e'])).toBe('"a,b","c""d",e\n');
    const file = join(dir, 'roundtrip.csv');
    const w = new CsvWriter(file);
    for (const r of rows) {
      const p = w.writeRow(r);
      if (p) await p;
    }
    await w.close();
    expect(await records(file)).toEqual(rows);
  });
});

// One larger run serves the memory check and the planted-signal checks.
describe('200k rows, seed 42', () => {
  let summary: SampleSummary;
  let peakHeapGrowth = 0;
  const ROWS = 200_000;

  beforeAll(async () => {
    const base = process.memoryUsage().heapUsed;
    const timer = setInterval(() => {
      peakHeapGrowth = Math.max(peakHeapGrowth, process.memoryUsage().heapUsed - base);
    }, 10);
    summary = await generateSample({ rows: ROWS, seed: 42, outDir: join(dir, 'big'), lang: 'zh' });
    clearInterval(timer);
    peakHeapGrowth = Math.max(peakHeapGrowth, process.memoryUsage().heapUsed - base);
  });

  it('streams: the heap grows far less than the output', async () => {
    const bytes = (await stat(summary.complaintsFile)).size;
    expect(summary.rows).toBe(ROWS);
    expect(bytes).toBeGreaterThan(60 * 2 ** 20);
    // Holding the rows would take at least the output size in the heap (UTF-16 strings are larger).
    expect(peakHeapGrowth).toBeLessThan(bytes / 3);
    expect(peakHeapGrowth).toBeLessThan(80 * 2 ** 20);
  });

  it('planted signals are visible in the written CSV', async () => {
    const planted = JSON.parse(await readFile(summary.plantedFile, 'utf8'));
    const units = new Map<string, { product: string; day: number; units: number }>();
    for (const [product, batch, date, u] of (await records(summary.volumesFile)).slice(1))
      units.set(batch, { product, day: parseDate(date), units: Number(u) });

    const perBatch = new Map<string, number>();
    const weibo = new Map<string, number>();
    let n = 0;
    for await (const r of readCsv(summary.complaintsFile)) {
      if (n++ === 0) continue;
      if (r[COL.batch]) perBatch.set(r[COL.batch], (perBatch.get(r[COL.batch]) ?? 0) + 1);
      if (r[COL.channel] === '微博') {
        const week = isoWeekLabel(isoWeek(Math.floor(parseTimestamp(r[COL.received]) / 86_400)));
        weibo.set(week, (weibo.get(week) ?? 0) + 1);
      }
    }
    // complaints per unit of a batch relative to the same model's batches produced within ±8 weeks
    const ratio = (code: string) => {
      const b = units.get(code)!;
      let pu = 0;
      let pc = 0;
      for (const [other, o] of units) {
        if (other === code || o.product !== b.product || Math.abs(o.day - b.day) > 56) continue;
        pu += o.units;
        pc += perBatch.get(other) ?? 0;
      }
      return (perBatch.get(code) ?? 0) / b.units / (pc / pu);
    };

    expect(planted.defective_batches).toHaveLength(4);
    expect(new Set(planted.defective_batches.map((d: { product: string }) => d.product)).size).toBe(
      4,
    );
    for (const d of planted.defective_batches) {
      expect(d.rate_multiplier).toBeGreaterThanOrEqual(3);
      expect(d.rate_multiplier).toBeLessThanOrEqual(6);
      expect(ratio(d.batch)).toBeGreaterThan(2.5);
      expect(perBatch.get(d.batch)).toBeGreaterThan(60);
    }
    const decoy = (kind: string) => planted.decoys.find((x: { kind: string }) => x.kind === kind);
    const large = decoy('large');
    expect(ratio(large.batch)).toBeLessThan(1.6);
    expect(units.get(large.batch)!.units).toBe(large.units);
    const peerUnits = [...units.entries()]
      .filter(
        ([code, o]) =>
          code !== large.batch &&
          o.product === large.product &&
          Math.abs(o.day - units.get(large.batch)!.day) <= 56,
      )
      .map(([, o]) => o.units)
      .sort((a, b) => a - b);
    expect(large.units).toBeGreaterThanOrEqual(5 * peerUnits[peerUnits.length >> 1]);
    expect(perBatch.get(decoy('tiny').batch)).toBe(2);
    const young = decoy('young');
    expect(perBatch.get(young.batch)).toBe(2);
    expect(parseDate('2026-10-31') - units.get(young.batch)!.day).toBeLessThanOrEqual(14);

    const spike = planted.channel_spike;
    expect(spike.iso_week).toBe('2026-W36');
    const others = [...weibo.entries()]
      .filter(([w]) => w !== spike.iso_week && w > '2024-W44' && w < '2026-W44')
      .map(([, c]) => c)
      .sort((a, b) => a - b);
    const median = others[others.length >> 1];
    expect(weibo.get(spike.iso_week)!).toBeGreaterThanOrEqual(3 * median);
  });
});
