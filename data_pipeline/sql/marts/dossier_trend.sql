-- The province's dossiers report after report (every active load): how the backlog past due moves.
with per_load as (
    select l.load_id, l.report_date, max(l.loaded_at) as loaded_at,
           sum(s.received_total) as received_total,
           sum(s.settled_total) as settled_total,
           sum(s.settled_late) as settled_late,
           sum(s.pending_total) as pending_total,
           sum(s.pending_overdue) as pending_overdue,
           dossier_on_time_pct(sum(s.settled_early), sum(s.settled_on_time), sum(s.settled_late)) as on_time_pct
    from stg_dossiers s join loads l on l.load_id = s.load_id and l.status = 'active'
    group by l.load_id, l.report_date
)
select report_date, received_total, settled_total, settled_late, pending_total, pending_overdue,
       round(on_time_pct, 1) as on_time_pct
from per_load
qualify row_number() over (partition by report_date order by loaded_at desc, load_id desc) = 1
order by report_date
