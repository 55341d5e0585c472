-- severity: warn
-- checks: presentation
-- Every recommendation has a rank from 1 without gaps that follows the one ordering rule
-- (sql/macros/ranking.sql: displayed score descending, then rec_id), a priority that matches its
-- displayed score, the names its texts are worded from, an owner, evidence, at least
-- rec_min_complaints complaints behind it, and a drill-down link.
with recs as (
    select
        *,
        row_number() over (order by rec_rank_key(score, rec_id)) as expected_rank
    from mart_recommendations
)

select rec_id, rank, priority, score, complaints
from recs
cross join int_recommendation_settings as settings
where rank <> expected_rank
    or priority <> rec_priority(score, settings.p1_score, settings.p2_score)
    or score < 0 or score > 100
    or rule is null or message_args is null
    or owner_department is null
    or evidence_json is null
    or (complaints < settings.min_complaints
        and rule not in ('batch_hotspot', 'product_hotspot', 'product_root_cause'))
    or drill is null or drill = ''
    or first_raised_on > last_evidence_on
