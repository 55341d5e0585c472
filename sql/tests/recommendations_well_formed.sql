-- severity: error
-- Every recommendation has a distinct rec_id, a rank from 1 without gaps that follows the score,
-- a priority that matches its score, texts in both languages, an owner, evidence, at least
-- rec_min_complaints complaints behind it, and a drill-down link.
with recs as (
    select
        *,
        row_number() over (order by score desc, rec_id) as expected_rank,
        count(*) over (partition by rec_id) as copies
    from mart_recommendations
)

select rec_id, rank, priority, score, complaints
from recs
cross join int_recommendation_settings as settings
where rec_id is null
    or copies > 1
    or rank <> expected_rank
    or priority <> case when score >= settings.p1_score then 'P1' when score >= settings.p2_score then 'P2' else 'P3' end
    or score < 0 or score > 100
    or title_zh is null or title_en is null or action_zh is null or action_en is null
    or owner_department is null
    or evidence_json is null
    or (complaints < settings.min_complaints
        and rule not in ('batch_hotspot', 'product_hotspot', 'product_root_cause'))
    or drill is null or drill = ''
    or first_raised_on > last_evidence_on
