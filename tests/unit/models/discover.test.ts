// Discovery of incremental models' headers (pipeline/models/discover.ts, docs/incremental.md): the
// optional headers are parsed, and a model that reads the KPI as-of time is refused unless
// recompute_where names the rows that move with it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverModels } from '../../../pipeline/models/discover.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function sqlDir(model: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cl-discover-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'intermediate'));
  writeFileSync(join(dir, 'intermediate', 'int_x.sql'), model);
  return dir;
}

const HEAD = '-- int_x: a test model\n-- materialized: incremental\n-- unique_key: complaint_id\n';

describe('incremental model headers', () => {
  it('parses depends_on_group, recompute_where, signature_query and incremental_source', async () => {
    const [m] = await discoverModels(
      sqlDir(
        HEAD +
          '-- depends_on_group: customer_id, product\n' +
          '-- recompute_where: is_open\n' +
          '-- signature_query: select distinct product from stg_volumes\n' +
          '-- incremental_source: int_complaints_enriched\n' +
          'select complaint_id, is_open, as_of from stg_complaints cross join stg_settings',
      ),
    );
    expect(m).toMatchObject({
      materialized: 'incremental',
      uniqueKey: 'complaint_id',
      groupBy: ['customer_id', 'product'],
      recomputeWhere: 'is_open',
      signatureQuery: 'select distinct product from stg_volumes',
      source: 'int_complaints_enriched',
    });
  });

  it('refuses a model reading as_of without recompute_where, but not one naming it in a comment', async () => {
    await expect(
      discoverModels(
        sqlDir(HEAD + 'select complaint_id, as_of from stg_complaints cross join stg_settings'),
      ),
    ).rejects.toThrow(/cannot read as_of/);
    const [m] = await discoverModels(
      sqlDir(HEAD + '-- no as_of here\nselect complaint_id from stg_complaints'),
    );
    expect(m.recomputeWhere).toBeUndefined();
  });

  it('refuses group columns and sources that are not names', async () => {
    await expect(
      discoverModels(
        sqlDir(HEAD + '-- depends_on_group: customer_id; drop table x\nselect 1 as complaint_id'),
      ),
    ).rejects.toThrow(/depends_on_group/);
    await expect(
      discoverModels(sqlDir(HEAD + '-- incremental_source: "stg x"\nselect 1 as complaint_id')),
    ).rejects.toThrow(/incremental_source/);
  });
});
