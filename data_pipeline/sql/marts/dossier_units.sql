-- Administrative dossiers per unit in the current report: received, settled on time or late,
-- pending past due, and whether its backlog needs a leader's attention.
with units as (
    select d.*, c.commune_name,
           dossier_on_time_pct(settled_early, settled_on_time, settled_late) as on_time_pct
    from dossiers d
    left join communes c using (commune_code)
)
select
    unit_key, unit_name, unit_group, field, commune_code, commune_name,
    period_start, period_end,
    carried_over, received_new, received_online, received_total,
    settled_early, settled_on_time, settled_late, settled_total,
    pending_in_time, pending_overdue, pending_total,
    round(on_time_pct, 1) as on_time_pct,
    round(100.0 * pending_overdue / nullif(pending_total, 0), 1) as overdue_share_pct,
    dossier_state(pending_overdue, on_time_pct, $dossier_overdue_red, $dossier_on_time_min_pct) as state,
    report_date, source_file, source_row
from units
order by coalesce(pending_overdue, 0) desc, coalesce(settled_late, 0) desc, source_row
