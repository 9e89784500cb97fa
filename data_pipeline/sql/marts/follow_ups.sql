-- The meeting's follow-up list, in the order the items were marked.
select item_key, domain, title, responsible, deadline, report_text, source_file, report_date, marked_at, marked_by
from follow_ups
order by marked_at, item_key
