-- One line per lead agency: what it was given and how it is doing, worst first.
-- $source_doc narrows it to the tasks of one directive (NULL: all).
with tasks_now as (
    select * from tasks where $source_doc is null or source_doc = $source_doc
),
per_agency as (
    select
        coalesce(lead_agency, '(chưa ghi cơ quan)') as lead_agency,
        count(*) as assigned,
        count(*) filter (where status = 'done_on_time') as done_on_time,
        count(*) filter (where status = 'done_late') as done_late,
        count(*) filter (where status = 'in_progress') as in_progress,
        count(*) filter (where status = 'not_started') as not_started,
        count(*) filter (where status = 'overdue') as overdue,
        max(report_date) as report_date
    from tasks_now
    group by all
)
select
    *,
    round(100.0 * done_on_time / nullif(done_on_time + done_late + overdue, 0), 1) as pct_on_time
from per_agency
order by overdue desc, pct_on_time asc nulls last, lead_agency
