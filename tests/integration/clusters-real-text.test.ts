// Root causes on real review text through the CLI, the way users run it (issue 15): a small real
// excerpt (tests/unit/cluster/excerpts/README.md) written as a plain export, loaded with
// `complaint-lens run`, default settings. The keyword taxonomy puts most of these reviews in one
// category; the clusters must still follow the text.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../sample-data/generator/csv.ts';
import { nmi } from '../../pipeline/cluster/metrics.ts';
import { parseCsv } from '../helpers/csv.ts';
import { query, runCli, tempDir } from './cli-harness.ts';

const EXCERPT = new URL('../unit/cluster/excerpts/zh_shopping_excerpt.csv', import.meta.url);

describe('root causes on real review text through the CLI', () => {
  it('the taxonomy never collapses the text: clusters follow the product category, few unassigned', async () => {
    const records = parseCsv(readFileSync(EXCERPT, 'utf8')).slice(1);
    const dir = await tempDir();
    const file = join(dir, 'reviews.csv');
    const start = Date.UTC(2026, 0, 1);
    const lines = [csvLine(['投诉编号', '投诉时间', '投诉内容'])];
    records.forEach(([, review], i) => {
      const at = new Date(start + i * 29 * 60_000).toISOString().slice(0, 19).replace('T', ' ');
      lines.push(csvLine([`R${i}`, at, review]));
    });
    await writeFile(file, lines.join(''));
    const db = join(dir, 'w.duckdb');
    const r = await runCli(['run', '--input', file, '--db', db, '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);

    const top = await query<{ category: string; n: bigint }>(
      db,
      'select category, count(*) as n from int_complaints_enriched group by 1 order by 2 desc limit 1',
    );
    // The premise: one taxonomy category holds at least half of the complaints.
    expect(Number(top[0].n) / records.length).toBeGreaterThanOrEqual(0.5);

    const rows = await query<{ complaint_id: string; cluster_id: number | null }>(
      db,
      'select complaint_id, cluster_id from complaint_clusters',
    );
    const byId = new Map(rows.map((x) => [x.complaint_id, x.cluster_id ?? -1]));
    const truth = records.map(([cat]) => cat);
    const pred = records.map((_, i) => byId.get(`R${i}`) ?? -2);
    const unassigned = pred.filter((c) => c < 0).length / records.length;
    const causes = await query<{ label: string; summary: string | null }>(
      db,
      'select label, summary from mart_root_causes',
    );
    expect(causes.length).toBeGreaterThanOrEqual(4);
    expect(unassigned).toBeLessThanOrEqual(0.1);
    expect(nmi(truth, pred)).toBeGreaterThan(0.4);
    expect(causes.every((c) => (c.summary ?? '').length > 0)).toBe(true);
  }, 120_000);
});
