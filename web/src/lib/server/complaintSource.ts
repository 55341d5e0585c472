// The `from` clause of every query over individual complaints (list, drill-down counts, exports):
// `mart_complaints as c`, one row per complaint with its category and root-cause cluster, so the
// filters of #lib/server/filters.ts are plain column comparisons. A warehouse whose models are not
// built yet (loaded only: models.ts) still lists its complaints from the journal mart of the
// complaint versions (current ones): the fallback has the complaint columns of mart_complaints,
// with category and cluster unknown (a category or cluster filter then matches nothing). This is
// the one reader that branches on modelsBuilt() rather than leaving it to its page: every page
// over complaints works in both states.
import { modelsBuilt } from './models.ts';

const fallback = `(select *, cast(null as varchar) as category, cast(null as integer) as cluster_id,
                         cast(null as varchar) as cluster_label, cast(null as varchar) as severity_grade
                  from mart_complaint_versions where is_current) as c`;

export async function complaintSource(): Promise<string> {
  return (await modelsBuilt()) ? 'mart_complaints as c' : fallback;
}

/** The join that adds the model columns (category, cluster) to a complaint `c`, either state. */
export async function complaintModelsJoin(): Promise<string> {
  return (await modelsBuilt())
    ? 'left join mart_complaints as m using (complaint_id)'
    : `left join (select cast(null as varchar) as complaint_id, cast(null as varchar) as category,
                         cast(null as integer) as cluster_id, cast(null as varchar) as cluster_label) as m
       using (complaint_id)`;
}
