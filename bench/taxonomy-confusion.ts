// `npm run eval:taxonomy -- --input FILE --truth FIELD [--extra HEADER]`: the taxonomy's
// confusion table on a real export against a label the export carries.
//
// Runs `complaint-lens run --input FILE --db TMP/w.duckdb` (default settings, no mapping) and
// cross-tabulates a reference label — a canonical field (`component`, `product`) or, for a
// checkout where the column still went to `extra`, the extra key (--extra Component) — against
// the category int_complaint_categories gave each complaint (mart_complaints.category), as a
// Markdown table: the top 12 labels by volume (the rest pooled), one column per category, and
// the share in 其他. The categories are not the labels' classes (a door latch has no handbook
// category of its own), so the table is read for where each label lands, chiefly how much falls
// into 其他 or into a wrong family (staff service for a brake component).
//
// Usage: node bench/taxonomy-confusion.ts --input ../shared/data/en_vehicle_body_complaints.csv \
//          --truth component --extra Component [--cli path/to/cli.ts]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { openDb } from '../pipeline/db.ts';
import { quotedIdentifier } from '../pipeline/db.ts';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const input = opt('--input');
const truth = opt('--truth');
if (!input || !truth) {
  console.error('usage: --input FILE --truth FIELD [--extra HEADER] [--cli cli.ts] [--top 12]');
  process.exit(2);
}
if (!existsSync(input)) {
  console.warn(`skipping: ${input} is absent`);
  process.exit(0);
}
const extraKey = opt('--extra');
const top = Number(opt('--top') ?? 12);
const cli = resolve(opt('--cli') ?? join(ROOT, 'pipeline/cli.ts'));

const dir = mkdtempSync(join(tmpdir(), 'cl-taxo-'));
const dbPath = join(dir, 'w.duckdb');
const r = spawnSync(process.execPath, [cli, 'run', '--input', input, '--db', dbPath, '--quiet'], {
  encoding: 'utf8',
});
if (!existsSync(dbPath)) {
  console.error(`run failed (exit ${r.status}): ${r.stderr.slice(-500)}`);
  process.exit(1);
}
const db = await openDb(dbPath, { readOnly: true });
try {
  const hasField = Number(
    await db.scalar(
      `select count(*) from information_schema.columns where table_name = 'complaints' and column_name = $c`,
      { c: truth },
    ),
  );
  const label = hasField
    ? `c.${quotedIdentifier(truth)}`
    : extraKey
      ? `c.extra->>$extra`
      : `null::varchar`;
  const params: Record<string, string> = hasField || !extraKey ? {} : { extra: extraKey };
  const rows = await db.all<{ label: string; category: string; n: number | string }>(
    `select coalesce(${label}, '(none)') as label, m.category, count(*) as n
     from complaints c join mart_complaints m using (complaint_id)
     group by all`,
    params,
  );
  const byLabel = new Map<string, Map<string, number>>();
  const catTotals = new Map<string, number>();
  for (const row of rows) {
    const n = Number(row.n);
    const m = byLabel.get(row.label) ?? new Map<string, number>();
    m.set(row.category, (m.get(row.category) ?? 0) + n);
    byLabel.set(row.label, m);
    catTotals.set(row.category, (catTotals.get(row.category) ?? 0) + n);
  }
  const total = [...catTotals.values()].reduce((a, b) => a + b, 0);
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const labels = [...byLabel.entries()].sort((a, b) => sum(b[1]) - sum(a[1]));
  const shown = labels.slice(0, top);
  const rest = new Map<string, number>();
  for (const [, m] of labels.slice(top))
    for (const [c, n] of m) rest.set(c, (rest.get(c) ?? 0) + n);
  if (rest.size) shown.push([`(${labels.length - top} other values)`, rest]);
  // Categories by volume, 其他 last; an export's own unknown categories pooled beyond the top 6.
  const cats = [...catTotals.entries()]
    .filter(([c]) => c !== '其他')
    .sort((a, b) => b[1] - a[1])
    .map(([c]) => c);
  const shownCats = cats.slice(0, 6);
  const pooled = cats.slice(6);
  const head = [
    truth,
    ...shownCats,
    ...(pooled.length ? [`${pooled.length} more`] : []),
    '其他',
    'n',
  ];
  console.log(
    `${basename(input)} — ${total} complaints, ${((100 * (catTotals.get('其他') ?? 0)) / total).toFixed(1)}% in 其他 (${basename(resolve(cli, '../..'))})\n`,
  );
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  for (const [name, m] of shown) {
    const n = sum(m);
    const pct = (x: number) => (x ? `${Math.round((100 * x) / n)}%` : '');
    const pooledN = pooled.reduce((a, c) => a + (m.get(c) ?? 0), 0);
    console.log(
      `| ${name} | ${shownCats.map((c) => pct(m.get(c) ?? 0)).join(' | ')}${pooled.length ? ` | ${pct(pooledN)}` : ''} | ${pct(m.get('其他') ?? 0)} | ${n} |`,
    );
  }
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
