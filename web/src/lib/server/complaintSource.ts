// The `from` clause of every query over individual complaints (list, drill-down counts, exports):
// `mart_complaints as c`, one row per complaint with its category and root-cause cluster, so the
// filters of #lib/server/filters.ts are plain column comparisons. A warehouse built before that
// mart existed still shows its complaints: the fallback has the same columns, with category and
// cluster unknown (a category or cluster filter then matches nothing).
import { relationExists } from './db.ts';

const fallback = `(select *, cast(null as varchar) as category, cast(null as integer) as cluster_id,
                         cast(null as varchar) as cluster_label, cast(null as varchar) as severity_grade
                  from complaints) as c`;

export async function complaintSource(): Promise<string> {
  return (await relationExists('mart_complaints')) ? 'mart_complaints as c' : fallback;
}
