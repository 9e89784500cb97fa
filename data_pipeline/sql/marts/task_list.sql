-- Current tasks with what a leader asks of each: late? due soon? is its report vague? (task_flags)
-- Filters, each NULL for all: $task_id, $source_doc, $commune_code, $lead_agency, and $only
-- ('overdue', 'due_soon' or 'vague'). $limit / $offset give one page of the ordered list.
select
    t.task_id, t.title, t.source_doc, t.lead_agency, t.coordinating_agencies, t.commune_code, c.commune_name,
    t.deadline, t.is_recurring, t.status, t.completed_on, t.output, t.progress_note, t.report_date, t.source_file,
    t.is_done, t.is_overdue, t.is_due_soon, t.days_overdue, t.days_left, t.is_vague, t.report_score,
    case t.status
        when 'done_on_time' then 'Hoàn thành đúng hạn'
        when 'done_late' then 'Hoàn thành chậm'
        when 'in_progress' then 'Đang thực hiện'
        when 'overdue' then 'Quá hạn'
        when 'not_started' then 'Chưa thực hiện'
    end as status_label
from task_selection($due_soon_days, $task_id, $source_doc, $commune_code, $lead_agency, $only) t
left join communes c using (commune_code)
order by t.is_overdue desc, t.days_overdue desc nulls last, t.is_due_soon desc, t.days_left nulls last, t.lead_agency,
         t.title, t.task_id
limit $limit offset $offset
