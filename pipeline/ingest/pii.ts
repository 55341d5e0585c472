// Personal data in columns that are not canonical free text, masked or hashed on load
// (docs/security.md "PII at ingest"). Runs on the raw table of one file, before staging, so the
// stored rows, their `extra` JSON and the raw text of rejected rows all see the protected value.
//
// - Columns kept in `extra` whose HEADER names personal data (客户姓名, 联系电话, 地址, e-mail,
//   身份证号, name, phone, address …) are masked by kind: names keep their first character,
//   phones and ID numbers their last four, addresses their first six characters (province/city),
//   e-mail addresses their first character and domain.
// - Any other `extra` column whose CONTENT holds a phone, ID-card number or e-mail address in the
//   sampled values gets the free-text masking (cl_mask_pii) on every value.
// - customer_id is replaced by a salted SHA-256 (repeat detection still works: equal ids stay
//   equal). The salt is privacy.customerIdSalt when configured (stageSql applies it), else a random
//   key created once per warehouse in `privacy_keys`.
// - privacy.keepRaw (admin-set configuration: source headers, or "customer_id") keeps those
//   values as exported; each kept column is logged, so the choice is never silent.
// Canonical free-text fields are masked by normalise.ts already; ids, dates, amounts and codes
// are left alone (a 15-digit batch code is not an ID card, and masking it would break hot spots).
import type { Db, Params } from '../db.ts';
import { quotedIdentifier } from '../db.ts';
import type { ColumnMapping } from './headers.ts';
import { addressPattern, piiKindOfHeader, type PiiKind } from './piiText.ts';

export { piiKindOfHeader, type PiiKind } from './piiText.ts';

/** SQL masking each kind (x is the cleaned text; macros from normalise.ts). Its JavaScript twin,
 * for rejected rows, is piiText.ts's maskOfKind: the two must say the same. */
function maskSql(kind: PiiKind, x: string): string {
  switch (kind) {
    case 'name':
      return `left(${x}, 1) || repeat('*', greatest(length(${x}) - 1, 1))`;
    case 'phone':
    case 'id_card':
      return `repeat('*', greatest(length(${x}) - 4, 2)) || right(${x}, least(4, length(${x}) - 1))`;
    case 'email':
      return `case when cl_mask_pii(${x}) <> ${x} then cl_mask_pii(${x}) else left(${x}, 1) || '***' end`;
    case 'address':
      return `left(${x}, 6) || '***'`;
  }
}

const contentPattern =
  String.raw`\b\d{6}(\d{8}\d{3}[0-9Xx]|\d{6}\d{3})\b|(\+?86[- ]?)?\b1[3-9]\d[- ]?\d{4}[- ]?\d{4}\b|\b0\d{2,3}-\d{7,8}\b|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|` +
  addressPattern;
const sampleRows = 5000;

export interface PiiPolicy {
  /** privacy.customerIdSalt: when set, stageSql hashes customer ids with it. */
  customerIdSalt: string | null;
  /** privacy.keepRaw: source headers (or "customer_id") stored as exported. */
  keepRaw: readonly string[];
}

export interface PiiAction {
  column: string;
  action: 'masked' | 'hashed' | 'kept_by_policy';
  why: string;
}

/** Mask or hash the personal data of one raw table in place; returns what was done. */
export async function protectPii(
  db: Db,
  table: string,
  headers: readonly string[],
  mapping: ColumnMapping,
  policy: PiiPolicy,
): Promise<PiiAction[]> {
  const actions: PiiAction[] = [];
  const keep = new Set(policy.keepRaw);
  const t = quotedIdentifier(table);
  const sets: string[] = [];
  const params: Params = {};

  for (const { index } of mapping.extra) {
    const header = headers[index] ?? `c${index}`;
    const col = `c${index}`;
    const byHeader = piiKindOfHeader(header);
    let why: string | undefined;
    let expr: string | undefined;
    if (byHeader) {
      why = `header names ${byHeader}`;
      expr = maskSql(byHeader, `cl_clean(${col})`);
    } else {
      const hits = Number(
        await db.scalar(
          `select count(*) from (select ${col} as v from ${t} where ${col} is not null limit ${sampleRows})
           where regexp_matches(v, $pattern)`,
          { pattern: contentPattern },
        ),
      );
      if (hits > 0) {
        why = `${hits} of the first ${sampleRows} values hold a phone, ID, e-mail or street address`;
        expr = `cl_mask_pii(${col})`;
      }
    }
    if (!why || !expr) continue;
    if (keep.has(header)) {
      actions.push({ column: header, action: 'kept_by_policy', why });
      continue;
    }
    sets.push(`${col} = case when cl_clean(${col}) is null then ${col} else ${expr} end`);
    actions.push({ column: header, action: 'masked', why });
  }

  const customer = mapping.fields.customer_id ?? [];
  if (customer.length > 0 && policy.customerIdSalt === null) {
    const header = mapping.sourceHeader.customer_id ?? 'customer_id';
    if (keep.has('customer_id') || keep.has(header)) {
      actions.push({ column: header, action: 'kept_by_policy', why: 'customer id' });
    } else {
      params.pii_key = await warehouseKey(db);
      for (const index of customer) {
        const col = `c${index}`;
        sets.push(
          `${col} = case when cl_clean(${col}) is null then ${col} else sha256($pii_key || cl_clean(${col})) end`,
        );
      }
      actions.push({ column: header, action: 'hashed', why: 'customer id (per-warehouse key)' });
    }
  }

  if (sets.length > 0) await db.run(`update ${t} set ${sets.join(', ')}`, params);
  return actions;
}

/** The warehouse's random hashing key, created on first use. */
async function warehouseKey(db: Db): Promise<string> {
  await db.run(
    `create table if not exists privacy_keys as
     select 'customer_id' as purpose, sha256(uuid()::varchar || random()::varchar) as key`,
  );
  const key = await db.scalar<string>(
    `select key from privacy_keys where purpose = 'customer_id' limit 1`,
  );
  if (!key || !/^[0-9a-f]{64}$/.test(key)) throw new Error('privacy_keys holds no valid key');
  return key;
}
