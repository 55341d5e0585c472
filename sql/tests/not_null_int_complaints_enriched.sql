-- severity: warn
-- checks: analytic
-- Every complaint gets a category, a category source, a severity grade and its period keys.
select complaint_id, category, category_source, severity_grade, month_start, week_start
from int_complaints_enriched
where category is null
   or category_source is null
   or severity_grade is null
   or month_start is null
   or week_start is null
