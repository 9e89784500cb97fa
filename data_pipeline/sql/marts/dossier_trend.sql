-- The province's dossiers at the end of every month that has reports: how the backlog past due
-- moves, every unit's newest report merged as the current view merges them (dossiers_at).
with points as (
    select list(as_of) as as_ofs from month_checkpoints where dataset = 'dossiers'
),
per_point as (
    select as_of as report_date,
           sum(received_total) as received_total,
           sum(settled_total) as settled_total,
           sum(settled_late) as settled_late,
           sum(pending_total) as pending_total,
           sum(pending_overdue) as pending_overdue,
           dossier_on_time_pct(sum(settled_early), sum(settled_on_time), sum(settled_late)) as on_time_pct
    from dossiers_at((select as_ofs from points))
    group by as_of
)
select report_date, received_total, settled_total, settled_late, pending_total, pending_overdue,
       round(on_time_pct, 1) as on_time_pct
from per_point
order by report_date
