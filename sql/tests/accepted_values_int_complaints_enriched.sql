-- severity: warn
-- checks: analytic
-- category is in the handbook's set (or, with category_source 'export', the export's own category
-- kept as itself), category_source and severity_grade in theirs.
select complaint_id, category, category_source, severity_grade
from int_complaints_enriched
where (category not in (select category from cfg_categories) and category_source <> 'export')
   or category_source not in ('type', 'export', 'text', 'default')
   or severity_grade not in (select severity from cfg_severity_grades)
