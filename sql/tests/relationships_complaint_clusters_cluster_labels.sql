-- relationships_complaint_clusters_cluster_labels: every assigned complaint points at an active
-- cluster with a label (a retired or unknown id would drop out of every root-cause mart).
-- severity: error
-- checks: integrity
select cc.complaint_id, cc.cluster_id
from complaint_clusters as cc
left join cluster_labels as l on l.cluster_id = cc.cluster_id and l.active
where cc.cluster_id is not null and l.cluster_id is null
