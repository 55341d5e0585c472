-- severity: warn
-- checks: analytic
-- More than half of the complaints fell back to 其他 by default: the complaint_type synonyms or
-- the keyword lexicon probably do not fit this export (see docs/config.md, taxonomy).
select
    count(*) filter (where category_source = 'default') as defaulted,
    count(*) as complaints
from int_complaints_enriched
having count(*) >= 20
   and count(*) filter (where category_source = 'default') > 0.5 * count(*)
