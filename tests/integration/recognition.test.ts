// Real exports load right the first time (issue 12): the real NHTSA and vehicle-complaint files in
// ../shared/data load through the CLI with no mapping file and their key fields recognised; a file
// without a description warns and names what is disabled (exit 3 with --strict); `inspect`
// proposes a mapping that `--mapping` accepts unchanged; the mapping used is stored per file.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, buckets, query, runCli, tempDir } from './cli-harness.ts';

const DATA = join(ROOT, '../shared/data');
const NHTSA = join(DATA, 'nhtsa_flat_cmpl_hyundai_kia.csv');
const VEHICLE = join(DATA, 'en_vehicle_body_complaints.csv');
const REVIEWS = ['zh_shopping_reviews.csv', 'zh_delivery_reviews.csv'].map((f) => join(DATA, f));
const hasData = existsSync(NHTSA) && existsSync(VEHICLE);
if (!hasData)
  console.warn(
    `skipping real-export recognition tests: ${NHTSA} / ${VEHICLE} absent (they live in ../shared/data beside the repo)`,
  );

/** Share of current complaints with each field present. */
async function shares(db: string, fields: string[]): Promise<Record<string, number>> {
  const [row] = await query<Record<string, number>>(
    db,
    `select ${fields.map((f) => `avg((${f} is not null)::int)::double as ${f}`).join(', ')} from complaints`,
  );
  return row;
}

describe.skipIf(!hasData)('real exports without a mapping file', () => {
  it('loads the NHTSA flat-file layout with description, brand, series, model year, incident date and a derived product/batch', async () => {
    const db = join(await tempDir(), 'nhtsa.duckdb');
    const r = await runCli(['ingest', '--db', db, '--input', NHTSA, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(buckets(r.json.files[0])).toEqual({
      read: 1702,
      new: 1702,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    });
    const s = await shares(db, [
      'description',
      'brand',
      'series',
      'model_year',
      'incident_at',
      'component',
      'product',
      'batch',
    ]);
    for (const f of ['description', 'brand', 'series', 'model_year', 'component'])
      expect(s[f], f).toBe(1);
    // One FAILDATE (ODI 11704324) is 1979-01-15, before the plausible-date floor: nulled, counted.
    expect(s.incident_at).toBeCloseTo(1701 / 1702, 6);
    expect(s.product).toBe(1);
    expect(s.batch).toBe(1);
    const [c] = await query<Record<string, unknown>>(
      db,
      `select product, product_category, batch, brand, series, model_year, component,
              production_date::varchar production_date,
              incident_at::date::varchar incident, received_at::date::varchar received
       from complaints where complaint_id = '11446088'`,
    );
    expect(c).toEqual({
      product: 'KIA SOUL',
      product_category: 'KIA',
      batch: '2018',
      brand: 'KIA',
      series: 'SOUL',
      model_year: 2018,
      // MANUF_DT is blank in this record: the batch's age counts from 1 January of its model year.
      production_date: '2018-01-01',
      component: 'UNKNOWN OR OTHER',
      incident: '2021-12-17',
      received: '2022-01-04',
    });
    const [run] = await query<{ derivation: string; missing_fields: string }>(
      db,
      `select derivation, missing_fields from load_runs`,
    );
    expect(run.derivation).toBe(
      'product = brand + series; product_category = brand; batch = model_year; production_date = 1 January of model_year where the row gives none',
    );
    expect(run.missing_fields).toMatch(/^resolved_at\|closed_at \(disables handling KPIs/);
    const mapped = await query<{ header: string; field: string | null; method: string }>(
      db,
      `select header, field, method from load_mappings where header in ('CDESCR', 'MAKETXT', 'CMPLID') order by header`,
    );
    expect(mapped).toEqual([
      { header: 'CDESCR', field: 'description', method: 'synonym' },
      { header: 'CMPLID', field: null, method: null },
      { header: 'MAKETXT', field: 'brand', method: 'synonym' },
    ]);
  });

  it('loads the vehicle body complaints with description, model, model year, incident date and component, and uses the component as the hot-spot cause', async () => {
    const db = join(await tempDir(), 'vehicle.duckdb');
    const r = await runCli(['run', '--db', db, '--input', VEHICLE, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.files[0].rows_new).toBe(2164);
    const s = await shares(db, [
      'description',
      'product',
      'model_year',
      'incident_at',
      'component',
    ]);
    expect(s).toEqual({
      description: 1,
      product: 1,
      model_year: 1,
      incident_at: 1,
      component: 1,
    });
    // The structured cause reaches the marts: every complaint's cause is its component, except the
    // five whose component is the placeholder UNKNOWN (they fall back to their text cluster).
    const [causes] = await query<{ n: number; component_causes: number }>(
      db,
      `select count(*)::int n, count(*) filter (where cluster_id like 'component:%')::int component_causes
       from int_batch_complaint_clusters`,
    );
    expect(causes.component_causes).toBe(2159);
    expect(causes.n).toBeLessThanOrEqual(2164);
    const [mart] = await query<{ with_component: number }>(
      db,
      `select count(component)::int with_component from mart_complaints`,
    );
    expect(mart.with_component).toBe(2164);
    const labels = await query<{ label: string }>(
      db,
      `select distinct dominant_cluster_label as label from mart_batch_hotspots
       where product = 'ESCAPE' and batch = '2020'`,
    );
    expect(labels).toEqual([{ label: 'DOOR CHECK ARM' }]);
  });
});

interface InspectJson {
  columns: {
    header: string;
    field: string | null;
    method: string | null;
    present: number | null;
    parse_rate: number | null;
  }[];
  unmapped: string[];
  missing: { field: string }[];
}

describe.skipIf(!hasData)('inspect on the real files', () => {
  it('measures each column on its own values: a blank production-date column reads empty, not 100 %', async () => {
    const r = await runCli(['inspect', '--input', NHTSA, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as InspectJson;
    const col = (h: string) => out.columns.find((c) => c.header === h)!;
    // MANUF_DT is blank in all 1,702 records; production_date is filled from the model year.
    expect(col('MANUF_DT')).toMatchObject({
      field: 'production_date',
      present: 0,
      parse_rate: null,
    });
    expect(col('FAILDATE')).toMatchObject({ field: 'incident_at', present: 1702 });
    expect(col('FAILDATE').parse_rate).toBeCloseTo(1701 / 1702, 4);
    expect(col('CDESCR')).toMatchObject({ field: 'description', parse_rate: 1 });
    const table = await runCli(['inspect', '--input', NHTSA]);
    expect(table.stdout).toMatch(/MANUF_DT\s+production_date\s+synonym\s+1\.00\s+empty/);
  });

  it.each(
    [
      'cfpb_2015q1.csv',
      'en_vehicle_body_complaints.csv',
      'nhtsa_flat_cmpl_hyundai_kia.csv',
      'zh_delivery_reviews.csv',
      'zh_shopping_reviews.csv',
    ].filter((f) => existsSync(join(DATA, f))),
  )('docs/schema.md shows what inspect prints today for %s', async (file) => {
    const docs = await readFile(join(ROOT, 'docs/schema.md'), 'utf8');
    const block = docs.match(
      new RegExp('`' + file.replace('.', '\\.') + '`:\\n\\n```text\\n([^]*?)\\n```'),
    );
    expect(block, `docs/schema.md has no inspect block for ${file}`).not.toBeNull();
    const r = await runCli(['inspect', '--input', `../shared/data/${file}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trimEnd(), 'regenerate the block in docs/schema.md').toBe(block![1]);
  });

  it.each(REVIEWS.filter(existsSync))(
    'reads a review file (%s) as descriptions and names the missing id and date',
    async (file) => {
      const r = await runCli(['inspect', '--input', file, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as InspectJson;
      expect(out.columns.find((c) => c.header === 'review')).toMatchObject({
        field: 'description',
      });
      expect(out.missing.map((m) => m.field)).toEqual(
        expect.arrayContaining(['complaint_id', 'received_at']),
      );
    },
  );
});

describe('missing key fields', () => {
  it('warns and names the disabled analyses when no column is a description, and exits 3 with --strict', async () => {
    const dir = await tempDir();
    const file = join(dir, 'no_description.csv');
    await writeFile(
      file,
      '工单号,受理时间,渠道\nND-1,2026-03-01 09:00,电话\nND-2,2026-03-02 10:00,官网\nND-3,2026-03-03 11:00,门店\n',
    );
    const db = join(dir, 'w.duckdb');
    const r = await runCli(['ingest', '--db', db, '--input', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/level=warn msg="no description column: no root causes/);
    expect(r.stderr).toMatch(/level=warn msg="no product column: no product and batch hot spots/);
    const missing = (r.json.files[0] as unknown as { missing_fields: { field: string }[] })
      .missing_fields;
    expect(missing.map((m) => m.field)).toEqual([
      'description',
      'product',
      'resolved_at|closed_at',
    ]);

    const strict = await runCli(['ingest', '--db', db, '--input', file, '--json', '--strict']);
    expect(strict.code).toBe(3);
    expect(strict.json.status).toBe('missing_key_fields');
  });

  it('does not warn about description or product for the sample export', async () => {
    const db = join(await tempDir(), 'sample.duckdb');
    const r = await runCli([
      'ingest',
      '--db',
      db,
      '--input',
      join(ROOT, 'sample-data/complaints_en.csv'),
      '--strict',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/no description column|no product column/);
  });
});

describe('implausible dates', () => {
  it('honours a configured date floor: earlier incident dates become NULL, counted with an example, the rows kept', async () => {
    const dir = await tempDir();
    const file = join(dir, 'dates.csv');
    await writeFile(
      file,
      [
        'complaint id,received date,incident date,description',
        'D-1,2026-03-01,1995-06-01,door rattles at speed',
        'D-2,2026-03-02,2001-02-03,window regulator broke',
        'D-3,2026-03-03,1985-01-01,latch failed in the cold',
      ].join('\n') + '\n',
    );
    const config = join(dir, 'config.json');
    await writeFile(config, JSON.stringify({ ingest: { dateFloor: '2000-01-01' } }));
    const db = join(dir, 'w.duckdb');
    const r = await runCli(['ingest', '--db', db, '--input', file, '--config', config, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.files[0].rows_new).toBe(3);
    const rows = await query<{ complaint_id: string; incident: string | null }>(
      db,
      `select complaint_id, incident_at::date::varchar incident from complaints order by complaint_id`,
    );
    expect(rows).toEqual([
      { complaint_id: 'D-1', incident: null },
      { complaint_id: 'D-2', incident: '2001-02-03' },
      { complaint_id: 'D-3', incident: null },
    ]);
    const [q] = await query<{ unparsed: number; example: string }>(
      db,
      `select unparsed::int unparsed, unparsed_example example from field_quality where field = 'incident_at'`,
    );
    expect(q.unparsed).toBe(2);
    expect(q.example).toMatch(/^(1995-06-01|1985-01-01) \(outside the plausible dates 2000-01-01/);
  });
});

describe('files without a header row', () => {
  it('loads the first line as data and maps the columns by content, saying so', async () => {
    const dir = await tempDir();
    const db = join(dir, 'w.duckdb');
    const r = await runCli([
      'ingest',
      '--db',
      db,
      '--input',
      join(FIXTURES, 'layouts/headerless_service_log.csv'),
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/level=warn msg="no header row/);
    expect(buckets(r.json.files[0])).toEqual({
      read: 3,
      new: 3,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    });
    const rows = await query<{ complaint_id: string; description: string }>(
      db,
      `select complaint_id, description from complaints order by complaint_id`,
    );
    expect(rows.map((x) => x.complaint_id)).toEqual(['C-0001', 'C-0002', 'C-0003']);
    expect(rows[0].description).toBe('压缩机夜里异响很吵，已经第三次报修了还是没修好');
    const inferred = (r.json.files[0] as unknown as { inferred: string[] }).inferred;
    expect(inferred.map((x) => x.split(' (')[0])).toEqual([
      'complaint_id ← column_1',
      'received_at ← column_2',
      'description ← column_4',
    ]);
  });
});

describe('inspect', () => {
  it('proposes a mapping per column, writes a mapping file that --mapping accepts unchanged', async () => {
    const dir = await tempDir();
    const file = join(FIXTURES, 'layouts/appliance_service_tickets.csv');
    const mapFile = join(dir, 'map.json');
    const r = await runCli(['inspect', '--input', file, '--json', '--write-mapping', mapFile]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      rows: number;
      columns: {
        header: string;
        field: string | null;
        method: string | null;
        confidence: number;
        samples: string[];
        parse_rate: number | null;
      }[];
      unmapped: string[];
      missing: { field: string }[];
    };
    expect(out.rows).toBe(3);
    const byHeader = new Map(out.columns.map((c) => [c.header, c]));
    expect(byHeader.get('报修时间')).toMatchObject({
      field: 'received_at',
      method: 'synonym',
      confidence: 1,
      parse_rate: 1,
    });
    expect(byHeader.get('故障现象')).toMatchObject({ field: 'description', method: 'content' });
    expect(byHeader.get('故障现象')!.confidence).toBeLessThan(1);
    expect(byHeader.get('故障代码')!.samples).toEqual(['E1', 'E21', 'E5']);
    expect(out.unmapped).toEqual(['购买日期', '服务网点']);
    // No batch, model year or production date: batch hot spots are named as disabled.
    expect(out.missing.map((m) => m.field)).toEqual(['batch']);

    const mapping = JSON.parse(await readFile(mapFile, 'utf8')) as Record<string, string | null>;
    expect(mapping['故障现象']).toBe('description');
    expect(mapping['服务网点']).toBeNull();
    const db = join(dir, 'w.duckdb');
    const loaded = await runCli(['ingest', '--db', db, '--input', file, '--mapping', mapFile]);
    expect(loaded.code, loaded.stderr).toBe(0);
    const methods = await query<{ method: string; n: number }>(
      db,
      `select method, count(*)::int n from load_mappings group by method order by method`,
    );
    // With the written mapping every column is decided by the mapping file.
    expect(methods).toEqual([{ method: 'mapping', n: 12 }]);
    const [row] = await query<{ description: string; component: string; serial_no: string }>(
      db,
      `select description, component, serial_no from complaints where complaint_id = 'WX-0002'`,
    );
    expect(row).toEqual({
      description: '排水时报警不排水，桶里一直有积水',
      component: 'E21',
      serial_no: 'SN20221102017',
    });
  });

  it('prints a readable table naming the missing fields', async () => {
    const r = await runCli([
      'inspect',
      '--input',
      join(FIXTURES, 'layouts/headerless_service_log.csv'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/NO HEADER ROW/);
    expect(r.stdout).toMatch(/inferred from content: description ← "column_4"/);
    expect(r.stdout).toMatch(/MISSING product: no product and batch hot spots/);
  });
});
