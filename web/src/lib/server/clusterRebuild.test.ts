// The Root causes page's rebuild notice, read from cluster_builds.changes of a tiny warehouse.
import { describe, expect, it } from 'vitest';
import { loadLastRebuild } from './clusterRebuild.ts';
import { useSqlWarehouse } from '../../../../tests/helpers/sqlTestWarehouse.ts';

useSqlWarehouse([
  `create table cluster_labels as select * from (values
      (1, '压缩机噪音'), (2, '物流太慢'), (3, '发票抬头'), (4, '旧的根因')
    ) as t(cluster_id, label)`,
  `create table cluster_builds as select * from (values
      (1, timestamp '2026-03-01 02:00', 'cold', 'first build', 1, cast(null as json)),
      (2, timestamp '2026-03-02 02:00', 'assign', 'nightly assignment', 1, cast(null as json)),
      (3, timestamp '2026-03-03 02:00', 'warm', 'drift past threshold', 3,
       '{"kept": 1, "changed": [{"id": 2, "similarity": 0.71}], "new": [3], "retired": [4]}'::json),
      (4, timestamp '2026-03-04 02:00', 'assign', 'nightly assignment', 3, cast(null as json))
    ) as t(build_id, built_at, mode, reason, fit_build, changes)`,
]);

describe('loadLastRebuild', () => {
  it("names the clusters the current model's rebuild changed, added and retired, also on the nights after it", async () => {
    expect(await loadLastRebuild()).toEqual({
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
