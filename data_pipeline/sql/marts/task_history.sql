-- Every load's view of a task ($task_id; NULL: every task): how its status and report moved month by month.
select
    s.task_id, s.title, s.lead_agency, s.deadline, s.status, s.completed_on, s.progress_note,
    s.report_date, l.load_id, l.file_name as source_file, l.loaded_at
from stg_tasks s
join loads l on l.load_id = s.load_id and l.status = 'active'
where $task_id is null or s.task_id = $task_id
order by s.task_id, s.report_date, l.loaded_at
