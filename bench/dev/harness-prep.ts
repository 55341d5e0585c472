// Development harness, step 1: tokenise the labelled sets once (product tokeniser) → /tmp/clh/*.json.
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { readCsv } from '../../sample-data/generator/csv.ts';
import { generateSample } from '../../sample-data/generator/generate.ts';
import { Tokenizer } from '../../pipeline/text/tokenize.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHARED = join(ROOT, '../shared/data');
const tok = new Tokenizer();
async function rows(path: string) {
  let header: string[] | null = null;
  const out: string[][] = [];
  for await (const r of readCsv(path)) {
    if (!header) header = r;
    else out.push(r);
  }
  return { header: header!, rows: out };
}
function save(name: string, docs: { id: string; text: string; labels: string[] }[]) {
  const out = docs.map((d) => ({
    id: d.id,
    text: d.text,
    labels: d.labels,
    clauses: tok.tokenize(d.text),
  }));
  writeFileSync(`/tmp/clh/${name}.json`, JSON.stringify(out));
  console.log(name, out.length);
}
const s = await rows(join(SHARED, 'zh_shopping_reviews.csv'));
const [cat, label, review] = ['cat', 'label', 'review'].map((h) => s.header.indexOf(h));
save(
  'shopping',
  s.rows
    .filter((r) => r[label] === '0')
    .map((r, i) => ({
      id: `R${String(i + 1).padStart(6, '0')}`,
      text: r[review] ?? '',
      labels: [r[cat]],
    })),
);
const v = await rows(join(SHARED, 'en_vehicle_body_complaints.csv'));
const [comp, fail, desc] = ['Component', 'Failure', 'Description'].map((h) => v.header.indexOf(h));
save(
  'vehicle',
  v.rows.map((r) => ({ id: r[0], text: r[desc], labels: [r[comp], `${r[comp]}|${r[fail]}`] })),
);
for (const [lang, n, seed] of [
  ['zh', 20000, 42],
  ['en', 2000, 7],
] as const) {
  const dir = mkdtempSync(join(tmpdir(), 'clh-'));
  const labelsFile = join(dir, 'labels.csv');
  const gen = await generateSample({ rows: n, seed, outDir: dir, lang, labelsFile });
  const c = await rows(gen.complaintsFile);
  const t = await rows(labelsFile);
  const truth = new Map(t.rows.map((r) => [r[0], r[1]]));
  const ti = c.header.indexOf(lang === 'en' ? 'Description' : '问题描述');
  save(
    `sample-${lang}`,
    c.rows.map((r) => ({ id: r[0], text: r[ti] ?? '', labels: [truth.get(r[0])!] })),
  );
}
void existsSync;
