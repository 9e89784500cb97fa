-- How many current tasks task_list gives for the same filters (each NULL for all: $task_id,
-- $source_doc, $commune_code, $lead_agency, $only), and how many of them are overdue, due soon,
-- or have a vague latest report: the totals a page prints beside one page of the list.
select
    count(*) as total,
    count(*) filter (where is_overdue) as overdue,
    count(*) filter (where is_due_soon) as due_soon,
    count(*) filter (where is_vague) as vague
from task_selection($due_soon_days, $task_id, $source_doc, $commune_code, $lead_agency, $only)
