-- severity: error
-- checks: integrity
-- The ingest accounting identity: every row read is new, updated, unchanged or rejected.
select run_id, file, rows_read, rows_new, rows_updated, rows_unchanged, rows_rejected
from load_runs
where rows_read <> rows_new + rows_updated + rows_unchanged + rows_rejected
