-- severity: error
-- checks: integrity
-- One enriched row per complaint, and none lost on the way from the complaints table.
with counts as (
    select complaint_id, count(*) as n
    from int_complaints_enriched
    group by complaint_id
    having count(*) > 1
),

missing as (
    select complaint_id, 0 as n
    from complaints
    where complaint_id not in (select complaint_id from int_complaints_enriched)
),

final as (
    select * from counts
    union all
    select * from missing
)

select * from final
