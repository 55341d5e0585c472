-- severity: error
-- checks: integrity
-- Every reject and every field-quality row belongs to a recorded load (run and file).
select distinct 'rejects' as source, rejects.run_id, rejects.file
from rejects
left join load_runs on load_runs.run_id = rejects.run_id and load_runs.file = rejects.file
where load_runs.run_id is null

union all

select distinct 'field_quality' as source, field_quality.run_id, field_quality.file
from field_quality
left join load_runs on load_runs.run_id = field_quality.run_id and load_runs.file = field_quality.file
where load_runs.run_id is null
