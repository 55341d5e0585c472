-- severity: warn
-- checks: analytic
-- A batch cannot be flagged before it was made, nor after the data ends; and every batch flagged
-- today has a first flag date (sequential monitoring reaches today's decision on data_end).
select product, batch, production_date, first_flagged_on, as_of_date
from mart_batch_hotspots
where first_flagged_on < production_date
    or first_flagged_on > as_of_date
    or (is_hotspot and first_flagged_on is null)
