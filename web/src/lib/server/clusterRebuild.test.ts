// The Root causes page's rebuild notice: mart_cluster_builds built from its SQL over the clustering
// tables of a tiny warehouse (cluster_builds.changes, cluster_labels), read by loadLastRebuild.
import { describe, expect, it } from 'vitest';
import { loadLastRebuild } from './clusterRebuild.ts';
import { useSqlWarehouse } from '../../../../tests/helpers/sqlTestWarehouse.ts';
import { modelSql } from '../../../../tests/helpers/modelSql.ts';

useSqlWarehouse([
  `create table cluster_labels as select * from (values
      (1, '压缩机噪音'), (2, '物流太慢'), (3, '发票抬头'), (4, '旧的根因')
    ) as t(cluster_id, label)`,
  `create table cluster_builds as select * from (values
      (1, timestamp '2026-03-01 02:00', 'cold', 'first build', 1, 4, cast(null as json)),
      (2, timestamp '2026-03-02 02:00', 'assign', 'nightly assignment', 1, 4, cast(null as json)),
      (3, timestamp '2026-03-03 02:00', 'warm', 'drift past threshold', 3, 3,
       '{"kept": 1, "changed": [{"id": 2, "similarity": 0.71}], "new": [3], "retired": [4]}'::json),
      (4, timestamp '2026-03-04 02:00', 'assign', 'nightly assignment', 3, 3, cast(null as json))
    ) as t(build_id, built_at, mode, reason, fit_build, clusters, changes)`,
  `create table complaint_clusters as select * from (values
      ('C1', 1, 0.2, 3), ('C2', 2, 0.3, 3), ('C3', null, null, 4)
    ) as t(complaint_id, cluster_id, distance, assigned_build)`,
  `create table mart_cluster_builds as ${modelSql('marts/mart_cluster_builds')}`,
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
