-- severity: error
-- checks: integrity
-- complaint_versions has one row per (complaint_id, version_no). The base table carries no
-- PRIMARY KEY (an ART index slowed bulk loads), so this test is the guarantee; one current
-- version per complaint is relationships_complaints_versions' job.
select complaint_id, version_no, count(*) as n
from complaint_versions
group by complaint_id, version_no
having count(*) > 1
