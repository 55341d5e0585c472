// The recorded-cause facet of the Root causes page against a tiny warehouse: components counted
// under the filters with the main text cluster of each, and null when nothing carries a component.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadComponentCauses } from './componentCauses.ts';
import {
  serveWarehouse,
  stopServingWarehouse,
  warehouseDir,
  writeWarehouse,
  type WarehouseDir,
} from '../../../../tests/helpers/warehouse.ts';

let dir: WarehouseDir;

async function warehouse(name: string, withComponents: boolean): Promise<string> {
  return writeWarehouse(dir.file(name), async (conn) => {
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
  });
}

beforeAll(async () => {
  dir = await warehouseDir('complaint-lens-components-');
});

afterAll(async () => {
  await stopServingWarehouse();
  await dir?.remove();
});

describe('loadComponentCauses', () => {
  it('counts components with their main text cluster, under the filters', async () => {
    await serveWarehouse(await warehouse('with.duckdb', true));
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
  });

  it('is null when no complaint has a component', async () => {
    await serveWarehouse(await warehouse('without.duckdb', false));
    expect(await loadComponentCauses({})).toBeNull();
  });
});
