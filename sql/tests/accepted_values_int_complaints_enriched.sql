-- severity: warn
-- checks: analytic
-- category is in the handbook's set, category_source and severity_grade in theirs.
select complaint_id, category, category_source, severity_grade
from int_complaints_enriched
where category not in (select category from cfg_categories)
   or category_source not in ('type', 'text', 'default')
   or severity_grade not in (select severity from cfg_severity_grades)
