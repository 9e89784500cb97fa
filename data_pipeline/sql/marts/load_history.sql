-- Every load, newest first, for the update page.
select load_id, dataset, file_name, file_sha256, sheet_name, report_date, loaded_at, loaded_by,
       row_count, warning_count, status, reporting_unit, load_kind
from loads
order by loaded_at desc, load_id desc
