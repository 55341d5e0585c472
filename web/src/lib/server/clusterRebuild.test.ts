// The Root causes page's rebuild notice, read from cluster_builds.changes of a tiny warehouse.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWarehouse } from './db.ts';
import { loadLastRebuild } from './clusterRebuild.ts';

let dir: string;
let conn: Awaited<ReturnType<DuckDBInstance['connect']>>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'complaint-lens-rebuild-'));
  const file = path.join(dir, 'warehouse.duckdb');
  const instance = await DuckDBInstance.create(file);
  conn = await instance.connect();
  await conn.run(`
    create table cluster_labels as select * from (values
      (1, '压缩机噪音'), (2, '物流太慢'), (3, '发票抬头'), (4, '旧的根因')
    ) as t(cluster_id, label)`);
  await conn.run(`
    create table cluster_builds as select * from (values
      (1, timestamp '2026-03-01 02:00', 'cold', 'first build', 1, cast(null as json)),
      (2, timestamp '2026-03-02 02:00', 'assign', 'nightly assignment', 1, cast(null as json)),
      (3, timestamp '2026-03-03 02:00', 'warm', 'drift past threshold', 3,
       '{"kept": 1, "changed": [{"id": 2, "similarity": 0.71}], "new": [3], "retired": [4]}'::json),
      (4, timestamp '2026-03-04 02:00', 'assign', 'nightly assignment', 3, cast(null as json))
    ) as t(build_id, built_at, mode, reason, fit_build, changes)`);
  conn.closeSync();
  instance.closeSync();
  process.env.COMPLAINT_LENS_DB = file;
});

afterAll(async () => {
  await closeWarehouse();
  delete process.env.COMPLAINT_LENS_DB;
  await rm(dir, { recursive: true, force: true });
});

describe('loadLastRebuild', () => {
  it("names the clusters the current model's rebuild changed, added and retired, also on the nights after it", async () => {
    const n = await loadLastRebuild();
    expect(n).toEqual({
      buildId: 3,
      builtAt: '2026-03-03 02:00',
      mode: 'warm',
      reason: 'drift past threshold',
      kept: 1,
      changed: [{ id: '2', label: '物流太慢' }],
      added: [{ id: '3', label: '发票抬头' }],
      retired: [{ id: '4', label: '旧的根因' }],
    });
  });
});
