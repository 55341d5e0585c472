// The recorded-cause facet of the Root causes page against a tiny warehouse: components counted
// under the filters with the main text cluster of each, and null when nothing carries a component.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWarehouse } from './db.ts';
import { loadComponentCauses } from './componentCauses.ts';

let dir: string;

async function warehouse(name: string, withComponents: boolean): Promise<string> {
  const file = path.join(dir, name);
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  await conn.run(`
    create table mart_complaints as
    select * from (values
      ('c1', timestamp '2025-01-06 09:00', 'ESCAPE', 'DOOR CHECK ARM', 'door noise'),
      ('c2', timestamp '2025-01-07 09:00', 'ESCAPE', 'DOOR CHECK ARM', 'door noise'),
      ('c3', timestamp '2025-01-20 09:00', 'EDGE', 'DOOR CHECK ARM', 'door stuck'),
      ('c4', timestamp '2025-02-03 09:00', 'EDGE', 'DOOR LATCH', 'door stuck'),
      ('c5', timestamp '2025-02-04 09:00', 'EDGE', null, 'door stuck')
    ) as t(complaint_id, received_at, product, component, cluster_label)
    where ${withComponents} or component is null`);
  conn.closeSync();
  instance.closeSync();
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'complaint-lens-components-'));
});

afterAll(async () => {
  await closeWarehouse();
  delete process.env.COMPLAINT_LENS_DB;
  await rm(dir, { recursive: true, force: true });
});

describe('loadComponentCauses', () => {
  it('counts components with their main text cluster, under the filters', async () => {
    process.env.COMPLAINT_LENS_DB = await warehouse('with.duckdb', true);
    const all = (await loadComponentCauses({}))!;
    expect(all.total).toBe(4);
    expect(all.components).toBe(2);
    expect(all.rows.map((r) => [r.component, r.complaints, r.share, r.topCluster])).toEqual([
      ['DOOR CHECK ARM', 3, 0.75, 'door noise'],
      ['DOOR LATCH', 1, 0.25, 'door stuck'],
    ]);
    const edge = (await loadComponentCauses({ product: 'EDGE' }))!;
    expect(edge.rows.map((r) => [r.component, r.complaints])).toEqual([
      ['DOOR CHECK ARM', 1],
      ['DOOR LATCH', 1],
    ]);
    await closeWarehouse();
  });

  it('is null when no complaint has a component', async () => {
    process.env.COMPLAINT_LENS_DB = await warehouse('without.duckdb', false);
    expect(await loadComponentCauses({})).toBeNull();
  });
});
