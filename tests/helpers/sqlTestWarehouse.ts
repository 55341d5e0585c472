// Test helper (not app code): a warehouse file in a temp dir with the SQL macros (as the runner
// creates them: the dashboard calls some, e.g. pareto) and the given SQL statements, served to the
// server modules through COMPLAINT_LENS_DB for the tests of one file, removed after.
import { afterAll, beforeAll } from 'vitest';
import {
  serveWarehouse,
  stopServingWarehouse,
  warehouseDir,
  writeWarehouse,
  type WarehouseDir,
} from './warehouse.ts';

export function useSqlWarehouse(
  statements: readonly string[],
  setup: { baseTables?: boolean } = {},
): void {
  let dir: WarehouseDir | undefined;
  beforeAll(async () => {
    dir = await warehouseDir('complaint-lens-sql-');
    const file = await writeWarehouse(
      dir.file(),
      async (conn) => {
        for (const sql of statements) await conn.run(sql);
      },
      { macros: true, ...setup },
    );
    await serveWarehouse(file);
  });
  afterAll(async () => {
    await stopServingWarehouse();
    await dir?.remove();
  });
}
