// `node bench/regulator-export.ts OUT_DIR`: rewrite the two real NHTSA extracts in ../shared/data/
// as complaint exports with the product's own canonical Chinese headers, so that the hot-spot
// measurements go through `complaint-lens run --input FILE` like any user's export while header
// recognition of the raw regulator layouts is being fixed separately.
//
// The regulator case (issue 16): the vehicle model is the product, the make the product category,
// the model year the batch, 1 January of the model year its production date, no volumes file, and
// every complaint a quality complaint (投诉类别 产品质量). The cause text: the maker's `Component`
// label for en_vehicle_body_complaints.csv (the structured component, the only text as in the
// issue), the owner's narrative for the flat file (its COMPDESC is "UNKNOWN OR OTHER" throughout).
// Writes OUT_DIR/nhtsa_flat_canonical.csv and OUT_DIR/vehicle_body_canonical.csv.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDb, quotedString } from '../pipeline/db.ts';

const DATA = resolve(import.meta.dirname, '../../shared/data');
const out = resolve(process.argv[2] ?? 'tmp-regulator');
mkdirSync(out, { recursive: true });

const db = await openDb(':memory:');
try {
  const flat = resolve(DATA, 'nhtsa_flat_cmpl_hyundai_kia.csv');
  await db.run(`copy (
      select ODINO as 投诉编号, strptime(DATEA, '%Y%m%d')::date as 受理时间, MODELTXT as 产品型号,
             MAKETXT as 产品类别, YEARTXT as 批次, make_date(cast(YEARTXT as integer), 1, 1) as 生产日期,
             STATE as 地区, '产品质量' as 投诉类别, CDESCR as 投诉内容
      from read_csv(${quotedString(flat)}, all_varchar = true, header = true)
      where try_cast(YEARTXT as integer) between 1950 and 2100
    ) to ${quotedString(resolve(out, 'nhtsa_flat_canonical.csv'))} (header true)`);
  const body = resolve(DATA, 'en_vehicle_body_complaints.csv');
  await db.run(`copy (
      select "Complaint ID" as 投诉编号, "Date Received" as 受理时间, Model as 产品型号, 'FORD' as 产品类别,
             "Model Year" as 批次, make_date(cast("Model Year" as integer), 1, 1) as 生产日期, State as 地区,
             '产品质量' as 投诉类别, Component as 投诉内容
      from read_csv(${quotedString(body)}, all_varchar = true, header = true)
      where try_cast("Model Year" as integer) between 1950 and 2100
    ) to ${quotedString(resolve(out, 'vehicle_body_canonical.csv'))} (header true)`);
} finally {
  db.close();
}
for (const f of ['nhtsa_flat_canonical.csv', 'vehicle_body_canonical.csv'])
  process.stdout.write(`${resolve(out, f)}\n`);
