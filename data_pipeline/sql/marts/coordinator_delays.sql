-- Coordinating agencies ranked by how often and how late the tasks they coordinate run late:
-- overdue at the report date, or done after the deadline. An agency is counted once on every
-- current task that names it as coordinating (coordinating_agency_list leaves groups out; the list
-- of each row was worked out when it was stored). Stored with each snapshot (marts.STORED).
with named as (
    select unnest(coordinating_list) as agency, status, deadline, completed_on, report_date
    from tasks
),
judged as (
    select
        *,
        status in ('overdue', 'done_late') as is_late,
        case
            when status = 'overdue' then report_date - deadline
            when status = 'done_late' then completed_on - deadline
        end as days_late
    from named
),
per_agency as (
    select
        agency,
        count(*) as tasks_coordinating,
        count(*) filter (where status in ('done_on_time', 'done_late', 'overdue')) as tasks_due,
        count(*) filter (where status = 'done_on_time') as done_on_time,
        count(*) filter (where status = 'overdue') as overdue,
        count(*) filter (where status = 'done_late') as done_late,
        count(*) filter (where is_late) as late,
        round(avg(days_late) filter (where is_late), 1) as avg_days_late,
        max(days_late) filter (where is_late) as max_days_late,
        max(report_date) as report_date
    from judged
    group by agency
),
final as (
    select
        *,
        -- of the tasks whose deadline has come (done, or overdue), the share that ran late
        round(100.0 * late / nullif(tasks_due, 0), 1) as pct_late
    from per_agency
)
select
    rank() over (order by late desc, pct_late desc nulls last, avg_days_late desc nulls last) as rank,
    *
from final
order by rank, agency
