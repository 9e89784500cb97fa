-- Task counts of the current `tasks` view before and after loading the file, by status.
with statuses(position, status, label) as (
    values (2, 'done_on_time', 'Hoàn thành đúng hạn'),
           (3, 'done_late', 'Hoàn thành chậm'),
           (4, 'in_progress', 'Đang thực hiện'),
           (5, 'overdue', 'Quá hạn'),
           (6, 'not_started', 'Chưa thực hiện')
)
select 1 as position, 'tasks' as measure, 'Tổng số nhiệm vụ' as label, 'count' as kind,
       cast(count(*) filter (where in_before) as double) as before,
       cast(count(*) filter (where in_after) as double) as after
from preview_changes
union all
select s.position, 'tasks_' || s.status, s.label, 'count',
       cast(count(*) filter (where p.status_before = s.status) as double),
       cast(count(*) filter (where p.status_after = s.status) as double)
from statuses s
left join preview_changes p on s.status in (p.status_before, p.status_after)
group by s.position, s.status, s.label
order by position
