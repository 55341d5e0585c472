-- severity: error
-- checks: integrity
-- Every recommendation has a non-null rec_id of its own: the key of recommendation_log (first
-- raised on) and of every link to a recommendation.
select rec_id, count(*) as copies
from mart_recommendations
group by rec_id
having rec_id is null or count(*) > 1
