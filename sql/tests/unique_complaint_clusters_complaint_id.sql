-- unique_complaint_clusters_complaint_id: the clustering lists every complaint at most once.
-- severity: error
-- checks: integrity
select complaint_id, count(*) as rows
from complaint_clusters
group by complaint_id
having count(*) > 1
