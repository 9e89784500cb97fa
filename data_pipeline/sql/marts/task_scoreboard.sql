-- One line per lead agency: what it was given and how it is doing, worst first. Tasks given to a
-- group or to several agencies ("Các sở, ngành, địa phương", "Sở Tài chính; Thống kê tỉnh") are
-- counted on a line of their own, 'Nhiều cơ quan' (is_shared_line), below the agencies, so that no
-- agency's figures carry them; task_list given the line (lead_agency) lists any line's tasks.
-- $source_doc narrows it to the tasks of one directive (NULL: all).
with tasks_now as (
    select * from tasks where $source_doc is null or source_doc = $source_doc
),
per_lead as (
    select
        lead_agency,
        count(*) as assigned,
        count(*) filter (where status = 'done_on_time') as done_on_time,
        count(*) filter (where status = 'done_late') as done_late,
        count(*) filter (where status = 'in_progress') as in_progress,
        count(*) filter (where status = 'not_started') as not_started,
        count(*) filter (where status = 'overdue') as overdue,
        max(report_date) as report_date
    from tasks_now
    group by all
),
per_line as (  -- lead_line once per distinct lead, not per task: its regular expressions are slow
    select
        lead_line(lead_agency) as lead_agency,
        bool_or(lead_is_group(lead_agency)) as is_shared_line,
        sum(assigned)::bigint as assigned,
        sum(done_on_time)::bigint as done_on_time,
        sum(done_late)::bigint as done_late,
        sum(in_progress)::bigint as in_progress,
        sum(not_started)::bigint as not_started,
        sum(overdue)::bigint as overdue,
        max(report_date) as report_date
    from per_lead
    group by 1
)
select
    *,
    round(100.0 * done_on_time / nullif(done_on_time + done_late + overdue, 0), 1) as pct_on_time
from per_line
order by is_shared_line, overdue desc, pct_on_time asc nulls last, lead_agency
