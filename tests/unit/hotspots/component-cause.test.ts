// int_batch_complaint_clusters, the one seam the hot-spot models read a complaint's cause from:
// the export's component when it has a real one, else the text cluster.
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../pipeline/db.ts';
import { buildModels, loadComplaints, openHotspotDb } from '../../helpers/hotspotWarehouse.ts';

let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});

describe('int_batch_complaint_clusters', () => {
  it('uses the component as the cause, falls back to the cluster for none or a placeholder', async () => {
    db = await openHotspotDb();
    await loadComplaints(db, [
      { complaint_id: 'a', received_date: '2025-01-02', product: 'P', component: 'DOOR LATCH' },
      {
        complaint_id: 'b',
        received_date: '2025-01-02',
        product: 'P',
        component: 'UNKNOWN OR OTHER',
      },
      { complaint_id: 'c', received_date: '2025-01-02', product: 'P', component: null },
      { complaint_id: 'd', received_date: '2025-01-02', product: 'P', component: '其他' },
      { complaint_id: 'e', received_date: '2025-01-02', product: 'P', component: 'E21' },
    ]);
    await db.run(`insert into int_cluster_assignments values
      ('a', '7', 'door will not close'), ('b', '7', 'door will not close'), ('c', '8', 'wiper'),
      ('d', '8', 'wiper')`);
    await buildModels(db, ['intermediate/int_batch_complaint_clusters']);
    const rows = await db.all<{ complaint_id: string; cluster_id: string; cluster_label: string }>(
      'select * from int_batch_complaint_clusters order by complaint_id',
    );
    expect(rows).toEqual([
      { complaint_id: 'a', cluster_id: 'component:DOOR LATCH', cluster_label: 'DOOR LATCH' },
      { complaint_id: 'b', cluster_id: '7', cluster_label: 'door will not close' },
      { complaint_id: 'c', cluster_id: '8', cluster_label: 'wiper' },
      { complaint_id: 'd', cluster_id: '8', cluster_label: 'wiper' },
      { complaint_id: 'e', cluster_id: 'component:E21', cluster_label: 'E21' },
    ]);
  });
});
