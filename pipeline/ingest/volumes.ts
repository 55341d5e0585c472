// The volumes file: production or shipment units per product and batch, the exposure that turns
// complaint counts into rates. Same readers and value parsing as complaints; rows are keyed by
// (product, batch) and accounted in the same four buckets.
import type { Db } from '../db.ts';
import { normaliseHeader } from '../schema/normaliseHeader.ts';
import { readAny, type ReadOptions } from './read.ts';
import type { MergeCounts } from './merge.ts';
import { rawRowExpr } from './normalise.ts';
import { insertReaderRejects } from './rejects.ts';

const VOLUME_SYNONYMS: Record<'product' | 'batch' | 'production_date' | 'units', string[]> = {
  product: [
    '产品型号',
    '型号',
    '产品',
    '产品名称',
    '机型',
    'product',
    'model',
    'productmodel',
    'sku',
    'item',
  ],
  batch: [
    '批次',
    '批号',
    '生产批号',
    '生产批次',
    '批次号',
    'batch',
    'batchno',
    'batchid',
    'lot',
    'lotno',
    'lotnumber',
  ],
  production_date: [
    '生产日期',
    '出厂日期',
    '制造日期',
    'productiondate',
    'manufacturedate',
    'mfgdate',
    'date',
  ],
  units: [
    '数量',
    '生产数量',
    '产量',
    '出货量',
    '发货量',
    '销量',
    '台数',
    'units',
    'quantity',
    'qty',
    'volume',
    'unitsproduced',
    'unitsshipped',
    'shipped',
  ],
};

/**
 * The column index of each field in a side file (volumes, actions): the first header whose
 * normalised form equals one of the field's synonyms.
 */
export function matchColumns<F extends string>(
  headers: readonly string[],
  synonyms: Record<F, string[]>,
): Partial<Record<F, number>> {
  const col: Partial<Record<F, number>> = {};
  headers.forEach((h, i) => {
    const n = normaliseHeader(h);
    for (const [field, syns] of Object.entries(synonyms) as [F, string[]][]) {
      if (col[field] === undefined && syns.some((s) => normaliseHeader(s) === n)) col[field] = i;
    }
  });
  return col;
}

/**
 * The four-way accounting of a side file loaded through `<prefix>_raw` → `<prefix>_staged`
 * (reject_reason) → `<prefix>_classified` (outcome), then the temp tables dropped.
 */
export async function sideFileResult(
  db: Db,
  raw: {
    rowsRead: number;
    rejects: readonly unknown[];
    format: string;
    encoding: string | null;
    bytes: number;
  },
  prefix: 'vol' | 'act',
): Promise<VolumesResult> {
  const c = await db.one<Record<string, number>>(
    `select count(*) filter (where outcome = 'new')::integer as n, count(*) filter (where outcome = 'updated')::integer as u,
            count(*) filter (where outcome = 'unchanged')::integer as s,
            (select count(*) from ${prefix}_staged where reject_reason is not null)::integer as r
     from ${prefix}_classified`,
  );
  await db.run(
    `drop table if exists ${prefix}_staged; drop table if exists ${prefix}_classified; drop table if exists ${prefix}_raw;`,
  );
  return {
    rows_read: raw.rowsRead,
    rows_new: c?.n ?? 0,
    rows_updated: c?.u ?? 0,
    rows_unchanged: c?.s ?? 0,
    rows_rejected: (c?.r ?? 0) + raw.rejects.length,
    format: raw.format,
    encoding: raw.encoding,
    bytes: raw.bytes,
  };
}

export interface VolumesResult extends MergeCounts {
  rows_read: number;
  format: string;
  encoding: string | null;
  bytes: number;
}

/**
 * Read a side file (volumes, actions) into `<table>`, record the reader's rejects, and give per
 * canonical field the SQL of its cleaned column in `r` (NULL when the file has no such column).
 */
export async function readSideFile<F extends string>(
  db: Db,
  file: string,
  runId: number,
  table: string,
  opts: ReadOptions,
  synonyms: Record<F, string[]>,
) {
  const raw = await readAny(db, file, table, opts);
  const col = matchColumns(raw.headers, synonyms);
  await insertReaderRejects(db, runId, file, raw.rejects, {
    headers: raw.headers,
    delimiter: raw.delimiter,
  });
  const ref = (f: F) => (col[f] === undefined ? 'null::varchar' : `cl_clean(r.c${col[f]})`);
  return { raw, ref, rawRow: rawRowExpr(raw.headers) };
}

export async function loadVolumes(
  db: Db,
  file: string,
  runId: number,
  opts: ReadOptions & { tz: string },
): Promise<VolumesResult> {
  const { raw, ref, rawRow } = await readSideFile(
    db,
    file,
    runId,
    'vol_raw',
    opts,
    VOLUME_SYNONYMS,
  );
  const p = { run: runId, file };
  await db.run(
    `create or replace temp table vol_staged as
     with parsed as (
       select r.rn, ${ref('product')} as product, ${ref('batch')} as batch,
              cl_ts(${ref('production_date')}, 'mdy', $tz)::date as production_date,
              ${ref('units')} as units_raw,
              try_cast(try_cast(regexp_replace(${ref('units')}, '[,\\s台件个]', '', 'g') as double) as bigint) as units,
              ${rawRow.expr} as raw_row
       from vol_raw r
     ),
     final as (
       select *, case
         when product is null then 'missing_product'
         when batch is null then 'missing_batch'
         when units_raw is null then 'missing_units'
         when units is null or units < 0 then 'invalid_units'
       end as reject_reason
       from parsed
     )
     select * from final`,
    { ...rawRow.params, tz: opts.tz },
  );
  await db.run(
    `insert into rejects (run_id, file, row_number, reason, message, raw)
     select $run, $file, rn, reject_reason, reject_reason || ': ' || coalesce(units_raw, ''), raw_row
     from vol_staged where reject_reason is not null`,
    p,
  );
  await db.run(`
    create or replace temp table vol_classified as
    with valid as (
      select *, row_number() over (partition by product, batch order by rn desc) as from_last
      from vol_staged where reject_reason is null
    ),
    final as (
      select v.*, case
        when v.from_last > 1 then 'unchanged'
        when w.product is null then 'new'
        when w.units = v.units and w.production_date is not distinct from v.production_date then 'unchanged'
        else 'updated'
      end as outcome
      from valid v left join volumes w on w.product = v.product and w.batch = v.batch
    )
    select * from final`);
  await db.run(
    `insert or replace into volumes (product, batch, production_date, units, source_file)
     select product, batch, production_date, units, $file from vol_classified where outcome in ('new', 'updated')`,
    { file },
  );
  return sideFileResult(db, raw, 'vol');
}
