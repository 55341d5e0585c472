-- severity: warn
-- checks: presentation
-- Every batch hot spot not already covered by an open action has exactly one recommendation
-- (rule batch_hotspot) whose drill-down lists exactly the batch's complaints, and a covered one
-- none: a defective batch must never be left without an action, nor get several.
with hotspots as (
    select product || ' · ' || batch as subject_key, complaints, is_covered_by_action
    from mart_batch_hotspots
    where is_hotspot
),

recs as (
    select subject_key, count(*) as recs, max(complaints) as complaints
    from mart_recommendations
    where rule = 'batch_hotspot'
    group by subject_key
)

select hotspots.subject_key, hotspots.complaints, recs.recs, recs.complaints as rec_complaints
from hotspots
left join recs using (subject_key)
where (not hotspots.is_covered_by_action and (recs.recs is distinct from 1 or recs.complaints <> hotspots.complaints))
    or (hotspots.is_covered_by_action and recs.recs is not null)
