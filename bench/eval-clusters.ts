// eval:clusters — how well root-cause clustering recovers known groups, how stable it is, and what
// its labels look like.
//
//   npm run eval:clusters [-- --no-write] [--quick]
//
// 1. ../shared/data/zh_shopping_reviews.csv, the 15,434 negative reviews (label 0), scored against
//    their product category `cat` (10 labels): NMI (arithmetic normalisation, as scikit-learn) and
//    ARI, with unassigned complaints counted as one more cluster; next to the baseline computed in
//    this harness (plain jieba tokens, TF-IDF min_df 3 / max_df 0.5 / sublinear, k-means k = 10,
//    5 inits: pipeline/cluster/baseline.ts) and the scikit-learn reference from the data README.
//    Stability: 5 % of the reviews (hash of the id) held back; a cold build on the other 95 %, then
//    (a) a nightly run adding the 5 % (assignment), (b) a warm full rebuild on 100 %, (c) an
//    independent cold build on 100 %; ARI between the first build and each, on the common 95 %.
// 2. The committed samples (sample-data/complaints.csv, 20k zh, seed 42; complaints_en.csv, 2k en,
//    seed 7), regenerated with their ground-truth root cause (generateSample's labelsFile), loaded
//    with the real ingest and core models (so categories come from the taxonomy), scored against the
//    root cause.
// 3. ../shared/data/zh_delivery_reviews.csv negatives (no labels): unassigned share and labels.
// Results go to docs/benchmarks.md, section "## Clustering evaluation (eval:clusters)", unless --no-write.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb, type Db } from '../pipeline/db.ts';
import { defaultConfig } from '../pipeline/config.ts';
import { buildModels, coreSqlDir } from '../pipeline/models/index.ts';
import { generateSample } from '../pipeline/sample/generate.ts';
import { runClustering, type ClusterRunSummary } from '../pipeline/cluster/model.ts';
import type { ClusterOptions } from '../pipeline/cluster/options.ts';
import { ari, nmi } from '../pipeline/cluster/metrics.ts';
import { baselineClusters, baselineMatrix } from '../pipeline/cluster/baseline.ts';
import { unitHash } from '../pipeline/cluster/random.ts';
import { writeBenchSection } from './doc.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SHARED = join(ROOT, '../shared/data');
const SECTION = '## Clustering evaluation (eval:clusters)';
const write = !process.argv.includes('--no-write');
const quick = process.argv.includes('--quick');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : null;
const wanted = (part: string) => only === null || only.split(',').includes(part);

interface Row {
  dataset: string;
  method: string;
  docs: number;
  labels: number | null;
  clusters: number | null;
  nmi: number | null;
  ari: number | null;
  unassigned: number | null;
  seconds: number;
}

const results: Row[] = [];
const notes: string[] = [];
const labelBlocks: string[] = [];
const config = defaultConfig();
const quiet = () => {};

function fmt(x: number | null, digits = 3): string {
  return x === null ? '–' : x.toFixed(digits);
}

async function loadTable(
  db: Db,
  name: string,
  rows: { id: string; text: string; category?: string | null }[],
): Promise<void> {
  await db.run(
    `create or replace table ${name} (complaint_id varchar, description varchar, category varchar)`,
  );
  const app = await db.conn.createAppender(name);
  for (const r of rows) {
    app.appendVarchar(r.id);
    app.appendVarchar(r.text);
    if (r.category) app.appendVarchar(r.category);
    else app.appendNull();
    app.endRow();
  }
  app.flushSync();
  app.closeSync();
}

async function assignments(db: Db): Promise<Map<string, number>> {
  const rows = await db.all<{ complaint_id: string; cluster_id: number | null }>(
    'select complaint_id, cluster_id from complaint_clusters',
  );
  return new Map(
    rows.map((r) => [r.complaint_id, r.cluster_id === null ? -1 : Number(r.cluster_id)]),
  );
}

function score(
  pred: Map<string, number>,
  truth: Map<string, string>,
): { nmi: number; ari: number; nmiAssigned: number } {
  const ids = [...truth.keys()].filter((id) => pred.has(id));
  const p = ids.map((id) => pred.get(id)!);
  const t = ids.map((id) => truth.get(id)!);
  const assigned = ids.filter((id) => pred.get(id)! >= 0);
  return {
    nmi: nmi(t, p),
    ari: ari(t, p),
    nmiAssigned: nmi(
      assigned.map((id) => truth.get(id)!),
      assigned.map((id) => pred.get(id)!),
    ),
  };
}

function agreement(a: Map<string, number>, b: Map<string, number>, ids: readonly string[]): number {
  const common = ids.filter((id) => a.has(id) && b.has(id));
  return ari(
    common.map((id) => a.get(id)!),
    common.map((id) => b.get(id)!),
  );
}

async function labelTable(
  db: Db,
  title: string,
  source: string,
  truth?: Map<string, string>,
  limit = 15,
): Promise<void> {
  const rows = await db.all<{
    cluster_id: number;
    label: string;
    complaints: number;
    category: string | null;
    top: string[];
    reps: string[];
  }>(
    `select cluster_id, label, complaints, category, top_terms[1:6] as top, representative_ids as reps from cluster_labels where active order by complaints desc, cluster_id limit ${limit}`,
  );
  const pred = truth ? await assignments(db) : null;
  const lines = [
    `**${title}** (largest ${rows.length} clusters)`,
    '',
    `| id | label | complaints | category | top terms |${truth ? ' majority truth |' : ''}`,
    `|---:|---|---:|---|---|${truth ? '---|' : ''}`,
  ];
  for (const r of rows) {
    let major = '';
    if (truth && pred) {
      const counts = new Map<string, number>();
      let n = 0;
      for (const [id, c] of pred) {
        if (c !== Number(r.cluster_id)) continue;
        const t = truth.get(id);
        if (t === undefined) continue;
        counts.set(t, (counts.get(t) ?? 0) + 1);
        n++;
      }
      const top = [...counts].sort((a, b) => b[1] - a[1])[0];
      major = top ? ` ${top[0]} ${Math.round((100 * top[1]) / n)}% |` : ' |';
    }
    lines.push(
      `| ${r.cluster_id} | ${r.label} | ${r.complaints} | ${r.category ?? ''} | ${(r.top ?? []).join(', ')} |${major}`,
    );
  }
  const rep = rows[0]?.reps?.[0];
  if (rep) {
    const text = await db.scalar<string>(
      `select description from ${source} where complaint_id = $id limit 1`,
      { id: rep },
    );
    if (text)
      lines.push(
        '',
        `Representative complaint of cluster ${rows[0].cluster_id}: “${text.slice(0, 160)}”`,
      );
  }
  labelBlocks.push(lines.join('\n'));
  console.log(`\n${lines.join('\n')}`);
}

async function run(
  db: Db,
  source: string,
  options: Partial<ClusterOptions> = {},
): Promise<ClusterRunSummary> {
  return runClustering(db, { config, source, options, log: quiet });
}

async function readCsv(db: Db, path: string): Promise<Record<string, string>[]> {
  return db.all(`select * from read_csv($p, header = true, all_varchar = true)`, { p: path });
}

// ------------------------------------------------------------------------------------------------

async function shopping(): Promise<void> {
  const path = join(SHARED, 'zh_shopping_reviews.csv');
  if (!existsSync(path)) {
    notes.push(
      `SKIPPED zh_shopping_reviews: ${path} not found (the shared real data is not on this machine).`,
    );
    console.log(notes.at(-1));
    return;
  }
  const tmp = await openDb(':memory:');
  const all = (await readCsv(tmp, path)).filter((r) => r.label === '0');
  tmp.close();
  const rows = all.map((r, i) => ({
    id: `R${String(i + 1).padStart(6, '0')}`,
    text: r.review ?? '',
    cat: r.cat ?? '',
  }));
  const truth = new Map(rows.map((r) => [r.id, r.cat]));
  const labels = new Set(rows.map((r) => r.cat)).size;
  console.log(`zh_shopping_reviews: ${rows.length} negative reviews, ${labels} categories`);

  // Ours, cold, on everything.
  const dbFull = await openDb(':memory:', { threads: 2 });
  await loadTable(dbFull, 'src', rows);
  let t = performance.now();
  const full = await run(dbFull, 'src');
  const fullSec = (performance.now() - t) / 1000;
  const fullPred = await assignments(dbFull);
  const s = score(fullPred, truth);
  results.push({
    dataset: 'zh_shopping_reviews (neg.)',
    method: '**ours** (cold build)',
    docs: rows.length,
    labels,
    clusters: full.clusters,
    nmi: s.nmi,
    ari: s.ari,
    unassigned: full.outlierShare,
    seconds: fullSec,
  });
  notes.push(
    `zh_shopping_reviews, ours: NMI on assigned reviews only ${s.nmiAssigned.toFixed(3)}; time includes text preparation (${(full.timings.text / 1000).toFixed(1)} s).`,
  );
  await labelTable(dbFull, 'zh_shopping_reviews (negatives)', 'src', truth, quick ? 10 : 40);

  // Baseline in this harness.
  t = performance.now();
  const m = baselineMatrix(rows.map((r) => r.text));
  const b = baselineClusters(m, labels, 5, 1);
  const bSec = (performance.now() - t) / 1000;
  const bPred = new Map(rows.map((r, i) => [r.id, b[i]]));
  const bs = score(bPred, truth);
  results.push({
    dataset: 'zh_shopping_reviews (neg.)',
    method: `baseline: jieba + TF-IDF + k-means k=${labels}, 5 inits (this harness)`,
    docs: rows.length,
    labels,
    clusters: labels,
    nmi: bs.nmi,
    ari: bs.ari,
    unassigned: 0,
    seconds: bSec,
  });
  results.push({
    dataset: 'zh_shopping_reviews (neg.)',
    method: 'reference: same baseline in scikit-learn (data README)',
    docs: rows.length,
    labels,
    clusters: labels,
    nmi: 0.255,
    ari: 0.137,
    unassigned: 0,
    seconds: 4.7,
  });

  // Stability.
  const heldOut = (id: string) => unitHash(id, 4242) < 0.05;
  const base = rows.filter((r) => !heldOut(r.id));
  const commonIds = base.map((r) => r.id);
  const db95 = await openDb(':memory:', { threads: 2 });
  await loadTable(db95, 'src', base);
  const first = await run(db95, 'src');
  const firstPred = await assignments(db95);
  const fs = score(firstPred, truth);
  results.push({
    dataset: 'zh_shopping_reviews (neg.)',
    method: 'ours, cold build on 95 %',
    docs: base.length,
    labels,
    clusters: first.clusters,
    nmi: fs.nmi,
    ari: fs.ari,
    unassigned: first.outlierShare,
    seconds: first.milliseconds / 1000,
  });
  // (a) nightly: the 5 % arrive.
  await loadTable(db95, 'src', rows);
  t = performance.now();
  const nightly = await run(db95, 'src');
  const nightlySec = (performance.now() - t) / 1000;
  const nightlyPred = await assignments(db95);
  const ns = score(nightlyPred, truth);
  results.push({
    dataset: 'zh_shopping_reviews (neg.)',
    method: `ours, nightly ${nightly.mode} of the 5 % new (${nightly.newDocs})`,
    docs: rows.length,
    labels,
    clusters: nightly.clusters,
    nmi: ns.nmi,
    ari: ns.ari,
    unassigned: nightly.outlierShare,
    seconds: nightlySec,
  });
  const stabNightly = agreement(firstPred, nightlyPred, commonIds);
  // (b) warm rebuild on 100 %.
  t = performance.now();
  const warm = await run(db95, 'src', { rebuild: 'always' });
  const warmSec = (performance.now() - t) / 1000;
  const warmPred = await assignments(db95);
  const ws = score(warmPred, truth);
  results.push({
    dataset: 'zh_shopping_reviews (neg.)',
    method: `ours, warm full rebuild on 100 % (${warm.keptIds} ids kept, ${warm.newIds} new, ${warm.retiredIds} retired)`,
    docs: rows.length,
    labels,
    clusters: warm.clusters,
    nmi: ws.nmi,
    ari: ws.ari,
    unassigned: warm.outlierShare,
    seconds: warmSec,
  });
  const stabWarm = agreement(firstPred, warmPred, commonIds);
  // (c) independent cold build on 100 % (= the first row).
  const stabCold = agreement(firstPred, fullPred, commonIds);
  notes.push(
    `Stability (ARI with the 95 % build, on its ${commonIds.length} reviews): nightly assignment ${stabNightly.toFixed(3)}, warm full rebuild ${stabWarm.toFixed(3)}, independent cold build ${stabCold.toFixed(3)} (target ≥ 0.9 between runs on data differing by 5 %).`,
  );
  dbFull.close();
  db95.close();
}

async function sample(lang: 'zh' | 'en', rows: number, seed: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `cl-eval-${lang}-`));
  try {
    const labelsFile = join(dir, 'labels.csv');
    const gen = await generateSample({ rows, seed, outDir: dir, lang, labelsFile });
    const committed = join(
      ROOT,
      'sample-data',
      lang === 'en' ? 'complaints_en.csv' : 'complaints.csv',
    );
    const same = existsSync(committed) && sha(committed) === sha(gen.complaintsFile);
    const dbPath = join(dir, 'w.duckdb');
    const ing = spawnSync(
      process.execPath,
      [
        join(ROOT, 'pipeline/cli.ts'),
        'ingest',
        '--db',
        dbPath,
        '--input',
        gen.complaintsFile,
        '--volumes',
        gen.volumesFile,
        '--quiet',
      ],
      { encoding: 'utf8' },
    );
    let source = 'int_complaints_enriched';
    let textSource = 'stg_complaints';
    let fallback = false;
    const db = await openDb(dbPath, { threads: 2 });
    if (ing.status === 0 || ing.status === 3) {
      const sqlDir = coreSqlDir();
      const built = await buildModels(db, { sqlDir, config, skipTests: true });
      rmSync(sqlDir, { recursive: true, force: true });
      console.log(`${lang}: ${built.models.length} core models built`);
    } else {
      // The ingest is another module; when it is broken the evaluation still runs, on the raw CSV
      // without taxonomy categories, and says so.
      fallback = true;
      const [idCol, textCol] =
        lang === 'en' ? ['Complaint ID', 'Description'] : ['投诉编号', '问题描述'];
      await db.run(
        `create or replace table src as select "${idCol}" as complaint_id, "${textCol}" as description, cast(null as varchar) as category from read_csv($p, header = true, all_varchar = true)`,
        { p: gen.complaintsFile },
      );
      source = 'src';
      textSource = 'src';
      notes.push(
        `sample ${lang}: ingest failed (${(ing.stderr ?? '').split('\n')[0].slice(0, 160)}); evaluated on the raw CSV without taxonomy categories.`,
      );
    }
    const truthRows = await readCsv(db, labelsFile);
    const truth = new Map(truthRows.map((r) => [r.complaint_id, r.root_cause]));
    const labels = new Set(truth.values()).size;
    const name = `sample ${lang} (${rows.toLocaleString('en-US')}, seed ${seed}${same ? ', = committed file' : ''})`;
    const t = performance.now();
    const res = await runClustering(db, { config, log: quiet, source });
    const sec = (performance.now() - t) / 1000;
    const s = score(await assignments(db), truth);
    results.push({
      dataset: name,
      method: fallback
        ? '**ours** (cold build, no categories: ingest failed)'
        : '**ours** (cold build, categories from the taxonomy)',
      docs: res.docs,
      labels,
      clusters: res.clusters,
      nmi: s.nmi,
      ari: s.ari,
      unassigned: res.outlierShare,
      seconds: sec,
    });
    await labelTable(db, `sample ${lang} vs root cause`, textSource, truth, quick ? 10 : 20);
    if (!quick) {
      const t2 = performance.now();
      const textOnly = await runClustering(db, {
        config,
        log: quiet,
        source,
        options: { rebuild: 'cold', categoryWeight: 0 },
      });
      const s2 = score(await assignments(db), truth);
      results.push({
        dataset: name,
        method: 'ours, text only (categoryWeight 0)',
        docs: textOnly.docs,
        labels,
        clusters: textOnly.clusters,
        nmi: s2.nmi,
        ari: s2.ari,
        unassigned: textOnly.outlierShare,
        seconds: (performance.now() - t2) / 1000,
      });
    }
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function delivery(): Promise<void> {
  const path = join(SHARED, 'zh_delivery_reviews.csv');
  if (!existsSync(path)) {
    notes.push(`SKIPPED zh_delivery_reviews: ${path} not found.`);
    return;
  }
  const db = await openDb(':memory:', { threads: 2 });
  const all = (await readCsv(db, path)).filter((r) => r.label === '0');
  const rows = all.map((r, i) => ({
    id: `D${String(i + 1).padStart(6, '0')}`,
    text: r.review ?? '',
  }));
  await loadTable(db, 'src', rows);
  const t = performance.now();
  const res = await run(db, 'src');
  results.push({
    dataset: 'zh_delivery_reviews (neg., no labels)',
    method: '**ours** (cold build)',
    docs: rows.length,
    labels: null,
    clusters: res.clusters,
    nmi: null,
    ari: null,
    unassigned: res.outlierShare,
    seconds: (performance.now() - t) / 1000,
  });
  await labelTable(db, 'zh_delivery_reviews (negatives)', 'src', undefined, quick ? 10 : 25);
  db.close();
}

function sha(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function table(): string {
  const lines = [
    '| dataset | method | docs | labels | clusters | NMI | ARI | unassigned | seconds |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.dataset} | ${r.method} | ${r.docs.toLocaleString('en-US')} | ${r.labels ?? '–'} | ${r.clusters ?? '–'} | ${fmt(r.nmi)} | ${fmt(r.ari)} | ${r.unassigned === null ? '–' : (r.unassigned * 100).toFixed(1) + ' %'} | ${r.seconds.toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  if (wanted('shopping')) await shopping();
  if (wanted('zh')) await sample('zh', 20000, 42);
  if (wanted('en')) await sample('en', 2000, 7);
  if (wanted('delivery')) await delivery();
  const out = table();
  console.log(`\n${out}\n\n${notes.map((n) => `- ${n}`).join('\n')}`);
  if (write) {
    const section = [
      SECTION,
      '',
      `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run eval:clusters\` (bench/eval-clusters.ts), default settings`,
      `(docs/clustering.md), seed 20260101, Node ${process.versions.node}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, shared machine.`,
      'NMI: arithmetic normalisation (scikit-learn default); unassigned complaints count as one more cluster in NMI and ARI.',
      '',
      out,
      '',
      ...notes.map((n) => `- ${n}`),
      '',
      '### Labels',
      '',
      labelBlocks.join('\n\n'),
      '',
    ].join('\n');
    writeBenchSection(SECTION, section);
    console.log(`\nwritten to docs/benchmarks.md (${SECTION})`);
  }
  console.log(`eval done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

await main();
