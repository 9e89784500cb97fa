-- Current tasks with what a leader asks of each: late? due soon? is its report vague?
with tasks_now as (
    select t.*, c.commune_name
    from tasks t
    left join communes c using (commune_code)
),
flags as (
    select
        *,
        status in ('done_on_time', 'done_late') as is_done,
        status = 'overdue' as is_overdue,
        status in ('in_progress', 'not_started') and deadline is not null
            and deadline between report_date and report_date + cast($due_soon_days as integer) as is_due_soon,
        case when status = 'overdue' then report_date - deadline end as days_overdue,
        case when status in ('in_progress', 'not_started') and deadline is not null
             then deadline - report_date end as days_left,
        status not in ('done_on_time', 'done_late') and is_vague_report(progress_note) as is_vague,
        report_score(progress_note) as report_score
    from tasks_now
)
select
    task_id, title, source_doc, lead_agency, coordinating_agencies, commune_code, commune_name,
    deadline, is_recurring, status, completed_on, output, progress_note, report_date, source_file,
    is_done, is_overdue, is_due_soon, days_overdue, days_left, is_vague, report_score,
    case status
        when 'done_on_time' then 'Hoàn thành đúng hạn'
        when 'done_late' then 'Hoàn thành chậm'
        when 'in_progress' then 'Đang thực hiện'
        when 'overdue' then 'Quá hạn'
        when 'not_started' then 'Chưa thực hiện'
    end as status_label
from flags
order by is_overdue desc, days_overdue desc nulls last, is_due_soon desc, days_left nulls last, lead_agency, title
