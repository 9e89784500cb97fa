-- Coordinating agencies ranked by how often and how late the tasks they coordinate run late:
-- overdue at the report date, or done after the deadline. An agency is counted once on every
-- current task that names it as coordinating (coordinating_agency_list leaves groups out).
-- Each load's figures were worked out when it was stored (task_coordination_by_load); this adds
-- up the current loads, those of the `tasks` view.
with per_agency as (
    select
        c.agency,
        sum(c.tasks_coordinating)::bigint as tasks_coordinating,
        sum(c.tasks_due)::bigint as tasks_due,
        sum(c.done_on_time)::bigint as done_on_time,
        sum(c.overdue)::bigint as overdue,
        sum(c.done_late)::bigint as done_late,
        sum(c.late)::bigint as late,
        round(sum(c.days_late_sum) / nullif(sum(c.days_late_count), 0), 1) as avg_days_late,
        max(c.max_days_late) as max_days_late,
        max(c.report_date) as report_date
    from task_coordination_by_load c
    join current_loads l on l.load_id = c.load_id and l.dataset = 'tasks'
    group by c.agency
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
