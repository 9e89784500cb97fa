-- Current tasks with what a leader asks of each: late? due soon? is its report vague? (task_flags)
-- Filters, each NULL for all: $task_id, $source_doc, $commune_code, $lead_agency, and $only
-- ('overdue', 'due_soon' or 'vague'). $limit / $offset give one page of the ordered list.
with flagged as (
    select * from task_selection($due_soon_days, $task_id, $source_doc, $commune_code, $lead_agency, $only)
),
page as (
    select *
    from flagged
    order by is_overdue desc, days_overdue desc nulls last, is_due_soon desc, days_left nulls last, lead_agency, title,
             task_id
    limit $limit offset $offset
)
select
    p.task_id, p.title, p.source_doc, p.lead_agency, p.coordinating_agencies, p.commune_code, c.commune_name,
    p.deadline, p.is_recurring, p.status, p.completed_on, p.output, p.progress_note, p.report_date, p.source_file,
    p.is_done, p.is_overdue, p.is_due_soon, p.days_overdue, p.days_left, p.is_vague, p.report_score,
    case p.status
        when 'done_on_time' then 'Hoàn thành đúng hạn'
        when 'done_late' then 'Hoàn thành chậm'
        when 'in_progress' then 'Đang thực hiện'
        when 'overdue' then 'Quá hạn'
        when 'not_started' then 'Chưa thực hiện'
    end as status_label
from page p
left join communes c using (commune_code)
order by p.is_overdue desc, p.days_overdue desc nulls last, p.is_due_soon desc, p.days_left nulls last, p.lead_agency,
         p.title, p.task_id
