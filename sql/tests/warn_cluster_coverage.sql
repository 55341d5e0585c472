-- warn_cluster_coverage: every valid complaint has been through the clustering (assigned or
-- explicitly unassigned). Rows here are complaints loaded after the last clustering run, or a
-- clustering step that did not run.
-- severity: warn
-- checks: analytic
select e.complaint_id
from int_complaints_enriched as e
anti join complaint_clusters as cc on cc.complaint_id = e.complaint_id
where e.is_valid is not false
