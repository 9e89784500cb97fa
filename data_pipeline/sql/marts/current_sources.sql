-- The file and as-of date behind each dataset shown now: where every figure of a page or the brief came from.
select dataset, load_id, file_name, report_date, reporting_unit, loaded_at, row_count
from current_loads
order by dataset, reporting_unit nulls first, load_id
