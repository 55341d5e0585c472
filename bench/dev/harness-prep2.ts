// Development harness: unlabelled sets (delivery negatives, NHTSA flat) → /tmp/clh/*.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsv } from '../../sample-data/generator/csv.ts';
import { Tokenizer } from '../../pipeline/text/tokenize.ts';
const SHARED = join(fileURLToPath(new URL('../../', import.meta.url)), '../shared/data');
const tok = new Tokenizer();
async function rows(path: string) {
  let header: string[] | null = null;
  const out: string[][] = [];
  for await (const r of readCsv(path))
    if (!header) header = r;
    else out.push(r);
  return { header: header!, rows: out };
}
const d = await rows(join(SHARED, 'zh_delivery_reviews.csv'));
const [label, review] = ['label', 'review'].map((h) => d.header.indexOf(h));
const del = d.rows
  .filter((r) => r[label] === '0')
  .map((r, i) => ({
    id: `D${String(i + 1).padStart(6, '0')}`,
    text: r[review] ?? '',
    labels: ['x'],
  }));
writeFileSync(
  '/tmp/clh/delivery.json',
  JSON.stringify(del.map((x) => ({ ...x, clauses: tok.tokenize(x.text) }))),
);
const n = await rows(join(SHARED, 'nhtsa_flat_cmpl_hyundai_kia.csv'));
const [id, text] = ['ODINO', 'CDESCR'].map((h) => n.header.indexOf(h));
writeFileSync(
  '/tmp/clh/nhtsa.json',
  JSON.stringify(
    n.rows.map((r) => ({
      id: r[id],
      text: r[text] ?? '',
      labels: ['x'],
      clauses: tok.tokenize(r[text] ?? ''),
    })),
  ),
);
